"""What a download of "all my data" holds: everything the person wrote, and what the instance keeps about them.

Each section reads the person's own rows. Other people appear only by the public name the person already sees on
the pages (the sender of a message in their conversation, the space of their post), never by an e-mail address,
and a conversation gives only the messages the person may read in it (`Message.objects.visible_to`): leaving it or
blocking someone hides the same messages here as on the page.
"""

from collections.abc import Iterator
from types import SimpleNamespace

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.db.models.fields.files import FieldFile

from parvis.accounts.models import PostalLetter, User, Verification
from parvis.agenda.discussion import EventComment
from parvis.agenda.models import (
    AgendaPreference,
    CalendarToken,
    Event,
    EventPhoto,
    Invitation,
    Reminder,
    Replay,
    Rsvp,
)
from parvis.bulletins.models import Bulletin, NewsConsent, Reception, ThemeChoice
from parvis.core.audit import AuditEntry
from parvis.core.links import absolute_url
from parvis.core.media import private_storage
from parvis.counter.models import Question as CounterQuestion
from parvis.counter.models import Report as CounterReport
from parvis.counter.models import ReportPhoto, Supporter
from parvis.directory.models import Recommendation
from parvis.messaging.models import Block, Message, MessagingPreference
from parvis.moderation.models import Decision, Report
from parvis.neighbours.models import Listing, ListingAnswer, ListingPhoto, ResidentVerification
from parvis.network.models import Answer as NetworkAnswer
from parvis.network.models import Document as NetworkDocument
from parvis.network.models import NetworkRole, QuestionVote
from parvis.network.models import Question as NetworkQuestion
from parvis.notifications.models import Notification, NotificationPreference
from parvis.polls.models import Poll, Vote
from parvis.posts.models import Attachment, Comment, Post, PostRevision, Reaction
from parvis.procedures.models import Answer as ProcedureAnswer
from parvis.procedures.models import AnswerUpdate as ProcedureAnswerUpdate
from parvis.procedures.models import AnswerValue as ProcedureAnswerValue
from parvis.spaces.models import Follow, Membership
from parvis.toolbox.models import FileVersion, Pin, SavedPost
from parvis.tv.models import Caption, Chapter, Playlist, Programme, State, Video
from parvis.tv.storage import storage_name

from .models import DataExport


def _rows(queryset, *fields: str) -> list[dict]:
    """Plain values: the JSON names are the fields' names, a related object's by `__`."""
    return list(queryset.order_by("pk").values(*fields))


def _account(user: User) -> dict:
    return {
        "id": user.pk,
        "email": user.email,
        "display_name": user.display_name,
        "handle": user.handle,
        "bio": user.bio,
        "home_commune": user.home_commune.name if user.home_commune_id else None,
        "quartier": user.quartier.name if user.quartier_id else None,
        "residence": user.residence.name if user.residence_id else None,
        "language": user.language,
        "profile_visibility": user.profile_visibility,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "charter_accepted_at": user.charter_accepted_at,
        "email_addresses": _rows(EmailAddress.objects.filter(user=user), "email", "verified", "primary"),
        # That a second factor exists, never its secret nor the recovery codes.
        "second_factors": _rows(Authenticator.objects.filter(user=user), "type", "created_at", "last_used_at"),
        "api_tokens": _rows(user.api_tokens.all(), "name", "hint", "created_at", "last_used_at", "revoked_at"),
        "calendar_addresses": _rows(CalendarToken.objects.filter(user=user), "created_at", "revoked_at"),
    }


def _messages(user: User) -> list[dict]:
    readable = Message.objects.visible_to(user).select_related("sender", "conversation").order_by("pk")
    return [
        {
            "conversation": message.conversation_id,
            "subject": message.conversation.subject,
            "from": "me" if message.sender_id == user.pk else (message.sender.public_name if message.sender else ""),
            "body": message.body,
            "image_description": message.image_alt,
            "sent_at": message.created_at,
        }
        for message in readable.iterator()
    ]


