"""Every write on events, the common agenda and participation.

Capacity holds exactly under any number of simultaneous answers: a place is taken by one conditional UPDATE
(`going_count = going_count + 1 WHERE going_count < capacity`), which the database serialises per row, on
PostgreSQL (row lock) and on SQLite (IMMEDIATE transactions, one writer at a time).
"""

import math
import zoneinfo
from datetime import datetime

from dateutil.rrule import rrulestr
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parvis.core.audit import audit
from parvis.core.bounds import has_nul, nul_message
from parvis.core.links import absolute_url
from parvis.core.mail import new_key
from parvis.core.markdown import render_markdown
from parvis.core.network import address_key
from parvis.core.permissions import can
from parvis.core.ratelimit import RateLimited, rate_take
from parvis.core.text import clean_name
from parvis.posts.services import post_create, writable_spaces
from parvis.spaces.mail import may_read
from parvis.spaces.models import Space, Visibility
from parvis.territories.models import Territory

from .models import (
    Accessibility,
    AgendaSubmission,
    AgendaVerb,
    Category,
    Event,
    EventStatus,
    Rsvp,
    RsvpStatus,
    SubmissionStatus,
    TrustedPublisher,
)
from .tasks import notify_cancellation, notify_promoted, send_guest_confirmation, send_participants_message

MAX_OCCURRENCES = 1000


def spaces_for_events(user) -> list[Space]:
    """The spaces where the person may publish an event (`space.post`, the rule of posts), in one query."""
    return writable_spaces(user)


def _repeat_until(start: datetime, rule: str, tz: str) -> datetime | None:
    """The last occurrence's start for a bounded rule (COUNT or UNTIL), None for an endless one."""
    parsed = _parse_rrule(rule, start, tz)
    if "COUNT=" not in rule.upper() and "UNTIL=" not in rule.upper():
        return None
    last = None
    for index, occurrence in enumerate(parsed):
        last = occurrence
        if index >= MAX_OCCURRENCES:
            break
    return last


def _parse_rrule(rule: str, start: datetime, tz: str):
    local_start = start.astimezone(zoneinfo.ZoneInfo(tz))
    try:
        return rrulestr(rule.removeprefix("RRULE:"), dtstart=local_start)
    except (ValueError, TypeError) as error:
        raise ValidationError(
            {"rrule": _("This repetition rule is not valid: %(error)s") % {"error": error}}
        ) from error


def occurrences(event: Event, start: datetime, end: datetime) -> list[datetime]:
    """Starts of the event's occurrences in [start, end), exceptions removed, in the event's time zone."""
    if not event.rrule:
        return [event.start] if event.start < end and event.end >= start else []
    tz = zoneinfo.ZoneInfo(event.time_zone)
    excluded = set(event.exdates or [])
    found = []
    for occurrence in _parse_rrule(event.rrule, event.start, event.time_zone).between(
        start.astimezone(tz), end.astimezone(tz), inc=True
    ):
        if occurrence.date().isoformat() not in excluded and occurrence.isoformat() not in excluded:
            found.append(occurrence)
        if len(found) >= MAX_OCCURRENCES:
            break
    return found


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
    if event.is_cancelled:
        return event
    Event.objects.filter(pk=event.pk).update(
        status=EventStatus.CANCELLED, cancel_reason=reason[:500], sequence=F("sequence") + 1
    )
    event.refresh_from_db()
    audit(actor=editor, verb=AgendaVerb.EVENT_CANCELLED, target=event, label=event.title, reason=reason[:500])
    transaction.on_commit(lambda: notify_cancellation.enqueue(event_id=event.pk))
    return event


# Participation ---------------------------------------------------------------------------------------------


def _take_place(event_id: int) -> bool:
    """One atomic conditional UPDATE: true if a place was free and is now taken."""
    return bool(
        Event.objects.filter(pk=event_id)
        .filter(Q(capacity__isnull=True) | Q(going_count__lt=F("capacity")))
        .update(going_count=F("going_count") + 1)
    )


def _free_place(event_id: int) -> None:
    Event.objects.filter(pk=event_id, going_count__gt=0).update(going_count=F("going_count") - 1)


def _may_still_read(rsvp: Rsvp, space: Space) -> bool:
    """Whether the person behind an answer may read the event's space now (a guest reads as an anonymous visitor):
    someone who answered while the group was public may be outside it once it turns members-only or secret."""
    return may_read(rsvp.user if rsvp.user_id else rsvp.email, space)


