"""Deleting an account: everything that names the person goes, what the law keeps is kept apart.

The user row is never deleted: it is emptied (no e-mail address, name, handle, avatar, password, places) and marked
`erased_at`, so that what the person chose to leave in others' groups reads "Former member", counts stay right and
records that must outlive the account (the hosting log, moderation decisions, the audit log) keep an id that names
nobody. Before anything is wiped, `accounts.hooks.account_erasing` lets a legal hold copy what it must keep.

What goes in every case: memberships, follows, answers to events (their places go to the waiting list), listings
and their photos, alerts and their photos, answers to listings, reactions, the seats in conversations, blocks,
notifications, preferences, tokens, verifications, second factors, e-mail addresses, data exports, the avatar, and
the spaces where the person was the only member (with all they hold), the videos they had not finished sending. What
the person chooses: their posts, comments, polls, events, videos (with their captions and files), messages, and
questions, answers and documents of the élus' network in what remains are either removed (files included) or kept,
signed "Former member". Their roles in the network and their votes for its questions go in every case.
"""

import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.core.exceptions import ValidationError
from django.db.models import F, ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from parvis.accounts import hooks as accounts_hooks
from parvis.accounts.models import PostalLetter, ProfileVisibility, User, Verification
from parvis.agenda.discussion import EventComment
from parvis.agenda.models import (
    AgendaEditor,
    AgendaPreference,
    CalendarToken,
    Event,
    EventPhoto,
    Invitation,
    Reminder,
)
from parvis.agenda.services.comments import event_comment_delete
from parvis.agenda.services.rsvps import rsvps_withdraw_for_erased_account
from parvis.alerts.models import Alert, AlertDismissal, AlertPreference
from parvis.bulletins.models import Bulletin, NewsConsent, Reception, ThemeChoice
from parvis.core.audit import AuditEntry, audit
from parvis.core.files import file_delete_on_commit
from parvis.core.kinds import changed_in_bulk
from parvis.core.models import MailClaim
from parvis.core.permissions import can
from parvis.counter.models import Question as CounterQuestion
from parvis.counter.models import Report as CounterReport
from parvis.counter.models import ReportPhoto, Supporter
from parvis.directory.models import Recommendation
from parvis.messaging.models import Block, Message, MessageStatus, MessagingPreference, Participant
from parvis.neighbours.models import Listing, ListingAnswer, ResidentVerification
from parvis.network.models import Answer as NetworkAnswer
from parvis.network.models import Document as NetworkDocument
from parvis.network.models import DocumentVersion, NetworkRole, QuestionVote
from parvis.network.models import Question as NetworkQuestion
from parvis.notifications.models import Notification, NotificationPreference
from parvis.polls.models import Poll
from parvis.posts.models import Attachment, Comment, Post, Reaction
from parvis.posts.models import Status as PostStatus
from parvis.posts.services import comment_delete, post_delete
from parvis.procedures.models import Answer as ProcedureAnswer
from parvis.procedures.models import AnswerValue as ProcedureAnswerValue
from parvis.spaces.models import ROLE_ORDER, Follow, Membership, MembershipStatus, Role, Space, SpaceLogAction
from parvis.spaces.services.memberships import space_leave
from parvis.toolbox.models import FileVersion, GroupFile, Pin, SavedPost
from parvis.tv.models import State as VideoState
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
        stepping_down = Membership.objects.filter(space=space, user=user)
        changed_in_bulk(Membership, stepping_down.values_list("pk", flat=True))
        stepping_down.update(role=Role.ADMIN)
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
        _delete_files(FileVersion.objects.filter(file__space=space), ("document",))
        for video in Video.objects.filter(space=space):
            video_delete(actor=user, video=video)  # the space's videos, anyone's, with their renditions and captions
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
    for comment in EventComment.objects.filter(author=user).exclude(status=PostStatus.DELETED):
        event_comment_delete(user=user, comment=comment)
    Poll.objects.filter(author=user).delete()
    # The élus' network: their questions (with the answers given to them), answers and documents with every file.
    NetworkQuestion.objects.filter(author=user).delete()
    NetworkAnswer.objects.filter(author=user).delete()
    documents = NetworkDocument.objects.filter(author=user)
    _delete_files(DocumentVersion.objects.filter(document__in=documents), ("file",))
    documents.delete()
    # Reports to the town hall the person filed go with their photos (a report followed by others is theirs too:
    # kept, without its reporter, in `_remove_personal_rows`).
    filed = CounterReport.objects.filter(reporter=user, supporter_count=0)
    _delete_files(ReportPhoto.objects.filter(report__in=filed), ("image", "image_small"))
    filed.delete()
    # Their questions go, but a public one already answered: it stays in the commune's questions and answers.
    CounterQuestion.objects.filter(asker=user).exclude(public=True, answered_at__isnull=False).delete()
    for video in Video.objects.filter(author=user):
        video_delete(actor=user, video=video)  # its renditions, poster and captions go with it
    events = Event.objects.filter(created_by=user)
    _delete_files(events, ("image",))
    events.delete()
    # The files they shared go with every version; the versions they sent of others' files go too.
    _delete_files(FileVersion.objects.filter(Q(file__author=user) | Q(uploaded_by=user)), ("document",))
    FileVersion.objects.filter(uploaded_by=user).delete()
    GroupFile.objects.filter(author=user).delete()
    Recommendation.objects.filter(author=user).delete()
    messages = Message.objects.filter(sender=user)
    _delete_files(messages.exclude(image=""), ("image",))
    changed_in_bulk(Message, messages.values_list("pk", flat=True), gone=True)  # the hosting log's deletions
    messages.update(body="", image="", image_alt="", status=MessageStatus.REMOVED)


