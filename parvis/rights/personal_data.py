"""The register's lines for downloads of a person's data (see `core/personal_data.py`)."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import LEGAL_OBLIGATION, Entry, Retention

from .models import DataExport


def register() -> None:
    personal_data.register(
        key="rights",
        heading=_("Downloads of your data"),
        entries=[
            Entry(
                DataExport,
                ("user", "status", "file", "nonce", "created_at", "ready_at", "expires_at", "downloaded_at"),
                data=_("the zip of your data you asked for, and when it was prepared and downloaded"),
                purpose=_("answering your right of access and to portability"),
                basis=LEGAL_OBLIGATION,
                retention=Retention(
                    life=_("until you download it"),
                    default=timedelta(days=7),
                    setting="PARVIS_EXPORT_DAYS",
                    rule="data_exports",
                ),
                seen_by=_("you only, through a link that opens once"),
            ),
        ],
    )
