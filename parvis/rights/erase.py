"""Deleting an account: everything that names the person goes, what the law keeps is kept apart.

The user row is never deleted: it is emptied (no e-mail address, name, handle, avatar, password, places) and marked
`erased_at`, so that what the person chose to leave in others' groups reads "Former member", counts stay right and
records that must outlive the account (the hosting log, moderation decisions, the audit log) keep an id that names
nobody. Before anything is wiped, `accounts.hooks.account_erasing` lets a legal hold copy what it must keep.

What goes in every case: memberships, follows, answers to events (their places go to the waiting list), listings
and their photos, answers to listings, reactions, the seats in conversations, blocks, notifications, preferences,
tokens, verifications, second factors, e-mail addresses, data exports, the avatar, and the spaces where the person
was the only member (with all they hold). What the person chooses: their posts, comments, polls, events and
messages in what remains are either removed (files included) or kept, signed "Former member".
"""

import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import ValidationError
from django.db.models import F, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.accounts import hooks as accounts_hooks
from parvis.accounts.models import ProfileVisibility, User
from parvis.agenda.models import AgendaEditor, CalendarToken, Event
from parvis.agenda.services.rsvps import rsvps_withdraw_for_erased_account
from parvis.core.audit import AuditEntry, audit
from parvis.core.files import file_delete_on_commit
from parvis.core.models import MailClaim
from parvis.core.permissions import can
from parvis.messaging.models import Block, Message, MessageStatus, MessagingPreference, Participant
from parvis.neighbours.models import Listing, ListingAnswer, ResidentVerification
from parvis.notifications.models import Notification, NotificationPreference
from parvis.polls.models import Poll
from parvis.posts.models import Attachment, Comment, Post, Reaction
from parvis.posts.models import Status as PostStatus
from parvis.posts.services import comment_delete, post_delete
from parvis.spaces.models import ROLE_ORDER, Follow, Membership, MembershipStatus, Role, Space, SpaceLogAction
from parvis.spaces.services.memberships import space_leave
from parvis.tv.models import Video
from parvis.tv.services import video_delete

from .models import DataExport

PHOTO_FIELDS = ("image", "image_small", "image_medium")


def _owned_and_shared(user: User) -> list[Space]:
    owned = Membership.objects.filter(user=user, role=Role.OWNER, status=MembershipStatus.ACTIVE)
    shared = (
        Membership.objects.filter(status=MembershipStatus.ACTIVE, space__in=owned.values("space_id"))
        .exclude(user=user)
        .values("space_id")
    )
    return list(Space.objects.filter(pk__in=shared).order_by("name"))


def spaces_to_hand_over(user: User) -> list[Space]:
    """Spaces the person owns where someone else is an active member: they must hand them over before leaving
    (as when leaving one space), so that no group is left without an owner nor deleted under its members."""
    return [space for space in _owned_and_shared(user) if can(user, "space.transfer", space)]


def _pass_on_spaces_left(user: User) -> None:
    """A shared space the person owns but may not hand over (suspended by the operator's moderation, whose
    decision stands) goes to its next officer, or its longest-standing member, as the journal says."""
    for space in _owned_and_shared(user):
        heir = (
            Membership.objects.filter(space=space, status=MembershipStatus.ACTIVE)
            .exclude(user=user)
            .order_by(ROLE_ORDER, "created_at", "pk")
            .first()
        )
        Membership.objects.filter(space=space, user=user).update(role=Role.ADMIN)
        heir.role = Role.OWNER
        heir.save(update_fields=["role"])
        audit(
            actor=user,
            verb=SpaceLogAction.OWNERSHIP_TRANSFERRED,
            target=heir.user,
            space=space,
            reason=_("The owner deleted their account."),
        )


def _delete_files(rows, fields) -> None:
    for row in rows:
        for field in fields:
            if getattr(row, field, None):
                file_delete_on_commit(getattr(row, field))


def _delete_own_spaces(user: User) -> None:
    """Spaces where the person is the only member go, with everything in them (files after commit)."""
    owned = Space.objects.filter(
        memberships__user=user, memberships__role=Role.OWNER, memberships__status=MembershipStatus.ACTIVE
    )
    for space in owned:
        _delete_files(Attachment.objects.filter(post__space=space), PHOTO_FIELDS)
        _delete_files(Event.objects.filter(space=space), ("image",))
        _delete_files([space], ("cover",))
        try:
            space.delete()
        except ProtectedError as error:  # a residence's space belongs to its manager's records
            raise ValidationError(
                _("The space “%(name)s” cannot be deleted with your account: ask the operator.") % {"name": space.name}
            ) from error


