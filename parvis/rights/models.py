from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.media import private_storage


class ExportStatus(models.TextChoices):
    PREPARING = "preparing", _("being prepared")
    READY = "ready", _("ready to download")
    DOWNLOADED = "downloaded", _("downloaded")
    FAILED = "failed", _("failed")


class DataExportQuerySet(models.QuerySet):
    def current_for(self, user):
        """The person's latest export still worth showing: being prepared, or ready and not yet expired."""
        return (
            self.filter(user=user, status__in=[ExportStatus.PREPARING, ExportStatus.READY])
            .filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now()))
            .order_by("-created_at", "-pk")
            .first()
        )


class DataExport(models.Model):
    """A zip of everything a person wrote or that is about them, prepared by a task and downloaded once through a
    signed link (`rights.services.export_link`). The file lives in the private storage and goes after the download
    or on expiry (`retention`: rule "data exports")."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(max_length=12, choices=ExportStatus.choices, default=ExportStatus.PREPARING)
    file = models.FileField(upload_to="exports/", storage=private_storage, blank=True)
    # Part of the signed link: a link signed for an earlier export of the same row never opens this one.
    nonce = models.CharField(max_length=32)
    created_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    objects = DataExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("data export")
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"export {self.pk} of {self.user_id} ({self.status})"
