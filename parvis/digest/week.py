"""The week a digest covers, and what it holds: each registered section's entries, each with its QR code."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import segno
from django.utils import timezone
from django.utils.safestring import mark_safe

from parvis.core import kinds

WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True)
class Week:
    monday: date

    @classmethod
    def of(cls, day: date) -> "Week":
        return cls(day - timedelta(days=day.weekday()))

    @classmethod
    def parse(cls, text: str | None, today: date) -> "Week":
        """`2026-W49` (ISO 8601); anything else, or a week outside 2000-2100, is the current week."""
        match = WEEK_PATTERN.match(text or "")
        if match:
            year, number = int(match.group(1)), int(match.group(2))
            if 2000 <= year <= 2100 and 1 <= number <= 53:
                try:
                    return cls(date.fromisocalendar(year, number, 1))
                except ValueError:
                    pass
        return cls.of(today)

    @property
    def key(self) -> str:
        year, number, _day = self.monday.isocalendar()
        return f"{year}-W{number:02d}"

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.monday, time.min))

    @property
    def end(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.monday + timedelta(days=7), time.min))

    def previous(self) -> "Week":
        return Week(self.monday - timedelta(days=7))

    def next(self) -> "Week":
        return Week(self.monday + timedelta(days=7))


@dataclass
class Line:
    entry: kinds.DigestEntry

    @property
    def qr_svg(self) -> str:
        # Medium error correction survives a folded or slightly dirty sheet; segno writes the SVG from the URL alone.
        return mark_safe(  # noqa: S308 - segno's own SVG of an address, no text of anyone in it
            segno.make(self.entry.url, error="m").svg_inline(omitsize=True, svgclass="digest__qr-image", lineclass=None)
        )


@dataclass
class Section:
    name: str
    heading: str
    empty: str
    lines: list


def sections(territory, week: Week) -> list[Section]:
    result = []
    for section in kinds.digest_sections():
        entries = section.entries(territory, week.start, week.end, section.limit)
        if entries or section.empty:
            result.append(
                Section(section.name, str(section.heading), str(section.empty), [Line(entry) for entry in entries])
            )
    return result
