"""Alerts under /api/v1/alerts: the current alerts of the caller's area, sending one, closing it. The same services
and visibility rule as the pages: an alert one may not read is a 404, as on its page."""

import base64
import binascii
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from parvis.core.api_auth import SIGNED_IN
from parvis.core.links import absolute_url
from parvis.core.media import media_url
from parvis.core.schemas import ErrorOut, Id, Text
from parvis.spaces.models import Space
from parvis.territories.models import Territory

from . import services
from .models import Alert, AlertKind

router = Router(tags=["alerts"])


class AlertOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    text: str
    area_id: int
    area_name: str
    sender_name: str
    official_space_slug: str
    status: str
    created_at: datetime
    expires_at: datetime
    photo_url: str
    photo_alt: str
    url: str


class AlertIn(Schema):
    area_id: Id = Field(description="The residence, quartier or commune the alert goes to")
    kind: Text(16) = Field(description=f"One of: {', '.join(AlertKind.values)}")
    title: Text(120) = ""
    text: Text(2000) = ""
    hours: int | None = Field(default=None, ge=1, le=24 * 7, description="How long it is shown; the kind's default")
    official_space_slug: Text(220) = Field(default="", description="Send as this official space (its officers)")
    photo: Text(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) = Field(
        default="", description="One photo, in base64 (JPEG, PNG, WebP)"
    )
    photo_alt: Text(500) = ""


def _alert_out(alert: Alert) -> dict:
    return {
        "id": alert.pk,
        "kind": alert.kind,
        "kind_label": alert.get_kind_display(),
        "title": alert.title,
        "text": alert.text,
        "area_id": alert.area_id,
        "area_name": alert.area.name,
        "sender_name": alert.sender.public_name,
        "official_space_slug": alert.official_space.slug if alert.official_space else "",
        "status": alert.status,
        "created_at": alert.created_at,
        "expires_at": alert.expires_at,
        "photo_url": absolute_url(media_url(alert, "photo")) if alert.photo else "",
        "photo_alt": alert.photo_alt,
        "url": absolute_url(alert.get_absolute_url()),
    }


def _visible(request, alert_id: int) -> Alert:
    return get_object_or_404(Alert.objects.visible_to(request.auth).for_list(), pk=alert_id)


@router.get("", response=list[AlertOut], auth=SIGNED_IN, summary="The current alerts of my area")
def alert_list(request):
    return [_alert_out(alert) for alert in Alert.objects.visible_to(request.auth).current().for_list()[:100]]


@router.get("/{alert_id}", response={200: AlertOut, 404: ErrorOut}, auth=SIGNED_IN, summary="One alert")
def alert_detail(request, alert_id: Id):
    return _alert_out(_visible(request, alert_id))


@router.post(
    "",
    response={201: AlertOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    auth=SIGNED_IN,
    summary="Send an alert to a residence, a quartier or a commune (verified residents; the town hall's officers)",
)
def alert_create(request, payload: AlertIn):
    area = get_object_or_404(Territory, pk=payload.area_id)
    space = None
    if payload.official_space_slug:
        space = get_object_or_404(Space.objects.official(), slug=payload.official_space_slug)
    photo = None
    if payload.photo:
        try:
            photo = SimpleUploadedFile("photo", base64.b64decode(payload.photo, validate=True))
        except (binascii.Error, ValueError) as error:
            raise ValidationError(
                {"photo": _("The photo is not valid base64: send the file's bytes encoded in base64.")}
            ) from error
    alert = services.alert_send(
        sender=request.auth,
        area=area,
        official_space=space,
        kind=payload.kind,
        title=payload.title,
        text=payload.text,
        hours=payload.hours,
        photo=photo,
        photo_alt=payload.photo_alt,
    )
    return Status(201, _alert_out(_visible(request, alert.pk)))


@router.post(
    "/{alert_id}/resolve",
    response={200: AlertOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Close an alert early (“Found!”): its sender, or the officers of the space it was sent for",
)
def alert_resolve(request, alert_id: Id):
    alert = services.alert_resolve(user=request.auth, alert=_visible(request, alert_id))
    return _alert_out(_visible(request, alert.pk))
