"""The register's lines for the figures: counts only, nothing about a person (see `core/personal_data.py`)."""

from django.utils.translation import gettext_lazy as _

from parvis.core import personal_data
from parvis.core.personal_data import NotPersonal

from .models import DailyFigure, PageCount


def register() -> None:
    personal_data.register(
        key="figures",
        heading=_("Figures"),
        not_personal=[
            NotPersonal(
                PageCount,
                ("day", "territory", "app", "page", "views", "visits"),
                "counts of page views per day, kind of page and commune: no address, no identifier, no cookie",
            ),
            NotPersonal(
                DailyFigure, ("day", "territory", "indicator", "value"), "counts per territory and day, of everyone"
            ),
        ],
    )
