"""The register's lines for polls and votes (see `core/personal_data.py`)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import SERVICE, WHILE_CONTENT, Entry, NotPersonal

from .models import Poll, PollOption, Vote


def register() -> None:
    personal_data.register(
        key="polls",
        heading=_("Polls"),
        entries=[
            Entry(
                Poll,
                ("author", "space", "question", "created_at"),
                data=_("the polls you ask"),
                purpose=_("asking a question to a group"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("the people who may read the space"),
            ),
            Entry(
                PollOption,
                ("poll", "text"),
                data=_("the answers you offer in your poll"),
                purpose=_("asking a question to a group"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("the people who may read the space"),
            ),
            Entry(
                Vote,
                ("poll", "option", "voter", "created_at"),
                data=_("your votes"),
                purpose=_("counting the answers"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("you; the counts to the readers; your name to the members only when the poll says so"),
            ),
        ],
        not_personal=[
            NotPersonal(
                Poll, ("multiple", "named", "closes_at", "closed_at", "status", "voter_count"), "a poll's settings"
            ),
            NotPersonal(PollOption, ("position",), "the order of the answers"),
        ],
    )
