"""The download of all my data, for API clients: ask for one, see where it stands. Deleting the account is not
here: it asks for the password or a second factor, which a token must not stand for."""

from datetime import datetime

from django.urls import reverse
from ninja import Router, Schema, Status

from parvis.core.api_auth import SIGNED_IN
from parvis.core.links import absolute_url

from . import services
from .models import DataExport, ExportStatus

router = Router(tags=["me"], auth=SIGNED_IN)


class ExportOut(Schema):
    status: str
    created_at: datetime | None = None
    expires_at: datetime | None = None
    # The single-use link, once ready; it opens for the owner signed in on the site.
    download_url: str | None = None


def _out(export: DataExport | None) -> dict:
    if export is None:
        return {"status": "none"}
    ready = export.status == ExportStatus.READY
    return {
        "status": export.status,
        "created_at": export.created_at,
        "expires_at": export.expires_at,
        "download_url": absolute_url(reverse("rights:export_download", kwargs={"link": services.export_link(export)}))
        if ready
        else None,
    }


@router.get("", response=ExportOut, summary="Where my data download stands")
def export_status(request):
    return _out(DataExport.objects.current_for(request.auth))


@router.post("", response={202: ExportOut}, summary="Ask for a download of all my data")
def export_ask(request):
    export = services.export_request(user=request.auth)
    return Status(202, _out(DataExport.objects.filter(pk=export.pk).first()))
