"""Private messages in the registry of content kinds (`parvis.core.kinds`), registered in `MessagingConfig.ready`.

Only a participant reports a message (`visible_to` is the participants' rule); it has no space, so only the
operator's moderators handle it, and they see that message alone (no link into the conversation)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import kinds

from .models import Message, MessageStatus

MODERATED_STATUS = {kinds.HIDE: MessageStatus.HIDDEN, kinds.REMOVE: MessageStatus.REMOVED}


def message_moderate(message: Message, action: str) -> str:
    previous = Message.objects.select_for_update().get(pk=message.pk).status
    Message.objects.filter(pk=message.pk).update(status=MODERATED_STATUS[action])
    return previous


def message_restore(message_id: int, action: str, previous_state: str) -> None:
    Message.objects.filter(pk=message_id, status=MODERATED_STATUS[action]).update(
        status=previous_state or MessageStatus.PUBLISHED
    )


def register() -> None:
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
