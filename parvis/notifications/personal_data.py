"""The register's lines for notifications and their e-mail choices (see `core/personal_data.py`)."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import CONSENT, SERVICE, WHILE_ACCOUNT, Entry, NotPersonal, Retention

from .models import ChannelChoice, Notification, NotificationPreference, PushKey, PushSubscription


def register() -> None:
    personal_data.register(
        key="notifications",
        heading=_("Notifications"),
        entries=[
            Entry(
                Notification,
                (
                    "recipient",
                    "kind",
                    "actor",
                    "space",
                    "target_kind",
                    "target_id",
                    "event_key",
                    "created_at",
                    "read_at",
                    "emailed_at",
                    "others",
                    "pushed_at",
                    "on_site",
                ),
                data=_("what you were told, by whom it happened, when you read it"),
                purpose=_("telling you what happens in your groups and around what you published"),
                basis=SERVICE,
                retention=Retention(
                    default=timedelta(days=365),
                    setting="PARVIS_RETENTION_NOTIFICATIONS_DAYS",
                    rule="notifications",
                ),
                seen_by=_("you only"),
            ),
            Entry(
                NotificationPreference,
                ("user", "email_frequency", "last_digest_at"),
                data=_("whether you want e-mails, at once or as a daily digest"),
                purpose=_("e-mailing you only as you chose"),
                basis=CONSENT,
                retention=WHILE_ACCOUNT,
                seen_by=_("you only"),
            ),
            Entry(
                ChannelChoice,
                ("user", "kind", "in_app", "email", "push"),
                data=_("how you want to hear about each kind of notification"),
                purpose=_("telling you only by the channels you chose"),
                basis=CONSENT,
                retention=WHILE_ACCOUNT,
                seen_by=_("you only"),
            ),
            Entry(
                PushSubscription,
                ("user", "endpoint", "p256dh", "auth", "label", "created_at", "last_success_at"),
                data=_("the address of each device where you activated notifications, and its browser and system"),
                purpose=_("sending notifications to your devices, encrypted for each of them"),
                basis=CONSENT,
                retention=WHILE_ACCOUNT,
                seen_by=_("you only; the push service of your browser sees only encrypted messages"),
            ),
        ],
        not_personal=[
            NotPersonal(PushKey, ("private_pem", "public_key", "created_at"), "the instance's own signing key"),
        ],
    )
