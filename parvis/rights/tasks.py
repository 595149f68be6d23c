from django.urls import reverse
from django_tasks import task

from parvis.core.links import absolute_url
from parvis.core.mail import compose, deliver, mail_task

from .models import DataExport, ExportStatus
from .services import export_build, export_link


@task()
def export_build_task(*, export_id: int) -> str:
    return export_build(export_id=export_id)


@mail_task
def export_ready_email(*, export_id: int) -> int:
    """Tell the person their download is ready, with its single-use link (which also asks them to be signed in)."""
    export = DataExport.objects.select_related("user").filter(pk=export_id, status=ExportStatus.READY).first()
    if export is None or not export.user.is_active:
        return 0
    link = absolute_url(reverse("rights:export_download", kwargs={"link": export_link(export)}))
    message = compose(
        kind="rights_export_ready",
        to=export.user,
        context={"link": link, "expires_at": export.expires_at, "page": absolute_url(reverse("rights:data"))},
    )
    return deliver(message, key=f"rights:export:{export.pk}")
