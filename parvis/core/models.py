from django.db import models


class RateCounter(models.Model):
    """One window of one rate limit (parvis/core/ratelimit.py) when the cache is not Redis: moved only by single
    atomic statements, so that simultaneous requests in several worker processes never undercount. Rows whose window
    has ended are purged as counting goes on."""

    # The limit's key and period ("post:42/600"), hashed when too long (an e-mail address may fill 254 characters).
    key = models.CharField(max_length=255)
    # The window's number since the epoch: its start time divided by the period.
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="core_ratecounter_key_window")]

    def __str__(self) -> str:
        return f"{self.key} #{self.window}: {self.count}"


class MailClaim(models.Model):
    """One e-mail to one address, claimed before it leaves (`core.mail.deliver`): a task that runs twice, or is
    retried after a partial failure, finds the claim and does not send again. Removed when sending fails, so that
    the retry sends."""

    # What the e-mail is ("agenda.cancelled:event:12", "notification:40"): the same key for every run of a task.
    key = models.CharField(max_length=200)
    address = models.CharField(max_length=254)
    claimed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "address"], name="core_mailclaim_key_address")]

    def __str__(self) -> str:
        return f"{self.key} → {self.address}"


# The audit log's model lives beside its one writer, `audit()`.
from .audit import AuditEntry  # noqa: E402, F401
