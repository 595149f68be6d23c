"""The register's lines for the authorities' news (see `core/personal_data.py`)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import CONSENT, SERVICE, WHILE_ACCOUNT, WHILE_CONTENT, WHILE_SPACE, Entry, NotPersonal

from .models import Bulletin, NewsConsent, Reception, ThemeChoice


def register() -> None:
    personal_data.register(
        key="bulletins",
        heading=_("News from the authorities"),
        entries=[
            Entry(
                Bulletin,
                ("author", "space", "title", "text", "link", "sent_at"),
                data=_("the news an official space sends, and which of its administrators sent it"),
                purpose=_("informing the inhabitants of a territory"),
                basis=SERVICE,
                retention=WHILE_SPACE,
                seen_by=_(
                    "the people it reached, everyone when it is public; the sender to the space's administrators"
                ),
            ),
            Entry(
                Reception,
                ("bulletin", "person"),
                data=_("the news you received"),
                purpose=_("showing you the news sent to you"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("you; the senders see only counts"),
            ),
            Entry(
                ThemeChoice,
                ("person", "theme"),
                data=_("the themes you chose to hear about"),
                purpose=_("sending you the news of the themes you chose"),
                basis=CONSENT,
                retention=WHILE_ACCOUNT,
                seen_by=_("you; the senders see only counts"),
            ),
            Entry(
                NewsConsent,
                ("person", "email", "changed_at"),
                data=_("whether you want the authorities' news by e-mail"),
                purpose=_("e-mailing the news only to those who asked for it"),
                basis=CONSENT,
                retention=WHILE_ACCOUNT,
                seen_by=_("you"),
            ),
        ],
        not_personal=[
            NotPersonal(
                Bulletin,
                ("public", "territory", "groups", "themes", "status", "reached", "emailed"),
                "a bulletin's segment, settings and counts",
            ),
        ],
    )