def _remove_contributions(user: User) -> None:
    """The person chose to take their contributions with them: through the apps' own deletions where there is one
    (a deleted post keeps its place in the thread, empty, so that others' replies stay)."""
    for post in Post.objects.filter(author=user).exclude(status=PostStatus.DELETED):
        post_delete(user=user, post=post)
    for comment in Comment.objects.filter(author=user).exclude(status=PostStatus.DELETED):
        comment_delete(user=user, comment=comment)
    Poll.objects.filter(author=user).delete()
    for video in Video.objects.filter(author=user):
        video_delete(actor=user, video=video)  # its renditions, poster and captions go with it
    events = Event.objects.filter(created_by=user)
    _delete_files(events, ("image",))
    events.delete()
    messages = Message.objects.filter(sender=user)
    _delete_files(messages.exclude(image=""), ("image",))
    messages.update(body="", image="", image_alt="", status=MessageStatus.REMOVED)


def _remove_personal_rows(user: User) -> None:
    rsvps_withdraw_for_erased_account(user=user)
    for membership in Membership.objects.filter(user=user).select_related("space"):
        space_leave(space=membership.space, user=user)  # tells agenda and neighbours (their hooks)
    Follow.objects.filter(user=user).delete()
    listings = Listing.objects.filter(author=user)
    for listing in listings.prefetch_related("photos"):
        _delete_files(listing.photos.all(), PHOTO_FIELDS)
    listings.delete()
    ListingAnswer.objects.filter(user=user).delete()
    ResidentVerification.objects.filter(user=user).delete()
    for reaction in Reaction.objects.filter(user=user):
        Post.objects.filter(pk=reaction.post_id, reaction_count__gt=0).update(reaction_count=F("reaction_count") - 1)
    Reaction.objects.filter(user=user).delete()
    Post.mentioned_users.through.objects.filter(user=user).delete()
    Comment.mentioned_users.through.objects.filter(user=user).delete()
    Participant.objects.filter(user=user).delete()
    Block.objects.filter(blocker=user).delete()
    Block.objects.filter(blocked=user).delete()
    Notification.objects.filter(recipient=user).delete()
    Notification.objects.filter(actor=user).update(actor=None)
    NotificationPreference.objects.filter(user=user).delete()
    MessagingPreference.objects.filter(user=user).delete()
    user.api_tokens.all().delete()
    CalendarToken.objects.filter(user=user).delete()
    AgendaEditor.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    MailClaim.objects.filter(address__iexact=user.email).delete()
    exports = DataExport.objects.filter(user=user)
    _delete_files(exports.exclude(file=""), ("file",))
    exports.delete()


def _anonymise_audit(user: User) -> None:
    """Audit entries are kept (they answer a dispute about an act of authority) but no longer name the person: the
    label written then goes, the link to the emptied row reads "Former member"."""
    AuditEntry.objects.filter(actor=user).update(actor_label="")
    AuditEntry.objects.filter(kind="accounts.user", object_id=user.pk).update(target_label="")


def _empty_user_row(user: User) -> None:
    if user.avatar:
        file_delete_on_commit(user.avatar)
    user.email = f"supprime-{user.pk}-{secrets.token_hex(6)}@compte-supprime.invalid"
    user.display_name = ""
    user.handle = None
    user.avatar = ""
    user.bio = ""
    user.home_commune = user.quartier = user.residence = None
    user.language = ""
    user.profile_visibility = ProfileVisibility.CONTACTS
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.charter_accepted_at = None
    user.erased_at = timezone.now()
    # A new password hash ends every session the person had open (Django checks it on each request).
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


def account_erase(*, user: User, keep_contributions: bool) -> None:
    """Call inside a transaction that removes files on rollback (`core.files.atomic_with_files`), after checking
    that the person confirmed and owns no shared space (`spaces_to_hand_over`)."""
    accounts_hooks.account_erasing(user)
    _pass_on_spaces_left(user)
    _delete_own_spaces(user)
    if not keep_contributions:
        _remove_contributions(user)
    _remove_personal_rows(user)
    _anonymise_audit(user)
    _empty_user_row(user)
