"""The authorities' news through the API: a space's bulletins (those the caller may read), a preview of a segment's
size and sending, with a write token. The same services and the same rule as the pages."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from parvis.core.api_auth import PUBLIC, SIGNED_IN
from parvis.core.schemas import ErrorOut, Id, Text
from parvis.core.submission import submit_once
from parvis.spaces.models import Space

from . import services
from .models import LINK_LIMIT, TEXT_LIMIT, TITLE_LIMIT, Bulletin, Theme

router = Router(tags=["bulletins"])


class BulletinOut(Schema):
    id: int
    space_slug: str
    space_name: str
    title: str
    text: str
    link: str
    public: bool
    sent_at: datetime
    url: str


class SegmentIn(Schema):
    territory: Id | None = Field(None, description="A commune, quartier or residence within the space's territory")
    groups: list[Id] = Field(default_factory=list, max_length=50, description="Groups you administer")
    themes: list[Theme] = Field(default_factory=list, max_length=len(Theme.values))


class BulletinIn(SegmentIn):
    title: Text(TITLE_LIMIT)
    text: Text(TEXT_LIMIT)
    link: Text(LINK_LIMIT) = ""
    public: bool = True


class PreviewOut(Schema):
    in_app: str = Field(description='How many people it reaches in the app ("fewer than 5" under 5)')
    email: str = Field(description="How many of them by e-mail (those who said yes)")


def _out(bulletin: Bulletin) -> dict:
    return {
        "id": bulletin.pk,
        "space_slug": bulletin.space.slug,
        "space_name": bulletin.space.name,
        "title": bulletin.title,
        "text": bulletin.text,
        "link": bulletin.link,
        "public": bulletin.public,
        "sent_at": bulletin.sent_at,
        "url": bulletin.get_absolute_url(),
    }


def _segment(payload: SegmentIn) -> dict:
    return {
        "territory_id": payload.territory,
        "group_ids": payload.groups,
        "themes": [str(theme.value) for theme in payload.themes],
    }


@router.get(
    "/space/{slug}", response={200: list[BulletinOut], 404: ErrorOut}, auth=PUBLIC, summary="The news of a space"
)
def bulletin_list(request, slug: str):
    space = get_object_or_404(Space.objects.readable_by(request.auth), slug=slug)
    return [_out(b) for b in Bulletin.objects.visible_to(request.auth).filter(space=space).for_list()[:50]]


@router.get("/{bulletin_id}", response={200: BulletinOut, 404: ErrorOut}, auth=PUBLIC, summary="One bulletin")
def bulletin_detail(request, bulletin_id: int):
    return _out(get_object_or_404(Bulletin.objects.visible_to(request.auth).for_list(), pk=bulletin_id))


@router.post(
    "/space/{slug}/preview",
    response={200: PreviewOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="How many people a segment reaches, in the app and by e-mail (never who)",
)
def bulletin_preview(request, slug: str, payload: SegmentIn):
    space = get_object_or_404(Space.objects.listed_for(request.auth), slug=slug)
    return services.bulletin_preview(actor=request.auth, space=space, **_segment(payload))


@router.post(
    "/space/{slug}",
    response={201: BulletinOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    auth=SIGNED_IN,
    summary="Send news to a segment (administrators of an official space)",
)
def bulletin_send(request, slug: str, payload: BulletinIn):
    space = get_object_or_404(Space.objects.listed_for(request.auth), slug=slug)
    bulletin, _created = submit_once(
        request,
        user=request.auth,
        kind="bulletin",
        create=lambda: services.bulletin_send(
            actor=request.auth,
            space=space,
            title=payload.title,
            text=payload.text,
            link=payload.link,
            public=payload.public,
            **_segment(payload),
        ),
        find=lambda pk: Bulletin.objects.filter(pk=pk, space=space).first(),
    )
    return 201, _out(Bulletin.objects.for_list().get(pk=bulletin.pk))