def _notifications(user: User) -> list[dict]:
    rows = Notification.objects.filter(recipient=user).select_related("actor", "space").order_by("pk")
    return [
        {
            "text": notification.text,
            "kind": notification.kind,
            "about": f"{notification.target_kind}:{notification.target_id}",
            "created_at": notification.created_at,
            "read_at": notification.read_at,
            "emailed_at": notification.emailed_at,
        }
        for notification in rows.iterator()
    ]


def _mp4(video: Video):
    """The video's MP4 as the zip takes it (a file-like with `storage` and `name`) and its size, or (None, size)
    when there is none or it is larger than PARVIS_EXPORT_VIDEO_MAX_BYTES (None for the size when there is none).
    The file uploaded is not kept after transcoding: the MP4 is the copy the instance holds."""
    if video.state != State.READY:
        return None, None
    stored = SimpleNamespace(storage=private_storage(), name=storage_name(video, "video.mp4"))
    try:
        size = stored.storage.size(stored.name)
    except (FileNotFoundError, OSError):
        return None, None
    return (stored if size <= settings.PARVIS_EXPORT_VIDEO_MAX_BYTES else None), size


def _videos(user: User) -> list[dict]:
    rows = []
    for video in Video.objects.filter(author=user).select_related("channel", "space").order_by("pk").iterator():
        included, size = _mp4(video)
        rows.append(
            {
                "id": video.pk,
                "space": video.space.name,
                "channel": video.channel.name,
                "title": video.title,
                "description": video.description,
                "visibility": video.visibility,
                "state": video.state,
                "status": video.status,
                "duration_seconds": video.duration,
                "created_at": video.created_at,
                "published_at": video.published_at,
                "page": absolute_url(video.get_absolute_url()) if video.state == State.READY else None,
                "mp4_bytes": size,
                # Up to PARVIS_EXPORT_VIDEO_MAX_BYTES the MP4 is in the zip (fichiers/videos/); a larger one is
                # watched and downloaded from its page while the account exists.
                "mp4_in_this_download": included is not None,
            }
        )
    return rows


