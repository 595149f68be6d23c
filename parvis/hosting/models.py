"""The hosting log that French law asks of a host (LCEN art. 6-II, décret n° 2011-219): for every creation, change
and deletion of content and every sign-in, when, by which account, from which address and source port, and on what.

It is not the application's log (the request log holds no address) nor the audit log (acts of authority, read by
the operator): it is kept for one year (`hosting_log_purge`), read only by the people holding the dedicated
permission (`hosting_log.read`), and handed to a judge on request as a CSV file. It names its object by the
registry's kind and an id, and the account by id and e-mail address as they were: rows outlive what they speak of.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Act(models.TextChoices):
    CREATE = "create", _("creation")
    UPDATE = "update", _("change")
    DELETE = "delete", _("deletion")
    SIGN_IN = "sign_in", _("sign-in")


class HostingRecordQuerySet(models.QuerySet):
    def between(self, start, end):
        """Rows from `start` (included) to `end` (excluded); either may be None."""
        queryset = self
        if start is not None:
            queryset = queryset.filter(at__gte=start)
        if end is not None:
            queryset = queryset.filter(at__lt=end)
        return queryset

    def of_account(self, account_id: int | None):
        return self if account_id is None else self.filter(account_id=account_id)

    def older_than(self, moment):
        return self.filter(at__lt=moment)


class HostingRecord(models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # No foreign key: the law keeps the row a year, the account may be deleted before.
    account_id = models.PositiveBigIntegerField(_("account"), null=True, blank=True, db_index=True)
    account_email = models.CharField(_("account's e-mail address"), max_length=254, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    port = models.PositiveIntegerField(_("source port"), null=True, blank=True)
    act = models.CharField(_("act"), max_length=8, choices=Act.choices)
    # The registry's kind ("post", "person") and the object's id.
    kind = models.CharField(_("kind"), max_length=32, blank=True)
    object_id = models.PositiveBigIntegerField(_("object"), null=True, blank=True)

    objects = HostingRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("hosting log record")
        verbose_name_plural = _("hosting log")
        # Not the administration's view or change permissions: staff alone must not read it.
        default_permissions = ()
        permissions = [("read_hosting_log", _("Can read and export the hosting log"))]
        indexes = [models.Index(fields=["account_id", "at"], name="hosting_account_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.act} {self.kind} {self.object_id} by {self.account_id}"
