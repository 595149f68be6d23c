"""Events: creation, edits (and what they undo in the common agenda), cancellation, sharing; each write keeps the
event's occurrences (`occurrences.py`)."""

import zoneinfo
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from parvis.core import hooks
from parvis.core.audit import audit
from parvis.core.bounds import has_nul, nul_message
from parvis.core.links import absolute_url
from parvis.core.markdown import render_markdown
from parvis.core.permissions import can
from parvis.core.text import clean_name
from parvis.posts.services import post_create, writable_spaces
from parvis.spaces.models import Space

from ..models import (
    Accessibility,
    AgendaSubmission,
    AgendaVerb,
    Category,
    Event,
    EventStatus,
    SubmissionStatus,
    TrustedPublisher,
)
from ..tasks import notify_cancellation
from .occurrences import MAX_OCCURRENCES, occurrences_sync, parse_rrule
from .rsvps import _promote_waiting
from .submissions import agenda_targets


def spaces_for_events(user) -> list[Space]:
    """The spaces where the person may publish an event (`space.post`, the rule of posts), in one query."""
    return writable_spaces(user)


def _repeat_until(start: datetime, rule: str, tz: str) -> datetime | None:
    """The last occurrence's start for a bounded rule (COUNT or UNTIL), None for an endless one."""
    parsed = parse_rrule(rule, start, tz)
    if "COUNT=" not in rule.upper() and "UNTIL=" not in rule.upper():
        return None
    last = None
    for index, occurrence in enumerate(parsed):
        last = occurrence
        if index >= MAX_OCCURRENCES:
            break
    return last


def _clean_event_fields(data: dict) -> dict:
    title = clean_name(data.get("title"))
    if not title:
        raise ValidationError({"title": _("Give the event a title.")})
    start, end = data.get("start"), data.get("end")
    if start is None:
        raise ValidationError({"start": _("Say when the event starts.")})
    if end is None:
        end = start
    if end < start:
        raise ValidationError({"end": _("The event cannot end before it starts.")})
    tz = data.get("time_zone") or "Europe/Paris"
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError({"time_zone": _("Unknown time zone.")}) from error
    category = data.get("category") or Category.OTHER
    if category not in Category.values:
        raise ValidationError({"category": _("Unknown category.")})
    accessibility = [item for item in data.get("accessibility") or [] if item in Accessibility.values]
    capacity = data.get("capacity")
    if capacity is not None and capacity < 1:
        raise ValidationError({"capacity": _("A capacity is at least one place (leave it empty for no limit).")})
    rule = (data.get("rrule") or "").strip().removeprefix("RRULE:")
    cleaned = {
        **data,
        "title": title[:200],
        "venue_name": clean_name(data.get("venue_name")),
        "start": start,
        "end": end,
        "time_zone": tz,
        "category": category,
        "accessibility": accessibility,
        "rrule": rule,
        "description_html": render_markdown(data.get("description") or ""),
    }
    if "question" in data:
        question = clean_name(data.get("question"))
        if len(question) > 300:
            raise ValidationError({"question": _("The question has at most 300 characters.")})
        cleaned["question"] = question
    cleaned["repeat_until"] = _repeat_until(start, rule, tz) if rule else None
    return cleaned


EVENT_FIELDS = {
    "title",
    "description",
    "start",
    "end",
    "time_zone",
    "all_day",
    "rrule",
    "exdates",
    "venue_name",
    "address",
    "commune",
    "latitude",
    "longitude",
    "category",
    "is_free",
    "price_text",
    "accessibility",
    "accessibility_note",
    "online_url",
    "capacity",
    "organiser_space",
    "image_alt",
    "status",
    "approval_required",
    "question",
}


@transaction.atomic
def event_create(*, creator, space: Space, uid: str | None = None, **fields) -> Event:
    if not can(creator, "space.post", space):
        raise PermissionDenied(_("You cannot publish an event in this space."))
    unknown = set(fields) - EVENT_FIELDS
    if unknown:
        raise ValueError(f"unknown event fields: {sorted(unknown)}")
    cleaned = _clean_event_fields(fields)
    organiser = cleaned.get("organiser_space")
    if organiser is not None and not can(creator, "space.speak_for", organiser):
        raise PermissionDenied(_("You can only name as organiser an organisation whose page you administer."))
    if cleaned.get("status") not in (None, EventStatus.DRAFT, EventStatus.PUBLISHED):
        raise ValidationError({"status": _("A new event is a draft or published.")})
    event = Event.objects.create(
        space=space,
        created_by=creator,
        uid=uid or f"{get_random_string(20)}@parvis",
        **{key: value for key, value in cleaned.items() if key in EVENT_FIELDS | {"description_html", "repeat_until"}},
    )
    occurrences_sync(event)
    if event.status == EventStatus.PUBLISHED and uid is None:
        # The members of the group who asked for it hear of the new event (`kinds.event_audience`); not of each
        # event of an imported calendar (which carries its own uid), which would arrive by the dozen.
        hooks.activity.send(kind="event", target_id=event.pk)
    return event


