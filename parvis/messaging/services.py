"""Every write on private messages: starting a conversation, sending, reading, blocking, who may write to me.

WHO MAY START A CONVERSATION WITH WHOM (the rule other apps rely on):
- each recipient decides (`MessagingPreference.who_may_write`): people who share a group with them (the default),
  anyone signed in, or nobody new;
- "share a group" means both are active members of the same space that is NOT an official one: everybody in a
  commune joins its official space, so sharing it says nothing about knowing each other;
- people who already share a conversation may always start another one, whatever the setting;
- answering a classified ad (`context_listing_id`, validated by the neighbours app before it calls here) replaces
  "share a group": publishing an ad invites answers, even under "nobody new". Such a conversation is one-to-one;
- a block, either way, stops everything: the blocked person cannot write to the blocker, and the blocker must
  unblock before writing to them.
Staff get no exception.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.accounts.models import User
from parvis.accounts.verifications import level_require
from parvis.core import hooks
from parvis.core.files import atomic_with_files
from parvis.core.media import attach_image, clean_alt_text
from parvis.core.ratelimit import check_rate
from parvis.core.text import clean_name
from parvis.core.viewer import viewer_changed
from parvis.spaces.models import Membership

from . import emails
from .models import (
    BODY_LIMIT,
    MAX_PEOPLE,
    Block,
    Conversation,
    Message,
    MessagingPreference,
    Participant,
    WhoMayWrite,
)

MESSAGES_PER_MINUTE = 30
# Starting conversations is what a spammer does: fewer of those than of messages.
CONVERSATIONS_PER_HOUR = 20
IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_SIDE = 1600
SUBJECT_LIMIT = 120
# The e-mail "X sent you a message" waits this long, and is not sent if the person read the message meanwhile
# (someone with the conversation open reads it within seconds). Only on back-ends that can defer a task.
EMAIL_DELAY = timedelta(minutes=2)


# --- reads the rules need ---------------------------------------------------------------------------------------


def preference_get(*, user: User) -> MessagingPreference:
    """The person's preference, unsaved with the default when they never chose."""
    return MessagingPreference.objects.filter(user=user).first() or MessagingPreference(user=user)


def share_a_group(a: User, b: User) -> bool:
    """Both are active members of one space that is not an official one (see the module's docstring)."""
    mine = Membership.objects.active().filter(user=a, space__is_official=False).values("space_id")
    return Membership.objects.active().filter(user=b, space_id__in=mine).exists()


def already_talk(a: User, b: User) -> bool:
    return Participant.objects.filter(
        user=b, conversation__in=Participant.objects.filter(user=a).values("conversation_id")
    ).exists()


def may_start_with(*, initiator: User, recipient: User, context_listing_id: int | None = None) -> bool:
    """The recipient's choice, without the blocks (checked apart, for a clearer message)."""
    if already_talk(initiator, recipient):
        return True
    if context_listing_id is not None:
        return True
    choice = preference_get(user=recipient).who_may_write
    if choice == WhoMayWrite.ANYONE:
        return True
    if choice == WhoMayWrite.CONTACTS:
        return share_a_group(initiator, recipient)
    return False


def refusing_unseen(*, initiator: User, people: list[User], context_listing_id: int | None = None) -> list[User]:
    """Those of `people` who would refuse the initiator (a block either way, or their choice) and whose profile the
    initiator may not see. Callers answer for them exactly as for an unknown person (404, "nobody has this
    handle"): a refusal that names them would tell the asker that they exist, their name and how they set their
    privacy. Not for the answer to an ad: the ad itself shows its author."""
    if context_listing_id is not None or not people:
        return []
    ids = [person.pk for person in people]
    seen = set(User.objects.profile_visible_to(initiator).filter(pk__in=ids).values_list("pk", flat=True))
    unseen = [person for person in people if person.pk not in seen]
    if not unseen:
        return []
    blocking = set()
    for blocker_id, blocked_id in Block.objects.filter(
        Q(blocker=initiator, blocked__in=unseen) | Q(blocker__in=unseen, blocked=initiator)
    ).values_list("blocker_id", "blocked_id"):
        blocking.add(blocked_id if blocker_id == initiator.pk else blocker_id)
    return [
        person
        for person in unseen
        if person.pk in blocking or not may_start_with(initiator=initiator, recipient=person)
    ]


