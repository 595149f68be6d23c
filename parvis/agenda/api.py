"""The agenda through the API: events, participation, the common agenda. Same services, same visibility rule."""

import base64
import binascii
from datetime import date, datetime, timedelta
from typing import Annotated

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from parvis.core.api_auth import PUBLIC, SIGNED_IN
from parvis.core.cursors import decode_cursor, encode_position
from parvis.core.pagecache import write_changes_only_counts
from parvis.core.pagination import MAX_LIMIT
from parvis.core.schemas import Count, DateTime, ErrorOut, Text, column_text
from parvis.core.submission import submit_once
from parvis.spaces.models import Space
from parvis.territories.models import Level, Territory

from . import recurrence
from .media import IMAGE_MAX_BYTES, event_update_with_image
from .models import AgendaSubmission, Category, Event, Occurrence, Rsvp, RsvpStatus
from .services import events as event_services
from .services import rsvps, submissions
from .services.replays import replays_for


class EventOut(Schema):
    id: int
    title: str
    description: str
    start: datetime
    end: datetime
    time_zone: str
    all_day: bool
    rrule: str
    # Removed from the repetition: local dates ("2026-06-06"), or local date-times for an occurrence at another time.
    exdates: list[str]
    venue_name: str
    address: str
    commune_code: str | None
    latitude: float | None
    longitude: float | None
    category: str
    is_free: bool
    price_text: str
    accessibility: list[str]
    online_url: str
    status: str
    cancel_reason: str
    capacity: int | None
    going_count: int
    approval_required: bool
    question: str
    space_slug: str
    url: str

    @staticmethod
    def resolve_exdates(event):
        # A row stored by an older version or by hand may hold anything there: only a list of dates is given out.
        return [str(day) for day in event.exdates] if isinstance(event.exdates, list) else []

    @staticmethod
    def resolve_commune_code(event):
        return event.commune.code if event.commune_id else None

    @staticmethod
    def resolve_latitude(event):
        return float(event.latitude) if event.latitude is not None else None

    @staticmethod
    def resolve_longitude(event):
        return float(event.longitude) if event.longitude is not None else None

    @staticmethod
    def resolve_space_slug(event):
        return event.space.slug

    @staticmethod
    def resolve_url(event):
        return event.get_absolute_url()


class ReplayOut(Schema):
    """A video of the web TV that shows the event (the session's replay): its page plays it."""

    id: int
    title: str
    duration: float | None
    url: str
    poster_url: str


class EventDetailOut(EventOut):
    # The replays the caller may watch (a members-only one for the space's members only; never an unlisted one).
    replays: list[ReplayOut]

    @staticmethod
    def resolve_replays(event):
        return [
            {
                "id": video.pk,
                "title": video.title,
                "duration": video.duration,
                "url": video.get_absolute_url(),
                "poster_url": video.poster_url,
            }
            for video in getattr(event, "replay_videos", [])
        ]


class OccurrenceOut(EventOut):
    """An event in the list, once per time it takes place in the period: `start`, `end` and `rrule` are the
    event's (its first time and its repetition), `occurrence_start` and `occurrence_end` this time's."""

    occurrence_start: datetime
    occurrence_end: datetime


class OccurrencePageOut(Schema):
    items: list[OccurrenceOut]
    # Give it back as `cursor` for the following page; null on the last one.
    next_cursor: str | None


class EventIn(Schema):
    space: column_text(Space, "slug")
    title: column_text(Event, "title")
    description: column_text(Event, "description") = ""
    start: DateTime
    end: DateTime | None = None
    time_zone: column_text(Event, "time_zone") = "Europe/Paris"
    all_day: bool = False
    rrule: column_text(Event, "rrule") = ""
    venue_name: column_text(Event, "venue_name") = ""
    address: column_text(Event, "address") = ""
    commune_code: column_text(Territory, "code") | None = None
    category: Category = Category.OTHER
    is_free: bool = True
    price_text: column_text(Event, "price_text") = ""
    online_url: column_text(Event, "online_url") = ""
    capacity: Count | None = None
    approval_required: bool = False
    question: column_text(Event, "question") = ""


