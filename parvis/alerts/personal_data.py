"""The register's lines for alerts (see `core/personal_data.py`)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import SERVICE, WHILE_ACCOUNT, WHILE_CONTENT, Entry, NotPersonal

from .models import Alert, AlertDismissal, AlertPreference


def register() -> None:
    personal_data.register(
        key="alerts",
        heading=_("Alerts and lost-and-found"),
        entries=[
            Entry(
                Alert,
                ("sender", "official_space", "title", "text", "photo", "photo_small", "photo_alt", "created_at"),
                data=_("the alerts you send to your residence, neighbourhood or commune, and their photo"),
                purpose=_("warning the people of an area of something urgent, finding what was lost"),
                basis=SERVICE,
                retention=WHILE_CONTENT,
                seen_by=_("the people of the area the alert is for, and its moderators"),
            ),
            Entry(
                AlertDismissal,
                ("user", "alert", "created_at"),
                data=_("the alerts you closed on top of your feeds"),
                purpose=_("no longer showing you an alert you have read"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=_("you only"),
            ),
            Entry(
                AlertPreference,
                ("user", "official", "neighbours"),
                data=_("which alerts you want to be notified of"),
                purpose=_("notifying you of the alerts you asked for"),
                basis=SERVICE,
                retention=WHILE_ACCOUNT,
                seen_by=_("you only"),
            ),
        ],
        not_personal=[
            NotPersonal(
                Alert, ("kind", "area", "status", "expires_at", "resolved_at"), "an alert's kind, place and state"
            ),
        ],
    )