def _refusal(recipient: User) -> str:
    choice = preference_get(user=recipient).who_may_write
    if choice == WhoMayWrite.NOBODY_NEW:
        return _("%(name)s does not accept new conversations.") % {"name": recipient.public_name}
    return _(
        "%(name)s only receives messages from people who share a group with them. Join one of their groups, or "
        "answer one of their posts."
    ) % {"name": recipient.public_name}


def _check_blocks(*, sender: User, others: list[User]) -> None:
    blocks = list(
        Block.objects.filter(
            Q(blocker=sender, blocked__in=others) | Q(blocker__in=others, blocked=sender)
        ).select_related("blocker", "blocked")
    )
    for block in blocks:
        if block.blocker_id == sender.pk:
            raise PermissionDenied(
                _("You have blocked %(name)s. Unblock them in your message settings to write to them.")
                % {"name": block.blocked.public_name}
            )
    if blocks:
        raise PermissionDenied(
            _("%(name)s does not accept messages from you.") % {"name": blocks[0].blocker.public_name}
        )


def _clean_body(body: str, *, required: bool) -> str:
    body = (body or "").replace("\x00", "").strip()
    if required and not body:
        raise ValidationError({"body": _("Write a message before sending.")})
    if len(body) > BODY_LIMIT:
        raise ValidationError(
            {
                "body": _(
                    "Your message is too long (%(length)s characters; at most %(limit)s). Shorten it or send it "
                    "in several parts: nothing was sent."
                )
                % {"length": len(body), "limit": BODY_LIMIT}
            }
        )
    return body


# --- conversations ----------------------------------------------------------------------------------------------


@transaction.atomic
def conversation_start(
    *,
    initiator: User,
    participants: list[User],
    first_message: str,
    subject: str = "",
    context_listing_id: int | None = None,
) -> Conversation:
    """Open a conversation (or continue the one-to-one conversation these two already have, about the same
    listing) with its first message. PermissionDenied when a recipient does not accept it (the message names them),
    ValidationError for bad input; nothing is saved in either case."""
    if not initiator.is_authenticated or not initiator.is_active:
        raise PermissionDenied(_("Sign in to write a message."))
    others: dict[int, User] = {}
    for person in participants:
        if person.pk != initiator.pk:
            others.setdefault(person.pk, person)
    people = list(others.values())
    if refusing_unseen(initiator=initiator, people=people, context_listing_id=context_listing_id):
        raise Http404  # the same answer as for a person who does not exist
    if not people:
        raise ValidationError({"participants": _("Choose at least one person to write to (not yourself).")})
    if len(people) + 1 > MAX_PEOPLE:
        raise ValidationError(
            {
                "participants": _("A conversation has at most %(limit)s people, you included. For more, open a group.")
                % {"limit": MAX_PEOPLE}
            }
        )
    if context_listing_id is not None and len(people) != 1:
        raise ValidationError({"participants": _("An answer to an ad goes to its author only.")})
    if hooks.elus_among(user_ids=[person.pk for person in people]):
        level_require(initiator, "elu.message")
    for person in people:
        if not person.is_active:
            raise ValidationError(
                {"participants": _("%(name)s cannot receive messages.") % {"name": person.public_name}}
            )
    subject = clean_name(subject)
    if len(subject) > SUBJECT_LIMIT:
        raise ValidationError(
            {"subject": _("The subject is too long (at most %(limit)s characters).") % {"limit": SUBJECT_LIMIT}}
        )
    body = _clean_body(first_message, required=True)
    _check_blocks(sender=initiator, others=people)
    for person in people:
        if not may_start_with(initiator=initiator, recipient=person, context_listing_id=context_listing_id):
            raise PermissionDenied(_refusal(person))

    if len(people) == 1:
        existing = (
            Conversation.objects.for_participant(initiator)
            .for_participant(people[0])
            .filter(context_listing_id=context_listing_id)
            .annotate(people=Count("participants", distinct=True))
            .filter(people=2)
            .order_by("-last_message_at")
            .first()
        )
        if existing is not None:
            message_send(sender=initiator, conversation=existing, body=body)
            return existing

    check_rate(f"conversation:{initiator.pk}", CONVERSATIONS_PER_HOUR, 60 * 60)
    conversation = Conversation.objects.create(
        subject=subject, created_by=initiator, context_listing_id=context_listing_id
    )
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user=person) for person in [initiator, *people]]
    )
    message_send(sender=initiator, conversation=conversation, body=body)
    return conversation


