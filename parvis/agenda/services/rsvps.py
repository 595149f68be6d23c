"""Participation: members' and guests' answers, capacity and the waiting list.

Capacity holds exactly under any number of simultaneous answers: a place is taken by one conditional UPDATE
(`going_count = going_count + 1 WHERE going_count < capacity`), which the database serialises per row, on
PostgreSQL (row lock) and on SQLite (IMMEDIATE transactions, one writer at a time).
"""

import math

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parvis.accounts.verifications import level_require
from parvis.core import hooks
from parvis.core.bounds import has_nul, nul_message
from parvis.core.mail import new_key
from parvis.core.network import address_key
from parvis.core.permissions import can
from parvis.core.ratelimit import RateLimited, rate_take
from parvis.spaces.mail import may_read
from parvis.spaces.models import Space, Visibility

from ..models import CHOSEN_STATUSES, Event, EventStatus, Rsvp, RsvpStatus
from ..tasks import notify_decision, notify_promoted, send_guest_confirmation


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
def rsvp_set(*, user, event: Event, status: str, share_email: bool = False, answer: str | None = None) -> Rsvp:
    """A member's answer. Going to a full event puts them on the waiting list. `share_email`: whether the organisers
    may see the person's e-mail address, asked with each answer (not ticked: not shared, or no longer). When the
    event asks the organisers' approval, "going" is a participation request (`pending`) until an organiser
    decides (`participation_decide`); `answer` is the reply to the organisers' question, if they ask one."""
    if status not in CHOSEN_STATUSES:
        raise ValidationError({"status": _("Unknown answer.")})
    if not Event.objects.visible_to(user).filter(pk=event.pk).exists():
        raise PermissionDenied(_("You cannot answer this event."))
    _open_for_answers(event)
    if status == RsvpStatus.GOING and event.capacity is not None:
        level_require(user, "event.answer_limited")
    rsvp = Rsvp.objects.select_for_update().filter(event=event, user=user).first()
    if rsvp is None:
        try:
            with transaction.atomic():
                rsvp = Rsvp.objects.create(event=event, user=user, status=RsvpStatus.NOT_GOING)
        except IntegrityError:  # the same person answering twice at once: the other request created it
            rsvp = Rsvp.objects.select_for_update().get(event=event, user=user)
    if rsvp.status == RsvpStatus.REJECTED:
        raise ValidationError(_("The organisers did not accept your request to take part."))
    if rsvp.share_email != bool(share_email):
        rsvp.share_email = bool(share_email)
        rsvp.save(update_fields=["share_email", "updated_at"])
    if status == RsvpStatus.GOING and _asks_approval(event, user, rsvp):
        return _request_place(rsvp, event, answer)
    return _apply(rsvp, status)


def _asks_approval(event: Event, user, rsvp: Rsvp) -> bool:
    """Whether this "going" waits for the organisers: the event asks it, the person is not one of its organisers,
    and has no place (nor waiting-list rank) already."""
    if not event.approval_required or can(user, "event.edit", event):
        return False
    return rsvp.status not in (RsvpStatus.GOING, RsvpStatus.WAITING)


def _request_place(rsvp: Rsvp, event: Event, answer: str | None) -> Rsvp:
    answer = (answer or "").strip()
    if event.question and not answer:
        raise ValidationError({"answer": _("Answer the organisers' question to ask for a place.")})
    if len(answer) > 1000:
        raise ValidationError({"answer": _("Your answer has at most 1,000 characters.")})
    if has_nul(answer):
        raise ValidationError({"answer": nul_message()})
    rsvp.status, rsvp.answer, rsvp.waiting_since = RsvpStatus.PENDING, answer, None
    rsvp.save(update_fields=["status", "answer", "waiting_since", "updated_at"])
    return rsvp


@transaction.atomic
def participation_decide(*, organiser, rsvp_id: int, approve: bool) -> Rsvp:
    """An organiser approves (the person takes a place, or a rank on the waiting list when the event is full) or
    declines a participation request; the person is told by e-mail."""
    rsvp = Rsvp.objects.select_for_update().select_related("event").filter(pk=rsvp_id).first()
    if rsvp is None or not can(organiser, "event.edit", rsvp.event):
        raise PermissionDenied(_("Only the event's organisers decide on participation requests."))
    if rsvp.status != RsvpStatus.PENDING:
        raise ValidationError(_("This request was already decided or withdrawn."))
    if approve:
        _open_for_answers(rsvp.event)
        rsvp = _apply(rsvp, RsvpStatus.GOING)
    else:
        rsvp.status = RsvpStatus.REJECTED
        rsvp.save(update_fields=["status", "updated_at"])
    key = new_key()
    transaction.on_commit(lambda: notify_decision.enqueue(rsvp_id=rsvp.pk, key=key))
    if rsvp.user_id:  # a guest without an account is told by the e-mail alone
        hooks.tell.send(
            kind="event",
            target_id=rsvp.event_id,
            verb="participation_decided",
            recipient_ids=[rsvp.user_id],
            actor_id=organiser.pk,
            key=f"rsvp:{rsvp.pk}:decided",
        )
    return rsvp


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
def rsvp_guest_request(
    *, event: Event, email: str, name: str, status: str = RsvpStatus.GOING, ip: str = "", share_email: bool = False
) -> Rsvp:
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
                    event=event,
                    email=email,
                    name=(name or "").strip()[:120],
                    status=status,
                    confirmed=False,
                    share_email=bool(share_email),
                )
        except IntegrityError:
            rsvp = Rsvp.objects.get(event=event, email=email)
    elif rsvp.share_email != bool(share_email):  # asked again: the latest answer's choice holds
        Rsvp.objects.filter(pk=rsvp.pk).update(share_email=bool(share_email))
        rsvp.share_email = bool(share_email)
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


def rsvps_withdraw_for_erased_account(*, user) -> int:
    """The person deletes their account: every answer of theirs goes (and any answer given as a guest with their
    address), the places they held in events to come go to the next people waiting. Called inside the transaction
    that erases the account; returns how many answers were withdrawn."""
    now = timezone.now()
    answers = list(
        Rsvp.objects.select_for_update()
        .filter(Q(user=user) | Q(user__isnull=True, email__iexact=user.email))
        .order_by("pk")
    )
    events = {rsvp.event_id for rsvp in answers}
    upcoming = set(Event.objects.filter(pk__in=events).upcoming(now).values_list("pk", flat=True))
    for rsvp in answers:
        if rsvp.event_id in upcoming:
            _apply(rsvp, RsvpStatus.NOT_GOING)  # frees the place and promotes the waiting list
        elif rsvp.status == RsvpStatus.GOING and rsvp.confirmed:
            _free_place(rsvp.event_id)
    Rsvp.objects.filter(pk__in=[rsvp.pk for rsvp in answers]).delete()
    return len(answers)