def _remove_unfinished_videos(user: User) -> None:
    """A video still being sent, or refused, goes whatever the choice: only its uploader could finish or send it
    again, and its received bytes would wait in the work folder for no one."""
    unfinished = Video.objects.filter(author=user, state__in=(VideoState.UPLOADING, VideoState.FAILED))
    for video in unfinished:
        video_delete(actor=user, video=video)


def _remove_personal_rows(user: User) -> None:
    _remove_unfinished_videos(user)
    rsvps_withdraw_for_erased_account(user=user)
    for membership in Membership.objects.filter(user=user).select_related("space"):
        space_leave(space=membership.space, user=user)  # tells agenda and neighbours (their hooks)
    Follow.objects.filter(user=user).delete()
    SavedPost.objects.filter(user=user).delete()
    Pin.objects.filter(pinned_by=user).update(pinned_by=None)
    FileVersion.objects.filter(uploaded_by=user).update(uploaded_by=None)
    # Their roles in the élus' network name them (mandate, commune, dates); their votes for questions go too.
    NetworkRole.objects.filter(user=user).delete()
    for voted in QuestionVote.objects.filter(voter=user).values_list("question_id", flat=True):
        NetworkQuestion.objects.filter(pk=voted, vote_count__gt=0).update(vote_count=F("vote_count") - 1)
    QuestionVote.objects.filter(voter=user).delete()
    # A report kept for the public service no longer names who filed it; "me too" goes.
    CounterReport.objects.filter(reporter=user).update(reporter=None, anonymous=True)
    CounterReport.objects.filter(assignee=user).update(assignee=None)
    CounterQuestion.objects.filter(asker=user).update(asker=None)
    CounterQuestion.objects.filter(answerer=user).update(answerer=None)
    # Online requests are the person's own business with the service, whatever their choice: they go, with their
    # files (the service keeps what it needs in its own records, not on the social network).
    _delete_files(ProcedureAnswerValue.objects.filter(answer__applicant=user), ("file",))
    ProcedureAnswer.objects.filter(applicant=user).delete()
    ProcedureAnswer.objects.filter(assignee=user).update(assignee=None)
    for supported in Supporter.objects.filter(user=user).values_list("report_id", flat=True):
        CounterReport.objects.filter(pk=supported, supporter_count__gt=0).update(
            supporter_count=F("supporter_count") - 1
        )
    Supporter.objects.filter(user=user).delete()
    listings = Listing.objects.filter(author=user)
    for listing in listings.prefetch_related("photos"):
        _delete_files(listing.photos.all(), PHOTO_FIELDS)
    listings.delete()
    ListingAnswer.objects.filter(user=user).delete()
    # Alerts are short-lived news of a place that name their sender ("write to Camille"): they go, photos too, even
    # those sent for the town hall (which sends again if still needed).
    alerts = Alert.objects.filter(sender=user)
    _delete_files(alerts.exclude(photo=""), ("photo", "photo_small"))
    alerts.delete()
    AlertDismissal.objects.filter(user=user).delete()
    AlertPreference.objects.filter(user=user).delete()
    ResidentVerification.objects.filter(user=user).delete()
    # "Verified by …" names nobody else; the letters kept an address; the providers know the person by a number.
    Verification.objects.filter(user=user).delete()
    Verification.objects.filter(verifier=user).update(verifier=None)
    PostalLetter.objects.filter(user=user).delete()
    PostalLetter.objects.filter(created_by=user).update(created_by=None)
    SocialAccount.objects.filter(user=user).delete()
    for reaction in Reaction.objects.filter(user=user):
        Post.objects.filter(pk=reaction.post_id, reaction_count__gt=0).update(reaction_count=F("reaction_count") - 1)
    Reaction.objects.filter(user=user).delete()
    Post.mentioned_users.through.objects.filter(user=user).delete()
    Comment.mentioned_users.through.objects.filter(user=user).delete()
    EventComment.mentioned_users.through.objects.filter(user=user).delete()
    Participant.objects.filter(user=user).delete()
    Block.objects.filter(blocker=user).delete()
    Block.objects.filter(blocked=user).delete()
    Notification.objects.filter(recipient=user).delete()
    Notification.objects.filter(actor=user).update(actor=None)
    NotificationPreference.objects.filter(user=user).delete()
    # The news an official space sent stays the institution's: only the name of the agent who sent it goes.
    Bulletin.objects.filter(author=user).update(author=None)
    Reception.objects.filter(person=user).delete()
    ThemeChoice.objects.filter(person=user).delete()
    NewsConsent.objects.filter(person=user).delete()
    MessagingPreference.objects.filter(user=user).delete()
    user.api_tokens.all().delete()
    CalendarToken.objects.filter(user=user).delete()
    # Invitations received and reminders go; those the person sent stay the invitee's, without the sender's name.
    Invitation.objects.filter(invitee=user).delete()
    Invitation.objects.filter(invited_by=user).update(invited_by=None)
    Reminder.objects.filter(user=user).delete()
    photos = EventPhoto.objects.filter(author=user)
    _delete_files(photos, ("image", "image_small"))
    photos.delete()
    AgendaPreference.objects.filter(user=user).delete()
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