# --- messages ---------------------------------------------------------------------------------------------------


def _attach_image(message: Message, image, image_alt: str) -> None:
    # The description is optional here: a private message's image speaks to a few people who know the context.
    message.image_alt = clean_alt_text(image_alt, limit=300, required=False, field="image")
    stored = attach_image(message, image, sizes={"image": IMAGE_MAX_SIDE}, max_bytes=IMAGE_MAX_BYTES, field="image")
    message.image_width, message.image_height = stored.width, stored.height


@atomic_with_files()
def message_send(*, sender: User, conversation: Conversation, body: str, image=None, image_alt: str = "") -> Message:
    """A participant writes. Http404 for anyone else (a conversation's existence is private too); PermissionDenied
    in a one-to-one conversation with a block either way; ValidationError for an empty or too long message or an
    unreadable image, and nothing is saved."""
    seats = list(Participant.objects.filter(conversation=conversation).select_related("user"))
    if not sender.is_authenticated or not any(seat.user_id == sender.pk for seat in seats):
        raise Http404
    others = [seat.user for seat in seats if seat.user_id != sender.pk]
    if len(others) == 1:
        # In a group the blocked person still talks to the others; their messages are hidden from the blocker.
        _check_blocks(sender=sender, others=others)
    body = _clean_body(body, required=image is None)
    check_rate(f"message:{sender.pk}", MESSAGES_PER_MINUTE, 60)
    message = Message(conversation=conversation, sender=sender, body=body)
    if image is not None:
        _attach_image(message, image, image_alt)
    message.save()
    now = timezone.now()
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    conversation.last_message_at = now
    Participant.objects.filter(conversation=conversation, user=sender).update(
        last_read_message_id=message.pk, last_read_at=now, unread_count=0
    )
    blockers = Block.objects.filter(blocked=sender).values("blocker_id")
    readers = Participant.objects.filter(conversation=conversation).exclude(user=sender).exclude(user__in=blockers)
    readers.update(unread_count=F("unread_count") + 1)
    viewer_changed()  # the readers' header badge
    # One e-mail per conversation while the person has not read it: for the first unread message only.
    first_unread = list(readers.filter(unread_count=1).values_list("user_id", flat=True))
    if first_unread:
        transaction.on_commit(lambda: _enqueue_emails(message.pk, first_unread))
        # Their devices (or nothing), by their channels for messages: a title and a link, never the text.
        hooks.tell.send(
            kind="message", target_id=message.pk, verb="message", recipient_ids=first_unread, actor_id=sender.pk
        )
    return message


def _enqueue_emails(message_id: int, recipient_ids: list[int]) -> None:
    from .tasks import send_message_email  # the tasks import these services: a cycle at load time

    task = send_message_email
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + EMAIL_DELAY)
    for recipient_id in recipient_ids:
        task.enqueue(message_id=message_id, recipient_id=recipient_id)


def conversation_mark_read(*, user: User, conversation: Conversation, up_to_id: int | None = None) -> Participant:
    """Mark read up to a message (the last one shown), then count again what is left: a message that arrived
    after the page was drawn stays unread."""
    seat = Participant.objects.filter(conversation=conversation, user=user).first()
    if seat is None:
        raise Http404
    visible = Message.objects.visible_to(user).filter(conversation=conversation)
    if up_to_id is None:
        up_to_id = visible.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_read = max(seat.last_read_message_id, up_to_id)
    unread = visible.filter(pk__gt=last_read).exclude(sender=user).count()
    now = timezone.now()
    Participant.objects.filter(pk=seat.pk).update(last_read_message_id=last_read, unread_count=unread, last_read_at=now)
    if unread != seat.unread_count:
        viewer_changed()  # the reader's header badge (reading is a GET: no write generation started by the request)
    seat.last_read_message_id, seat.unread_count, seat.last_read_at = last_read, unread, now
    return seat