class RepetitionIn(Schema):
    """The repetition in the event form's words; the server writes the iCalendar rule (`rrule` in the answer)."""

    frequency: recurrence.Frequency
    weekdays: list[recurrence.Weekday] = []
    monthly_by: recurrence.MonthlyBy = recurrence.MonthlyBy.WEEKDAY
    week: recurrence.WeekOfMonth | None = None
    weekday: recurrence.Weekday | None = None
    day: Count | None = None
    ends: recurrence.Ends = recurrence.Ends.NEVER
    until: date | None = None
    count: Count | None = None


class ImageIn(Schema):
    # Base64 of the file: a JSON body carries no file. A third more than the largest picture accepted.
    data: Text(IMAGE_MAX_BYTES * 4 // 3 + 4)
    alt: column_text(Event, "image_alt")


class EventPatch(Schema):
    title: column_text(Event, "title") | None = None
    description: column_text(Event, "description") | None = None
    start: DateTime | None = None
    end: DateTime | None = None
    venue_name: column_text(Event, "venue_name") | None = None
    address: column_text(Event, "address") | None = None
    capacity: Count | None = None
    repetition: RepetitionIn | None = None
    image: ImageIn | None = None
    image_alt: column_text(Event, "image_alt") | None = None
    remove_image: bool = False


def _rrule_from(repetition: RepetitionIn, *, start: datetime, tz: str) -> str:
    # "custom" (keep an imported rule) is refused by `build` with the form's message: here there is no rule to keep.
    answers = repetition.dict()
    answers["week"] = answers["week"] or ""
    answers["weekday"] = answers["weekday"] or ""
    return recurrence.build(recurrence.Repetition(**answers), start=start, tz=tz)


def _upload_from(image: ImageIn) -> SimpleUploadedFile:
    try:
        content = base64.b64decode(image.data, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValidationError(
            {"image": _("The picture is not valid base64: send the file's bytes encoded in base64.")}
        ) from error
    # The name is never used: the media pipeline reads the content and names the file it writes itself.
    return SimpleUploadedFile("picture", content)


class CancelIn(Schema):
    reason: column_text(Event, "cancel_reason")


class RsvpIn(Schema):
    status: RsvpStatus
    # Whether the organisers may see the person's e-mail address; false unless sent, and asked with each answer.
    share_email: bool = False
    # The answer to the organisers' question, when the event asks approval of each participant.
    answer: column_text(Rsvp, "answer") = ""


class RsvpOut(Schema):
    event_id: int
    status: str
    share_email: bool
    going_count: int
    capacity: int | None


class SubmissionIn(Schema):
    level: Level
    code: column_text(Territory, "code")


class SubmissionOut(Schema):
    id: int
    event_id: int
    territory_id: int
    status: str
    reason: str


class ReviewIn(Schema):
    accept: bool
    reason: column_text(AgendaSubmission, "reason") = ""


router = Router(tags=["agenda"])


@router.get("/events", response=OccurrencePageOut, auth=PUBLIC, summary="Events the caller may see, by date")
def event_list(
    request,
    commune: column_text(Territory, "code") | None = None,
    category: Category | None = None,
    start: DateTime | None = None,
    end: DateTime | None = None,
    free: bool = False,
    q: Text() = "",
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT)] = settings.NINJA_PAGINATION_PER_PAGE,
    cursor: Text(200) | None = None,
):
    occurrences = Occurrence.objects.visible_to(request.auth).for_list()
    if commune:
        occurrences = occurrences.filter(commune__code=commune)
    if category:
        occurrences = occurrences.filter(category=category)
    if free:
        occurrences = occurrences.filter(is_free=True)
    # Upcoming events by default, in a window of at most two years.
    start = start or timezone.now()
    end = min(end or start + timedelta(days=366), start + timedelta(days=731))
    if q.strip():
        occurrences = occurrences.filter(event__title__icontains=q.strip()[:100])
    found = occurrences.page_in(start, end, cursor=decode_cursor(cursor), size=limit + 1)
    items = []
    for occurrence in found[:limit]:
        event = occurrence.event
        event.occurrence_start, event.occurrence_end = occurrence.start, occurrence.end
        items.append(event)
    last = found[limit - 1] if len(found) > limit else None
    return {"items": items, "next_cursor": encode_position(last.start, last.pk) if last else None}