def personal_data(user: User) -> dict:
    """Every section of the download, as JSON-ready values (dates and decimals go through DjangoJSONEncoder)."""
    preferences = NotificationPreference.objects.filter(user=user).first()
    messaging = MessagingPreference.objects.filter(user=user).first()
    return {
        "account": _account(user),
        "preferences": {
            "notifications_email": preferences.email_frequency if preferences else None,
            "who_may_write_to_me": messaging.who_may_write if messaging else None,
        },
        "memberships": _rows(
            Membership.objects.filter(user=user),
            "space__name",
            "space__slug",
            "role",
            "status",
            "created_at",
            "join_answers",
            "rules_accepted_at",
        ),
        # A group's toolbox: the files the person shared (each version is in the zip, fichiers/group_files/), the
        # posts they pinned as an administrator, and their own list of saved posts.
        "group_files": _rows(
            FileVersion.objects.filter(uploaded_by=user),
            "file__space__name",
            "file__title",
            "number",
            "original_name",
            "size",
            "created_at",
        ),
        "posts_pinned": _rows(Pin.objects.filter(pinned_by=user), "space__name", "post_id", "created_at"),
        "saved_posts": _rows(SavedPost.objects.filter(user=user), "post_id", "post__space__name", "created_at"),
        "recommendations": _rows(
            Recommendation.objects.filter(author=user), "space__name", "text", "status", "created_at", "updated_at"
        ),
        "follows": _rows(Follow.objects.filter(user=user), "space__name", "created_at"),
        "posts": _rows(
            Post.objects.filter(author=user),
            "id",
            "space__name",
            "body",
            "video_id",
            "status",
            "created_at",
            "edited_at",
        ),
        "post_revisions": _rows(PostRevision.objects.filter(post__author=user), "post_id", "body", "created_at"),
        "comments": _rows(
            Comment.objects.filter(author=user), "id", "post_id", "body", "status", "created_at", "edited_at"
        ),
        "reactions": _rows(Reaction.objects.filter(user=user), "post_id", "kind", "created_at"),
        "polls": _rows(Poll.objects.filter(author=user), "id", "space__name", "question", "status", "created_at"),
        "votes": _rows(Vote.objects.filter(voter=user), "poll__question", "option__text", "created_at"),
        # The élus' network: the person's verified roles, questions, votes, answers and the documents they shared.
        "network_roles": _rows(
            NetworkRole.objects.filter(user=user),
            "kind",
            "first_name",
            "last_name",
            "commune__name",
            "function",
            "service",
            "direction",
            "theme__name",
            "starts_on",
            "ends_on",
            "source",
            "accepted_at",
        ),
        "network_questions": _rows(
            NetworkQuestion.objects.filter(author=user), "id", "session__title", "text", "created_at"
        ),
        "network_votes": _rows(QuestionVote.objects.filter(voter=user), "question_id", "created_at"),
        "network_answers": _rows(NetworkAnswer.objects.filter(author=user), "question_id", "text", "created_at"),
        "network_documents": _rows(
            NetworkDocument.objects.filter(author=user), "id", "space__name", "title", "created_at"
        ),
        "news_received": _rows(
            Reception.objects.filter(person=user), "bulletin__space__name", "bulletin__title", "bulletin__sent_at"
        ),
        "news_sent": _rows(Bulletin.objects.filter(author=user), "id", "space__name", "title", "text", "sent_at"),
        "news_themes": _rows(ThemeChoice.objects.filter(person=user), "theme"),
        "news_by_email": _rows(NewsConsent.objects.filter(person=user), "email", "changed_at"),
        "reports_to_the_town_hall": _rows(
            CounterReport.objects.filter(reporter=user),
            "id",
            "category__name",
            "commune__name",
            "description",
            "address",
            "latitude",
            "longitude",
            "anonymous",
            "state",
            "created_at",
        ),
        "reports_i_follow": _rows(Supporter.objects.filter(user=user), "report_id", "created_at"),
        "questions_to_the_town_hall": _rows(
            CounterQuestion.objects.filter(asker=user),
            "id",
            "service__name",
            "commune__name",
            "public",
            "text",
            "answer",
            "answered_at",
            "created_at",
        ),
        "online_requests": _rows(
            ProcedureAnswer.objects.filter(applicant=user),
            "id",
            "procedure__title",
            "service__name",
            "commune__name",
            "state",
            "created_at",
        ),
        "online_request_answers": _rows(
            ProcedureAnswerValue.objects.filter(answer__applicant=user), "answer_id", "label", "text", "date", "file"
        ),
        "online_request_steps": _rows(
            ProcedureAnswerUpdate.objects.filter(answer__applicant=user), "answer_id", "state", "message", "created_at"
        ),
        "events_organised": _rows(
            Event.objects.filter(created_by=user),
            "id",
            "space__name",
            "title",
            "description",
            "start",
            "end",
            "venue_name",
            "address",
            "status",
        ),
        "event_answers": _rows(
            Rsvp.objects.filter(user=user),
            "event__title",
            "event__start",
            "status",
            "answer",
            "created_at",
            "updated_at",
        ),
        "event_invitations_received": _rows(
            Invitation.objects.filter(invitee=user),
            "event__title",
            "invited_by__display_name",
            "status",
            "created_at",
            "answered_at",
        ),
        "event_invitations_sent": _rows(
            Invitation.objects.filter(invited_by=user), "event__title", "status", "created_at"
        ),
        "event_reminders": _rows(
            Reminder.objects.filter(user=user), "event__title", "slot", "occurrence_start", "created_at"
        ),
        "event_photos": _rows(EventPhoto.objects.filter(author=user), "event__title", "alt_text", "created_at"),
        "event_comments": _rows(
            EventComment.objects.filter(author=user), "id", "event__title", "parent_id", "body", "status", "created_at"
        ),
        "agenda_preferences": _rows(
            AgendaPreference.objects.filter(user=user),
            "remind_day_before",
            "remind_hour_before",
            "new_events_in_my_groups",
        ),
        "videos": _videos(user),
        # The captions of the person's videos (their text is in the zip, fichiers/videos/, one file a language).
        "video_captions": _rows(Caption.objects.filter(video__author=user), "video_id", "language", "created_at"),
        "listings": _rows(
            Listing.objects.filter(author=user),
            "id",
            "direction",
            "kind",
            "scope",
            "title",
            "description",
            "price",
            "status",
            "created_at",
        ),
        # The web TV: the chapters of the person's videos, the programmes and playlists they made, the replays
        # they linked to events.
        "video_chapters": _rows(Chapter.objects.filter(video__author=user), "video_id", "start", "point", "title"),
        "tv_programmes": _rows(Programme.objects.filter(created_by=user), "id", "channel__name", "title", "created_at"),
        "tv_playlists": _rows(Playlist.objects.filter(created_by=user), "id", "channel__name", "title", "created_at"),
        "replays_linked": _rows(Replay.objects.filter(created_by=user), "event__title", "video__title", "created_at"),
        "listing_answers": _rows(ListingAnswer.objects.filter(user=user), "listing__title", "message", "created_at"),
        "residences": _rows(
            ResidentVerification.objects.filter(user=user), "residence__territory__name", "method", "verified_at"
        ),
        "verifications": _rows(
            Verification.objects.filter(user=user), "level", "method", "verifier_label", "verified_at", "expires_at"
        ),
        "postal_letters": _rows(PostalLetter.objects.filter(user=user), "id", "address", "created_at", "used_at"),
        "identity_providers": _rows(
            SocialAccount.objects.filter(user=user), "provider", "uid", "date_joined", "last_login"
        ),
        "messages": _messages(user),
        "blocked_people": [
            {"name": block.blocked.public_name, "created_at": block.created_at}
            for block in Block.objects.filter(blocker=user).select_related("blocked").order_by("pk")
        ],
        "notifications": _notifications(user),
        # The reporter's own reports, and the decisions taken on their content (the statements of reasons they were
        # sent); never the moderators' names nor other reporters.
        "reports_made": _rows(
            Report.objects.filter(reporter=user),
            "kind",
            "target_id",
            "reason",
            "details",
            "status",
            "created_at",
            "appeal_text",
            "appealed_at",
            "appeal_outcome",
            "appeal_reason",
        ),
        "decisions_about_my_content": _rows(
            Decision.objects.filter(author=user), "kind", "target_id", "action", "reason", "status", "created_at"
        ),
        # What the person did that the audit log recorded (acts of authority: approving a member, a verification).
        "my_acts_in_the_audit_log": _rows(
            AuditEntry.objects.filter(actor=user), "verb", "target_label", "reason", "created_at"
        ),
        # Parvis keeps no history of sign-ins beyond the last one (`account.last_login`).
        "data_exports": _rows(DataExport.objects.filter(user=user), "status", "created_at", "downloaded_at"),
    }


