"""Private messages in the registry of content kinds (`parvis.core.kinds`), registered in `MessagingConfig.ready`.

Only a participant reports a message (`visible_to` is the participants' rule); it has no space, so only the
operator's moderators handle it, and they see that message alone (no link into the conversation)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import kinds

from .models import Message, MessageStatus

message_moderate, message_restore = kinds.status_moderation(
    Message, hidden=MessageStatus.HIDDEN, removed=MessageStatus.REMOVED, published=MessageStatus.PUBLISHED
)


def register() -> None:
    register_indicators()
    kinds.register(
        kinds.ContentKind(
            name="message",
            label=_("private message"),
            model=Message,
            url_word="message",
            visible_to=lambda user: Message.objects.visible_to(user).select_related("sender"),
            author=lambda message: message.sender,
            text=lambda message: ("", message.body),
            attachment=lambda message: message.attachment_url,
            moderate=message_moderate,
            restore=message_restore,
            linkable=False,
            related=("sender",),
        )
    )


# --- Its figures for the operator (parvis/figures) ------------------------------------------------------------------


def messages_sent(start, end) -> dict[int, int]:
    """Messages counted in their sender's home commune (a conversation has no place); the words are never read."""
    from django.db.models import Count

    rows = Message.objects.filter(
        created_at__gte=start, created_at__lt=end, sender__home_commune__isnull=False
    ).values_list("sender__home_commune_id")
    return dict(rows.annotate(n=Count("pk")).order_by())


def register_indicators() -> None:
    kinds.register_indicator(
        kinds.Indicator(name="messages", label=_("messages between neighbours"), count=messages_sent, order=40)
    )
