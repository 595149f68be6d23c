"""The register's lines for private conversations (see `core/personal_data.py`)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import SERVICE, WHILE_ACCOUNT, Entry, NotPersonal, Retention

from .models import Block, Conversation, Message, MessagingPreference, Participant

PARTICIPANTS = _("the people in the conversation only; never the operator, unless one of them reports a message")
WHILE_CONVERSATION = Retention(life=_("as long as a person of the conversation keeps it"))


def register() -> None:
    personal_data.register(
        key="messaging",
        heading=_("Private messages"),
        entries=[
            Entry(
                Message,
                ("conversation", "sender", "body", "image", "image_alt", "status", "created_at"),
                data=_("your messages and their pictures"),
                purpose=_("talking privately with other people"),
                basis=SERVICE,
                retention=WHILE_CONVERSATION,
                seen_by=PARTICIPANTS,
            ),
            Entry(
                Conversation,
                ("subject", "created_by", "context_listing_id", "created_at", "last_message_at"),
                data=_("your conversations: subject, who started them, when"),
                purpose=_("talking privately with other people"),
                basis=SERVICE,
                retention=WHILE_CONVERSATION,
                seen_by=PARTICIPANTS,
            ),
            Entry(
                Participant,
                (
                    "conversation",
                    "user",
                    "joined_at",
                    "last_read_at",
                    "last_read_message_id",
                    "last_emailed_message_id",
                ),
                data=_("who is in a conversation, and what each one read"),
                purpose=_("counting unread messages and e-mailing only once"),
                basis=SERVICE,
                retention=WHILE_CONVERSATION,
                seen_by=_("the people in the conversation see each other; what you read, you only"),
            ),
            Entry(
                MessagingPreference,
                ("user", "who_may_write"),
                data=_("who may start a conversation with you"),
                purpose=_("applying your choice"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=_("you only"),
            ),
            Entry(
                Block,
                ("blocker", "blocked", "created_at"),
                data=_("the people you blocked"),
                purpose=_("keeping them from writing to you"),
                basis=SERVICE,
                retention=Retention(life=_("until you unblock them or delete your account")),
                seen_by=_("you only"),
            ),
        ],
        not_personal=[
            NotPersonal(Message, ("image_width", "image_height"), "the size of a picture"),
            NotPersonal(Participant, ("unread_count",), "a counter"),
        ],
    )