def _promote_waiting(event_id: int) -> list[int]:
    """Give free places to the waiting list, first come first served. Call inside the transaction that freed them.
    A person who may no longer read the event is skipped and their answer withdrawn: a place, and the e-mail that
    announces it, would tell them about an event they may not see."""
    promoted = []
    space = Space.objects.filter(events__pk=event_id).first()
    while True:
        first = (
            Rsvp.objects.select_for_update()
            .filter(event_id=event_id, status=RsvpStatus.WAITING, confirmed=True)
            .order_by("waiting_since", "pk")
            .first()
        )
        if first is None:
            break
        if space is not None and not _may_still_read(first, space):
            Rsvp.objects.filter(pk=first.pk).delete()
            continue
        if not _take_place(event_id):
            break
        Rsvp.objects.filter(pk=first.pk).update(status=RsvpStatus.GOING, waiting_since=None)
        promoted.append(first.pk)
    if promoted:
        for rsvp_id in promoted:
            transaction.on_commit(lambda rsvp_id=rsvp_id: notify_promoted.enqueue(rsvp_id=rsvp_id, key=new_key()))
    return promoted


def _apply(rsvp: Rsvp, status: str) -> Rsvp:
    """Move an RSVP (locked by the caller) to `status`, taking or freeing a place as needed."""
    was_going = rsvp.status == RsvpStatus.GOING and rsvp.confirmed
    if status == RsvpStatus.GOING:
        if was_going:
            return rsvp
        if rsvp.status == RsvpStatus.WAITING:
            return rsvp  # already queued: keep the place in the queue
        if _take_place(rsvp.event_id):
            rsvp.status, rsvp.waiting_since = RsvpStatus.GOING, None
        else:
            rsvp.status, rsvp.waiting_since = RsvpStatus.WAITING, timezone.now()
    else:
        rsvp.status, rsvp.waiting_since = status, None
    rsvp.save(update_fields=["status", "waiting_since", "updated_at"])
    if was_going and rsvp.status != RsvpStatus.GOING:
        _free_place(rsvp.event_id)
        _promote_waiting(rsvp.event_id)
    return rsvp


def _open_for_answers(event: Event) -> None:
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("This event no longer takes answers."))
    if not event.rrule and event.end < timezone.now():
        raise ValidationError(_("This event is over."))


@transaction.atomic
def rsvp_set(*, user, event: Event, status: str) -> Rsvp:
    """A member's answer. Going to a full event puts them on the waiting list."""
    if status not in RsvpStatus.values or status == RsvpStatus.WAITING:
        raise ValidationError({"status": _("Unknown answer.")})
    if not Event.objects.visible_to(user).filter(pk=event.pk).exists():
        raise PermissionDenied(_("You cannot answer this event."))
    _open_for_answers(event)
    rsvp = Rsvp.objects.select_for_update().filter(event=event, user=user).first()
    if rsvp is None:
        try:
            with transaction.atomic():
                rsvp = Rsvp.objects.create(event=event, user=user, status=RsvpStatus.NOT_GOING)
        except IntegrityError:  # the same person answering twice at once: the other request created it
            rsvp = Rsvp.objects.select_for_update().get(event=event, user=user)
    return _apply(rsvp, status)


# Confirmation e-mails to people without an account, per hour: a few per address and event (a lost e-mail may be
# asked again), and per client address (parvis.core.network), so that nobody floods someone else's mailbox.
GUEST_EMAILS_PER_ADDRESS_AND_EVENT = 3
GUEST_EMAILS_PER_CLIENT = 10
GUEST_EMAILS_PERIOD = 60 * 60


class GuestEmailsLimited(RateLimited):
    """Too many confirmation e-mails asked: a RateLimited (HTTP 429 in an API) with its own sentence."""

    def __init__(self, *, retry_after: int):
        self.retry_after = retry_after
        minutes = max(1, math.ceil(retry_after / 60))
        ValidationError.__init__(
            self,
            ngettext(
                "Confirmation e-mails were already sent several times: look in your inbox (and your spam folder), "
                "or try again in %(minutes)s minute.",
                "Confirmation e-mails were already sent several times: look in your inbox (and your spam folder), "
                "or try again in %(minutes)s minutes.",
                minutes,
            )
            % {"minutes": minutes},
            code="rate_limited",
        )


def _count_guest_email(*, event: Event, email: str, ip: str) -> None:
    limits = [(f"guest_rsvp:{event.pk}:{email}", GUEST_EMAILS_PER_ADDRESS_AND_EVENT)]
    if ip:
        limits.append((f"guest_rsvp:ip:{address_key(ip)}", GUEST_EMAILS_PER_CLIENT))
    # Checked and counted in one step: simultaneous requests cannot send more e-mails than the limit.
    try:
        rate_take(limits, GUEST_EMAILS_PERIOD, always=True)
    except RateLimited as limited:
        raise GuestEmailsLimited(retry_after=limited.retry_after) from None