def conversation_leave(*, user: User, conversation: Conversation) -> None:
    """Leave a group conversation: the person no longer reads it nor receives its messages; what they wrote stays
    for the others. A one-to-one conversation is not left but blocked (the other would be talking to nobody)."""
    seats = Participant.objects.filter(conversation=conversation)
    if not seats.filter(user=user).exists():
        raise Http404
    if seats.count() <= 2:
        raise ValidationError(
            _("You can leave a group conversation only. To stop receiving messages from this person, block them.")
        )
    seats.filter(user=user).delete()


# --- e-mail -----------------------------------------------------------------------------------------------------


def message_email_send(*, message_id: int, recipient_id: int) -> str:
    """E-mail "X sent you a message" with a link, NEVER the text nor the subject: an e-mail leaves the instance for
    good. Follows the notifications' e-mail choice ("never" means no e-mail; "at once" and "daily digest" both get
    this one, since a message waits for an answer). Idempotent: the participant row is claimed before sending."""
    message = Message.objects.select_related("sender").filter(pk=message_id).first()
    recipient = User.objects.filter(pk=recipient_id, is_active=True).first()
    if message is None or recipient is None or not recipient.email:
        return "missing"
    if not hooks.wants_email(user=recipient, kind="message"):
        return "no e-mail wanted"
    if not Message.objects.visible_to(recipient).filter(pk=message.pk).exists():
        return "not visible"
    seat = Participant.objects.filter(conversation_id=message.conversation_id, user=recipient)
    before = seat.values_list("last_emailed_message_id", flat=True).first()
    claimed = seat.filter(
        last_read_message_id__lt=message.pk,  # already read: no e-mail
        last_emailed_message_id__lt=message.pk,
    ).update(last_emailed_message_id=message.pk)
    if not claimed:
        return "read or already sent"
    try:
        sent = emails.send_new_message(recipient, message)
    except Exception:
        seat.filter(last_emailed_message_id=message.pk).update(last_emailed_message_id=before)  # for the retry
        raise
    return "sent" if sent else "not visible"


# --- blocks and preferences -------------------------------------------------------------------------------------


def names_known_to(*, viewer: User, people_ids) -> set[int]:
    """Those of `people_ids` whose name the viewer may read: a profile they may open, or a person they share a
    conversation with (whose name the conversation shows anyway). Blocking takes any id: what it answers must not
    name someone whose profile is hidden from the blocker."""
    people_ids = set(people_ids)
    visible = set(User.objects.profile_visible_to(viewer).filter(pk__in=people_ids).values_list("pk", flat=True))
    mine = Participant.objects.filter(user=viewer).values("conversation_id")
    talked = set(
        Participant.objects.filter(conversation_id__in=mine, user_id__in=people_ids).values_list("user_id", flat=True)
    )
    return visible | talked


def block_create(*, blocker: User, blocked: User) -> Block:
    if blocker.pk == blocked.pk:
        raise ValidationError(_("You cannot block yourself."))
    try:
        with transaction.atomic():
            block, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    except IntegrityError:  # a double click: the first one counted
        block = Block.objects.get(blocker=blocker, blocked=blocked)
    return block


def block_delete(*, blocker: User, blocked: User) -> bool:
    deleted, _rows = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    return bool(deleted)


@transaction.atomic
def messaging_preference_set(*, user: User, who_may_write: str) -> MessagingPreference:
    if who_may_write not in WhoMayWrite.values:
        raise ValidationError({"who_may_write": _("Choose who may write to you from the list.")})
    preference, _created = MessagingPreference.objects.update_or_create(
        user=user, defaults={"who_may_write": who_may_write}
    )
    return preference