@router.get("/events/{event_id}", response={200: EventDetailOut, 404: ErrorOut}, auth=PUBLIC, summary="One event")
def event_detail(request, event_id: int):
    event = get_object_or_404(Event.objects.visible_to(request.auth).for_list(), pk=event_id)
    event.replay_videos = replays_for(request.auth, event)
    return event


@router.post(
    "/events",
    response={201: EventOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Create an event",
)
def event_create(request, payload: EventIn):
    space = get_object_or_404(Space.objects.listed_for(request.auth), slug=payload.space)
    data = payload.dict(exclude={"space", "commune_code"})
    if payload.commune_code:
        data["commune"] = get_object_or_404(Territory, level=Level.COMMUNE, code=payload.commune_code)
    event, _created = submit_once(
        request,
        user=request.auth,
        kind="event",
        create=lambda: event_services.event_create(creator=request.auth, space=space, **data),
        find=lambda pk: Event.objects.filter(pk=pk, created_by=request.auth).first(),
    )
    return 201, Event.objects.for_list().get(pk=event.pk)


@router.patch(
    "/events/{event_id}",
    response={200: EventOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Edit an event",
)
def event_update(request, event_id: int, payload: EventPatch):
    event = get_object_or_404(Event.objects.visible_to(request.auth), pk=event_id)
    fields = payload.dict(exclude_unset=True, exclude={"repetition", "image", "image_alt", "remove_image"})
    if payload.repetition is not None:
        fields["rrule"] = _rrule_from(payload.repetition, start=fields.get("start") or event.start, tz=event.time_zone)
    if payload.image is not None:
        upload, alt_text = _upload_from(payload.image), payload.image.alt
    else:
        upload, alt_text = None, event.image_alt if payload.image_alt is None else payload.image_alt
    event_update_with_image(
        editor=request.auth,
        event=event,
        upload=upload,
        alt_text=alt_text,
        remove=payload.remove_image and payload.image is None,
        **fields,
    )
    return Event.objects.for_list().get(pk=event.pk)


@router.post(
    "/events/{event_id}/cancel",
    response={200: EventOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Cancel an event",
)
def event_cancel(request, event_id: int, payload: CancelIn):
    event = get_object_or_404(Event.objects.visible_to(request.auth), pk=event_id)
    event_services.event_cancel(editor=request.auth, event=event, reason=payload.reason)
    return Event.objects.for_list().get(pk=event.pk)


@router.put(
    "/events/{event_id}/rsvp",
    response={200: RsvpOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Answer an event",
)
def rsvp_set(request, event_id: int, payload: RsvpIn):
    event = get_object_or_404(Event.objects.visible_to(request.auth), pk=event_id)
    answer = rsvps.rsvp_set(
        user=request.auth, event=event, status=payload.status, share_email=payload.share_email, answer=payload.answer
    )
    write_changes_only_counts(request, request.auth)
    event.refresh_from_db(fields=["going_count"])
    return {
        "event_id": event.pk,
        "status": answer.status,
        "share_email": answer.share_email,
        "going_count": event.going_count,
        "capacity": event.capacity,
    }


@router.post(
    "/events/{event_id}/submissions",
    response={201: SubmissionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Submit an event to a territory's agenda",
)
def agenda_submit(request, event_id: int, payload: SubmissionIn):
    event = get_object_or_404(Event.objects.visible_to(request.auth), pk=event_id)
    territory = get_object_or_404(Territory, level=payload.level, code=payload.code)
    return 201, submissions.agenda_submit(user=request.auth, event=event, territory=territory)


@router.post(
    "/submissions/{submission_id}/review",
    response={200: SubmissionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Accept or refuse a submission",
)
def agenda_review(request, submission_id: int, payload: ReviewIn):
    submission = get_object_or_404(AgendaSubmission, pk=submission_id)
    return submissions.agenda_review(
        editor=request.auth, submission=submission, accept=payload.accept, reason=payload.reason
    )


# Invitations and participation requests (parvis/agenda/social_api.py) and the discussion under each event
# (parvis/agenda/comments_api.py), on this router.
from . import (  # noqa: E402
    comments_api,  # noqa: F401
    social_api,  # noqa: F401
)