@transaction.atomic
def rsvp_guest_request(*, event: Event, email: str, name: str, status: str = RsvpStatus.GOING, ip: str = "") -> Rsvp:
    """Someone without an account answers a public event; the answer counts once they confirm their address. Each
    request sends a confirmation e-mail, within GUEST_EMAILS_* an hour (`ip`: parvis.core.network.client_ip)."""
    if not event.is_visible_to(None):
        raise PermissionDenied(_("Only public events take answers from people without an account."))
    if status not in (RsvpStatus.GOING, RsvpStatus.INTERESTED):
        raise ValidationError({"status": _("Unknown answer.")})
    _open_for_answers(event)
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": _("Enter a valid e-mail address.")}) from error
    _count_guest_email(event=event, email=email, ip=ip)
    rsvp = Rsvp.objects.filter(event=event, email=email).first()
    if rsvp is None:
        try:
            with transaction.atomic():
                rsvp = Rsvp.objects.create(
                    event=event, email=email, name=(name or "").strip()[:120], status=status, confirmed=False
                )
        except IntegrityError:
            rsvp = Rsvp.objects.get(event=event, email=email)
    key = new_key()
    transaction.on_commit(lambda: send_guest_confirmation.enqueue(rsvp_id=rsvp.pk, key=key))
    return rsvp


def guest_may_read(event: Event) -> bool:
    """Whether a guest without an account (who reads what an anonymous visitor reads) may still read the event:
    once its group turns members-only or secret, the guest's link shows nothing of it and takes no answer."""
    return event.is_visible_to(None)


@transaction.atomic
def rsvp_guest_confirm(*, token: str) -> Rsvp:
    rsvp = Rsvp.objects.select_for_update().select_related("event").filter(token=token, user=None).first()
    if rsvp is None or not guest_may_read(rsvp.event):
        raise ValidationError(_("This link is not valid (any more)."))
    if rsvp.confirmed:
        return rsvp
    _open_for_answers(rsvp.event)
    wanted = rsvp.status
    rsvp.confirmed, rsvp.status = True, RsvpStatus.NOT_GOING
    rsvp.save(update_fields=["confirmed", "status", "updated_at"])
    return _apply(rsvp, wanted)


@transaction.atomic
def rsvp_guest_change(*, token: str, status: str) -> Rsvp:
    """The link in the confirmation e-mail manages or cancels the place."""
    rsvp = (
        Rsvp.objects.select_for_update().select_related("event").filter(token=token, user=None, confirmed=True).first()
    )
    if rsvp is None:
        raise ValidationError(_("This link is not valid (any more)."))
    if status not in (RsvpStatus.GOING, RsvpStatus.INTERESTED, RsvpStatus.NOT_GOING):
        raise ValidationError({"status": _("Unknown answer.")})
    if status != RsvpStatus.NOT_GOING and not guest_may_read(rsvp.event):
        raise ValidationError(_("This link is not valid (any more)."))  # only giving the place back is left
    return _apply(rsvp, status)


def rsvps_withdraw_for_former_member(*, space: Space, user) -> int:
    """Someone left (or was removed from) a members-only or secret space: their answers to its events go, since
    they may no longer read them, and each place they held goes to the next person waiting (only for events still
    to come: nobody is promoted into a past event). Called inside the transaction that ended the membership;
    returns how many answers were withdrawn."""
    if space.visibility == Visibility.PUBLIC:
        return 0
    now = timezone.now()
    upcoming = set(Event.objects.filter(space=space).upcoming(now).values_list("pk", flat=True))
    answers = list(Rsvp.objects.select_for_update().filter(event__space=space, user=user).order_by("pk"))
    for rsvp in answers:
        if rsvp.event_id in upcoming:
            _apply(rsvp, RsvpStatus.NOT_GOING)  # frees the place and promotes the waiting list
        elif rsvp.status == RsvpStatus.GOING and rsvp.confirmed:
            _free_place(rsvp.event_id)
    Rsvp.objects.filter(pk__in=[rsvp.pk for rsvp in answers]).delete()
    return len(answers)


# The common agenda ------------------------------------------------------------------------------------------


