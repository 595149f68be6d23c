"""The complete set of kinds of notification and the channels each person chose for each: on the site (in-app),
by e-mail (at once or in the daily digest: the e-mail frequency is the cadence), by push on their devices, or none.

A notification's reason (`Notification.kind`) is one of `models.Kind` or a verb of a kind of content (the agenda's
"event_invitation"); `kind_of_reason` files it under one kind of this list. A kind of content says where its own
verbs go in its `extra={"notify_as": {verb: "<kind of this list>"}}`; a verb it does not file is "activity" (new
things in the spaces one follows). This module names no kind of content.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from parvis.core import kinds as content_kinds

from .models import ChannelChoice, Kind

IN_APP = "in_app"
EMAIL = "email"
PUSH = "push"
CHANNELS = (IN_APP, EMAIL, PUSH)
CHANNEL_LABELS = {IN_APP: _("On the site"), EMAIL: _("By e-mail"), PUSH: _("On my devices")}


@dataclass(frozen=True)
class NotificationKind:
    name: str
    label: object
    hint: object
    default: frozenset
    # Its e-mail is sent by its own app (a private message's e-mail, sent once per unread conversation), which asks
    # `hooks.wants_email(user=…, kind=…)`: the notification row never goes by e-mail.
    own_email: bool = False


def _kind(name, label, hint, *channels, own_email=False) -> NotificationKind:
    return NotificationKind(name, label, hint, frozenset(channels), own_email)


# In the order of the preferences page: what concerns the person first. Push is on by default only for what a
# person waits for (a message, a reminder, an alert); everything else asks them to choose it.
KINDS = {
    kind.name: kind
    for kind in (
        # Not on the notifications page by default: the messages have their own page and badge.
        _kind("message", _("Private messages"), _("Someone writes to you"), EMAIL, PUSH, own_email=True),
        _kind("mention", _("Mentions"), _("Someone names you in a post or a comment"), IN_APP, EMAIL),
        _kind("reply", _("Replies"), _("Someone replies to your comment"), IN_APP, EMAIL),
        _kind("comment", _("Comments"), _("Someone comments on your post"), IN_APP, EMAIL),
        _kind("reactions", _("Reactions"), _("People react to your post (grouped)"), IN_APP),
        _kind("invitation", _("Invitations"), _("You are invited to an event or a group"), IN_APP, EMAIL),
        _kind("approval", _("Requests and approvals"), _("A request to join, your request accepted"), IN_APP, EMAIL),
        _kind("reminder", _("Reminders"), _("An event you go to is near"), IN_APP, EMAIL, PUSH),
        _kind(
            "agenda_decision",
            _("Agenda decisions"),
            _("Your request to take part is accepted or declined"),
            IN_APP,
            EMAIL,
        ),
        _kind("announcement", _("News of my commune"), _("News your commune sends on your themes"), IN_APP, EMAIL),
        _kind("alert", _("Alerts"), _("An alert of your commune or your residence"), IN_APP, EMAIL, PUSH),
        _kind("activity", _("News in my spaces"), _("New posts, events and polls where you belong"), IN_APP, EMAIL),
    )
}

# The general reasons of `models.Kind`, filed; a kind of content files its own verbs (see the docstring).
_GENERAL = {
    Kind.MENTION: "mention",
    Kind.REPLY: "reply",
    Kind.COMMENT_ON_MY_POST: "comment",
    Kind.JOIN_REQUEST: "approval",
    Kind.APPROVED: "approval",
    Kind.REACTIONS: "reactions",
    Kind.ALERT: "alert",
    Kind.PARTICIPATION_DECIDED: "agenda_decision",
    Kind.MESSAGE: "message",
    Kind.NEW_POST_IN_FOLLOWED_SPACE: "activity",
}


def kind_of_reason(reason: str, content_kind_name: str = "") -> str:
    if reason in _GENERAL:
        return _GENERAL[reason]
    content_kind = content_kinds.get(content_kind_name) if content_kind_name else None
    filed = content_kind.extra.get("notify_as", {}).get(reason) if content_kind is not None else None
    return filed if filed in KINDS else "activity"


def channels_of(user_ids, kind: str) -> dict[int, frozenset]:
    """{person id: their channels for `kind`} in one query; the kind's default for those who never chose."""
    default = KINDS[kind].default
    chosen = {
        row["user_id"]: frozenset(channel for channel in CHANNELS if row[channel])
        for row in ChannelChoice.objects.filter(user_id__in=list(user_ids), kind=kind).values("user_id", *CHANNELS)
    }
    return {user_id: chosen.get(user_id, default) for user_id in user_ids}


def table_for(user) -> list[tuple[NotificationKind, frozenset]]:
    """Every kind with the person's channels, for the preferences page and the API."""
    chosen = {
        row.kind: frozenset(channel for channel in CHANNELS if getattr(row, channel))
        for row in ChannelChoice.objects.filter(user=user)
    }
    return [(kind, chosen.get(name, kind.default)) for name, kind in KINDS.items()]
