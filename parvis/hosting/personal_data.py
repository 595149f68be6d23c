"""The register's lines for the hosting log (see `core/personal_data.py`)."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import LEGAL_OBLIGATION, Entry, Retention

from .models import HostingRecord


def register() -> None:
    personal_data.register(
        key="hosting",
        heading=_("The hosting log"),
        entries=[
            Entry(
                HostingRecord,
                ("at", "account_id", "account_email", "ip", "port", "act", "kind", "object_id"),
                data=_("when you signed in or created, changed or deleted something, from which IP address and port"),
                purpose=_(
                    "the French law on hosting (LCEN, décret 2011-219): identifying who published something, when a "
                    "judge asks"
                ),
                basis=LEGAL_OBLIGATION,
                retention=Retention(
                    life=_("one year, even after your account is deleted"),
                    default=timedelta(days=365),
                    setting="PARVIS_HOSTING_LOG_DAYS",
                    rule="hosting_log",
                ),
                seen_by=_("only the people the operator names to answer a judge; not its staff"),
            ),
        ],
    )