@transaction.atomic
def agenda_submit(*, user, event: Event, territory: Territory) -> AgendaSubmission:
    if not can(user, "event.edit", event):
        raise PermissionDenied(_("Only the event's organisers submit it to an agenda."))
    if event.status != EventStatus.PUBLISHED or not event.is_visible_to(None):
        raise ValidationError(_("Only published events of public spaces go into the common agenda."))
    trusted = TrustedPublisher.objects.filter(
        territory=territory, space__in=[event.space_id, event.organiser_space_id]
    ).exists()
    submission, created = AgendaSubmission.objects.get_or_create(
        event=event, territory=territory, defaults={"submitted_by": user}
    )
    if trusted and submission.status != SubmissionStatus.ACCEPTED:
        submission.status, submission.decided_at = SubmissionStatus.ACCEPTED, timezone.now()
        submission.save(update_fields=["status", "decided_at"])
    return submission


@transaction.atomic
def agenda_review(*, editor, submission: AgendaSubmission, accept: bool, reason: str = "") -> AgendaSubmission:
    submission = (
        AgendaSubmission.objects.select_for_update(of=("self",))
        .select_related("territory", "event")
        .get(pk=submission.pk)
    )
    if not can(editor, "agenda.review", submission.territory):
        raise PermissionDenied(_("You do not edit this agenda."))
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("Say why the event is refused: its organisers will read it.")})
    submission.status = SubmissionStatus.ACCEPTED if accept else SubmissionStatus.REFUSED
    submission.reason, submission.reviewed_by, submission.decided_at = reason[:500], editor, timezone.now()
    submission.save()
    # In the journal of the event's space: its administrators learn who reviewed their event, and why.
    audit(
        actor=editor,
        verb=AgendaVerb.ACCEPTED if accept else AgendaVerb.REFUSED,
        target=submission,
        label=submission.event.title,
        space=submission.event.space_id,
        reason=reason,
        details={"event": submission.event_id, "territory": submission.territory_id},
    )
    return submission


def agenda_targets(event: Event) -> list[Territory]:
    """The common agendas an event may be proposed to: its commune's, then its département's."""
    commune = event.commune
    if commune is None:
        return []
    targets = [commune]
    parent = commune.parent
    while parent is not None and parent.level not in ("departement", "region"):
        parent = parent.parent  # a commune below an arrondissement or similar level: climb to the département
    if parent is not None and parent.level == "departement":
        targets.append(parent)
    return targets


# Writing to participants and sharing -------------------------------------------------------------------------

MESSAGES_PER_EVENT_PER_DAY = 3


def _count_message(event: Event) -> None:
    """Counted in the cache per event and per calendar day, and always on (unlike the anti-flood limits, which
    are off under pytest): it protects participants from being written to too often, a rule of the product."""
    key = f"agenda:messages:{event.uid}:{timezone.localdate().isoformat()}"
    cache.add(key, 0, timeout=2 * 24 * 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=2 * 24 * 3600)
        count = 1
    if count > MESSAGES_PER_EVENT_PER_DAY:
        raise ValidationError(
            _("Participants were already written to %(count)s times today: try again tomorrow.")
            % {"count": MESSAGES_PER_EVENT_PER_DAY}
        )


def event_message_participants(*, sender, event: Event, subject: str, body: str) -> None:
    """E-mail every confirmed participant (going, waiting, interested), one e-mail each, after the caller's commit.
    Addresses never leave the server: each person receives their own e-mail."""
    if not can(sender, "event.edit", event):
        raise PermissionDenied(_("Only the event's organisers write to its participants."))
    subject, body = clean_name(subject), (body or "").strip()
    if not subject:
        raise ValidationError({"subject": _("Give your message a subject.")})
    if not body:
        raise ValidationError({"body": _("Write your message.")})
    if len(subject) > 150 or len(body) > 5000:
        raise ValidationError(_("The message is too long (150 characters for the subject, 5,000 for the text)."))
    _count_message(event)
    key = new_key()
    transaction.on_commit(
        lambda: send_participants_message.enqueue(
            event_id=event.pk, sender_id=sender.pk, subject=subject, body=body, key=key
        )
    )


def event_share_as_post(*, user, event: Event, space: Space, comment: str = ""):
    """A post pointing to the event. A private event is shared only inside its own space, where its readers are:
    elsewhere the title would reach people who cannot open it."""
    if space.pk != event.space_id and not event.is_visible_to(None):
        raise PermissionDenied(_("This event is not public: it can only be shared in its own space."))
    link = absolute_url(event.get_absolute_url())
    text = "\n\n".join(part for part in [(comment or "").strip()[:2000], f"{event.title}\n{link}"] if part)
    return post_create(author=user, space=space, body=text)