def personal_files(user: User) -> Iterator[tuple[str, FieldFile]]:
    """(folder in the zip, file) for every file the person put on the instance: their avatar, their posts' and
    listings' photos, the pictures they sent in messages, their events' pictures (the largest size of each), their
    videos' posters, captions and MP4 (up to PARVIS_EXPORT_VIDEO_MAX_BYTES each)."""
    if user.avatar:
        yield "avatar", user.avatar
    for attachment in Attachment.objects.filter(post__author=user).exclude(image="").iterator():
        yield "posts", attachment.image
    for photo in ListingPhoto.objects.filter(listing__author=user).exclude(image="").iterator():
        yield "listings", photo.image
    for photo in ReportPhoto.objects.filter(report__reporter=user).exclude(image="").iterator():
        yield "reports", photo.image
    for message in Message.objects.filter(sender=user).exclude(image="").iterator():
        yield "messages", message.image
    for value in ProcedureAnswerValue.objects.filter(answer__applicant=user).exclude(file="").iterator():
        yield "online-requests", value.file
    for event in Event.objects.filter(created_by=user).exclude(image="").iterator():
        yield "events", event.image
    for video in Video.objects.filter(author=user).order_by("pk").iterator():
        if video.poster:
            yield "videos", video.poster
        mp4, _size = _mp4(video)
        if mp4 is not None:
            yield "videos", mp4
    for caption in Caption.objects.filter(video__author=user).order_by("pk").iterator():
        yield "videos", caption.file
    for version in FileVersion.objects.filter(uploaded_by=user).exclude(document="").order_by("pk").iterator():
        yield "group_files", version.document
