"""What a download of "all my data" holds: everything the person wrote, and what the instance keeps about them.

Each section reads the person's own rows. Other people appear only by the public name the person already sees on
the pages (the sender of a message in their conversation, the space of their post), never by an e-mail address,
and a conversation gives only the messages the person may read in it (`Message.objects.visible_to`): leaving it or
blocking someone hides the same messages here as on the page.
"""

from collections.abc import Iterator

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models.fields.files import FieldFile

from parvis.accounts.models import User
from parvis.agenda.models import CalendarToken, Event, Rsvp
from parvis.core.audit import AuditEntry
from parvis.messaging.models import Block, Message, MessagingPreference
from parvis.moderation.models import Decision, Report
from parvis.neighbours.models import Listing, ListingAnswer, ListingPhoto, ResidentVerification
from parvis.notifications.models import Notification, NotificationPreference
from parvis.polls.models import Poll, Vote
from parvis.posts.models import Attachment, Comment, Post, PostRevision, Reaction
from parvis.spaces.models import Follow, Membership

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
            Membership.objects.filter(user=user), "space__name", "space__slug", "role", "status", "created_at"
        ),
        "follows": _rows(Follow.objects.filter(user=user), "space__name", "created_at"),
        "posts": _rows(
            Post.objects.filter(author=user), "id", "space__name", "body", "status", "created_at", "edited_at"
        ),
        "post_revisions": _rows(PostRevision.objects.filter(post__author=user), "post_id", "body", "created_at"),
        "comments": _rows(
            Comment.objects.filter(author=user), "id", "post_id", "body", "status", "created_at", "edited_at"
        ),
        "reactions": _rows(Reaction.objects.filter(user=user), "post_id", "kind", "created_at"),
        "polls": _rows(Poll.objects.filter(author=user), "id", "space__name", "question", "status", "created_at"),
        "votes": _rows(Vote.objects.filter(voter=user), "poll__question", "option__text", "created_at"),
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
            Rsvp.objects.filter(user=user), "event__title", "event__start", "status", "created_at", "updated_at"
        ),
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
        "listing_answers": _rows(ListingAnswer.objects.filter(user=user), "listing__title", "message", "created_at"),
        "residences": _rows(
            ResidentVerification.objects.filter(user=user), "residence__territory__name", "method", "verified_at"
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
            Report.objects.filter(reporter=user), "kind", "target_id", "reason", "details", "status", "created_at"
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
    listings' photos, the pictures they sent in messages, their events' pictures (the largest size of each)."""
    if user.avatar:
        yield "avatar", user.avatar
    for attachment in Attachment.objects.filter(post__author=user).exclude(image="").iterator():
        yield "posts", attachment.image
    for photo in ListingPhoto.objects.filter(listing__author=user).exclude(image="").iterator():
        yield "listings", photo.image
    for message in Message.objects.filter(sender=user).exclude(image="").iterator():
        yield "messages", message.image
    for event in Event.objects.filter(created_by=user).exclude(image="").iterator():
        yield "events", event.image