# What an agenda's editors judged when they accepted an event: changing one of these after their review sends the
# event back to them. The picture, the capacity, the accessibility details or a typo's fix in the price keep the
# acceptance (and a trusted publisher's events never wait for review).
REVIEWED_FIELDS = EVENT_FIELDS - {
    "is_free",
    "price_text",
    "accessibility",
    "accessibility_note",
    "capacity",
    "image_alt",
    "status",
    "approval_required",
    "question",
}


def _back_to_review(event: Event, changed: set[str]) -> list[str]:
    """Coherence of the common agenda after an edit, inside the edit's transaction: a submission to an agenda the
    event may no longer go to (its commune changed) is withdrawn, and an accepted one waits for review again when
    the edit touched what the editors judged. Returns the names of the agendas concerned, for the audit entry."""
    targets = {territory.pk for territory in agenda_targets(event)}
    submissions = list(AgendaSubmission.objects.select_for_update().filter(event=event).select_related("territory"))
    concerned = []
    for submission in submissions:
        if submission.territory_id not in targets:
            concerned.append(submission.territory.name)
            submission.delete()
        elif submission.status == SubmissionStatus.ACCEPTED and changed & REVIEWED_FIELDS:
            trusted = TrustedPublisher.objects.filter(
                territory=submission.territory_id, space__in=[event.space_id, event.organiser_space_id]
            ).exists()
            if not trusted:
                submission.status, submission.reviewed_by, submission.decided_at = SubmissionStatus.PENDING, None, None
                submission.save(update_fields=["status", "reviewed_by", "decided_at"])
                concerned.append(submission.territory.name)
    return concerned


@transaction.atomic
def event_update(*, editor, event: Event, **fields) -> Event:
    """Change an event (its organisers: the author, the space's administrators and moderators). The edit is written
    in the space's journal with the names of the fields changed, and the common agendas that had accepted it see it
    again when what they judged changed (see REVIEWED_FIELDS)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not can(editor, "event.edit", event):
        raise PermissionDenied(_("You cannot edit this event."))
    if event.is_cancelled:
        raise ValidationError(_("A cancelled event cannot be edited."))
    if event.is_moderated:
        raise ValidationError(_("An event hidden or removed by a moderator cannot be edited."))
    unknown = set(fields) - EVENT_FIELDS
    if unknown:
        raise ValueError(f"unknown event fields: {sorted(unknown)}")
    current = {name: getattr(event, name) for name in EVENT_FIELDS}
    current.update(fields)
    cleaned = _clean_event_fields(current)
    if cleaned.get("capacity") is not None and cleaned["capacity"] < event.going_count:
        raise ValidationError(
            {
                "capacity": _("%(count)s people are already coming: the capacity cannot be lower.")
                % {"count": event.going_count}
            }
        )
    changed = {name for name in EVENT_FIELDS if name in cleaned and cleaned[name] != getattr(event, name)}
    for name, value in cleaned.items():
        if name in EVENT_FIELDS | {"description_html", "repeat_until"}:
            setattr(event, name, value)
    event.sequence += 1
    event.save()
    occurrences_sync(event)
    if changed:
        concerned = _back_to_review(event, changed)
        audit(
            actor=editor,
            verb=AgendaVerb.EVENT_UPDATED,
            target=event,
            label=event.title,
            details={"fields": sorted(changed), "agendas_to_review": concerned},
        )
    _promote_waiting(event.pk)
    return event


@transaction.atomic
def event_cancel(*, editor, event: Event, reason: str) -> Event:
    """Cancel: the page stays, with a banner and the reason, and every participant is told."""
    if not can(editor, "event.edit", event):
        raise PermissionDenied(_("You cannot cancel this event."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tell participants why the event is cancelled.")})
    if has_nul(reason):  # written by update(), which the save guard does not see
        raise ValidationError({"reason": nul_message()})
    # The status as stored, under lock: a moderator may have hidden the event since this copy was read.
    event.status = Event.objects.select_for_update().values_list("status", flat=True).get(pk=event.pk)
    if event.is_cancelled:
        return event
    if event.is_moderated:  # a cancellation would make it readable again
        raise ValidationError(_("An event hidden or removed by a moderator cannot be cancelled."))
    # A save, not an update(): the hosting log records the change from the model's signal.
    event.status, event.cancel_reason, event.sequence = EventStatus.CANCELLED, reason[:500], F("sequence") + 1
    event.save(update_fields=["status", "cancel_reason", "sequence"])
    event.refresh_from_db()
    occurrences_sync(event)
    audit(actor=editor, verb=AgendaVerb.EVENT_CANCELLED, target=event, label=event.title, reason=reason[:500])
    transaction.on_commit(lambda: notify_cancellation.enqueue(event_id=event.pk))
    return event


def event_share_as_post(*, user, event: Event, space: Space, comment: str = ""):
    """A post pointing to the event. A private event is shared only inside its own space, where its readers are:
    elsewhere the title would reach people who cannot open it."""
    if space.pk != event.space_id and not event.is_visible_to(None):
        raise PermissionDenied(_("This event is not public: it can only be shared in its own space."))
    link = absolute_url(event.get_absolute_url())
    text = "\n\n".join(part for part in [(comment or "").strip()[:2000], f"{event.title}\n{link}"] if part)
    return post_create(author=user, space=space, body=text)
