"""Repetition in words: what the event form asks ("every week on Tuesday and Thursday, ten times") and the RFC 5545
rule kept on the event (`Event.rrule`, read by `services.occurrences.occurrences`, iCal and open data).

People never see the rule. `build` turns the form's answers into it; `parse` reads a stored rule back into those
answers so that the edit page shows them, and says `CUSTOM` for a rule the words cannot express (an imported
calendar's "every other week"): such a rule is kept as it is unless the person picks another repetition.
`describe` writes any rule the words can express as a sentence, for the event page and cards.
"""

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

MAX_COUNT = 500


class Frequency(models.TextChoices):
    NONE = "none", gettext_lazy("Does not repeat")
    DAILY = "daily", gettext_lazy("Every day")
    WEEKLY = "weekly", gettext_lazy("Every week, on the days chosen below")
    MONTHLY = "monthly", gettext_lazy("Every month")
    # Only offered when the stored rule cannot be said in words: keeping it unchanged.
    CUSTOM = "custom", gettext_lazy("Keep the repetition imported from the calendar")


class Weekday(models.TextChoices):
    MO = "MO", pgettext_lazy("weekday choice", "Monday")
    TU = "TU", pgettext_lazy("weekday choice", "Tuesday")
    WE = "WE", pgettext_lazy("weekday choice", "Wednesday")
    TH = "TH", pgettext_lazy("weekday choice", "Thursday")
    FR = "FR", pgettext_lazy("weekday choice", "Friday")
    SA = "SA", pgettext_lazy("weekday choice", "Saturday")
    SU = "SU", pgettext_lazy("weekday choice", "Sunday")


WEEKDAYS = list(Weekday.values)  # index = Python's date.weekday()

# Inside a sentence ("le premier samedi"): French writes weekdays in lower case, as Django's own catalogue does.
IN_SENTENCE = {
    "MO": gettext_lazy("Monday"),
    "TU": gettext_lazy("Tuesday"),
    "WE": gettext_lazy("Wednesday"),
    "TH": gettext_lazy("Thursday"),
    "FR": gettext_lazy("Friday"),
    "SA": gettext_lazy("Saturday"),
    "SU": gettext_lazy("Sunday"),
}
ON_DAY = {
    "MO": gettext_lazy("on Monday"),
    "TU": gettext_lazy("on Tuesday"),
    "WE": gettext_lazy("on Wednesday"),
    "TH": gettext_lazy("on Thursday"),
    "FR": gettext_lazy("on Friday"),
    "SA": gettext_lazy("on Saturday"),
    "SU": gettext_lazy("on Sunday"),
}


class MonthlyBy(models.TextChoices):
    WEEKDAY = "weekday", gettext_lazy("On a day of the week (e.g. the first Saturday)")
    DAY = "day", gettext_lazy("On a date (e.g. the 15th)")


class WeekOfMonth(models.TextChoices):
    FIRST = "1", pgettext_lazy("week of the month", "first")
    SECOND = "2", pgettext_lazy("week of the month", "second")
    THIRD = "3", pgettext_lazy("week of the month", "third")
    FOURTH = "4", pgettext_lazy("week of the month", "fourth")
    LAST = "-1", pgettext_lazy("week of the month", "last")


class Ends(models.TextChoices):
    NEVER = "never", gettext_lazy("Never")
    UNTIL = "until", gettext_lazy("On a date")
    COUNT = "count", gettext_lazy("After a number of times")


@dataclass
class Repetition:
    """The form's answers. Empty month fields mean "as the start date" (its weekday, its rank, its day)."""

    frequency: str = Frequency.NONE
    weekdays: list[str] = field(default_factory=list)
    monthly_by: str = MonthlyBy.WEEKDAY
    week: str = ""
    weekday: str = ""
    day: int | None = None
    ends: str = Ends.NEVER
    until: date | None = None
    count: int | None = None


def week_of_month(day: date) -> str:
    """The start date's rank in its month: the 29th to 31st are "last", so that the rule exists every month."""
    if day.day > 28:
        return WeekOfMonth.LAST
    return str((day.day - 1) // 7 + 1)


def _is_nth_weekday(day: date, week: str, weekday: str) -> bool:
    if WEEKDAYS[day.weekday()] != weekday:
        return False
    if week == WeekOfMonth.LAST:
        return (day + timedelta(days=7)).month != day.month
    return (day.day - 1) // 7 + 1 == int(week)


def build(repetition: Repetition, *, start: datetime, tz: str = "Europe/Paris") -> str:
    """The rule for these answers ("" for no repetition); a ValidationError keyed by the form's field names."""
    kind = repetition.frequency
    if kind in ("", Frequency.NONE):
        return ""
    local = start.astimezone(zoneinfo.ZoneInfo(tz))
    if kind == Frequency.DAILY:
        parts = ["FREQ=DAILY"]
    elif kind == Frequency.WEEKLY:
        days = [day for day in WEEKDAYS if day in set(repetition.weekdays)]
        if not days:
            raise ValidationError({"repeat_days": _("Choose at least one day of the week.")})
        if WEEKDAYS[local.weekday()] not in days:
            # iCal readers disagree on whether a start outside the rule is an occurrence: refuse the ambiguity.
            raise ValidationError(
                {
                    "repeat_days": _("The event starts on a %(day)s: tick that day too, or change the start date.")
                    % {"day": IN_SENTENCE[WEEKDAYS[local.weekday()]]}
                }
            )
        parts = ["FREQ=WEEKLY", "BYDAY=" + ",".join(days)]
    elif kind == Frequency.MONTHLY:
        if repetition.monthly_by == MonthlyBy.DAY:
            day = repetition.day or local.day
            if not 1 <= day <= 31:
                raise ValidationError({"repeat_day": _("Give a day of the month between 1 and 31.")})
            if day != local.day:
                raise ValidationError(
                    {
                        "repeat_day": _(
                            "The event starts on day %(start)s of the month: repeat it on that day, or "
                            "change the start date."
                        )
                        % {"start": local.day}
                    }
                )
            parts = ["FREQ=MONTHLY", f"BYMONTHDAY={day}"]
        else:
            week = repetition.week or week_of_month(local.date())
            weekday = repetition.weekday or WEEKDAYS[local.weekday()]
            if week not in WeekOfMonth.values or weekday not in WEEKDAYS:
                raise ValidationError({"repeat_week": _("Choose the week and the day of the week.")})
            if not _is_nth_weekday(local.date(), week, weekday):
                raise ValidationError(
                    {
                        "repeat_week": _(
                            "The start date is not the %(week)s %(weekday)s of its month: leave the week "
                            "and the day empty to repeat the start date's, or change the start date."
                        )
                        % {"week": WeekOfMonth(week).label, "weekday": IN_SENTENCE[weekday]}
                    }
                )
            parts = ["FREQ=MONTHLY", f"BYDAY={week}{weekday}"]
    else:
        raise ValidationError({"repeat": _("Choose how the event repeats.")})
    if repetition.ends == Ends.UNTIL:
        if repetition.until is None:
            raise ValidationError({"repeat_until": _("Give the date of the last time.")})
        if repetition.until < local.date():
            raise ValidationError({"repeat_until": _("The last time cannot be before the first one.")})
        # UNTIL is in UTC when the start has a time zone (RFC 5545): the end of that day where the event happens.
        last = datetime.combine(repetition.until, time(23, 59, 59), tzinfo=zoneinfo.ZoneInfo(tz))
        parts.append("UNTIL=" + last.astimezone(zoneinfo.ZoneInfo("UTC")).strftime("%Y%m%dT%H%M%SZ"))
    elif repetition.ends == Ends.COUNT:
        if repetition.count is None or not 2 <= repetition.count <= MAX_COUNT:
            raise ValidationError(
                {"repeat_count": _("Give a number of times between 2 and %(max)s.") % {"max": MAX_COUNT}}
            )
        parts.append(f"COUNT={repetition.count}")
    return ";".join(parts)


def _parts(rule: str) -> dict[str, str] | None:
    parts = {}
    for item in rule.strip().removeprefix("RRULE:").upper().split(";"):
        if not item:
            continue
        name, sep, value = item.partition("=")
        if not sep or name in parts:
            return None
        parts[name] = value
    return parts


def _until_date(value: str, tz: str) -> date | None:
    """The local date of an UNTIL value: a date, a UTC moment (Z), or a floating moment read in the event's zone."""
    zone = zoneinfo.ZoneInfo(tz)
    if "T" not in value:
        value += "T000000"
    utc = value.endswith("Z")
    try:
        moment = datetime.strptime(value.rstrip("Z") + "+0000", "%Y%m%dT%H%M%S%z")
    except ValueError:
        return None
    return moment.astimezone(zone).date() if utc else moment.date()


def parse(rule: str, *, tz: str = "Europe/Paris") -> Repetition:
    """The answers that build this rule again, or a Repetition whose frequency is CUSTOM."""
    custom = Repetition(frequency=Frequency.CUSTOM)
    if not (rule or "").strip():
        return Repetition()
    parts = _parts(rule)
    if parts is None or parts.pop("INTERVAL", "1") != "1" or parts.pop("WKST", "MO") != "MO":
        return custom
    repetition = Repetition()
    if "UNTIL" in parts and "COUNT" in parts:
        return custom
    if "UNTIL" in parts:
        repetition.ends, repetition.until = Ends.UNTIL, _until_date(parts.pop("UNTIL"), tz)
        if repetition.until is None:
            return custom
    elif "COUNT" in parts:
        count = parts.pop("COUNT")
        if not count.isdigit() or not 2 <= int(count) <= MAX_COUNT:
            return custom
        repetition.ends, repetition.count = Ends.COUNT, int(count)
    frequency = parts.pop("FREQ", "")
    if frequency == "DAILY" and not parts:
        repetition.frequency = Frequency.DAILY
    elif frequency == "WEEKLY" and set(parts) == {"BYDAY"}:
        days = parts["BYDAY"].split(",")
        if not days or any(day not in WEEKDAYS for day in days):
            return custom
        repetition.frequency, repetition.weekdays = Frequency.WEEKLY, [d for d in WEEKDAYS if d in days]
    elif frequency == "MONTHLY" and set(parts) == {"BYMONTHDAY"}:
        value = parts["BYMONTHDAY"]
        if not value.isdigit() or not 1 <= int(value) <= 31:
            return custom
        repetition.frequency, repetition.monthly_by, repetition.day = Frequency.MONTHLY, MonthlyBy.DAY, int(value)
    elif frequency == "MONTHLY" and set(parts) in ({"BYDAY"}, {"BYDAY", "BYSETPOS"}):
        byday = parts["BYDAY"]
        week, weekday = parts.get("BYSETPOS", ""), byday
        if not week:
            week, weekday = byday[:-2].lstrip("+"), byday[-2:]
        if week not in WeekOfMonth.values or weekday not in WEEKDAYS:
            return custom
        repetition.frequency = Frequency.MONTHLY
        repetition.monthly_by, repetition.week, repetition.weekday = MonthlyBy.WEEKDAY, week, weekday
    else:
        return custom
    return repetition


def _join(words: list[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def describe(rule: str, *, tz: str = "Europe/Paris") -> str:
    """A sentence for people ("Every week on Tuesday and Thursday, until 30 June 2027"); "" without a rule, and a
    plain "Repeats" for a rule the words cannot express."""
    if not (rule or "").strip():
        return ""
    repetition = parse(rule, tz=tz)
    if repetition.frequency == Frequency.CUSTOM:
        return _("Repeats")
    if repetition.frequency == Frequency.DAILY:
        text = _("Every day")
    elif repetition.frequency == Frequency.WEEKLY:
        names = [str(ON_DAY[day]) for day in repetition.weekdays]
        text = _("Every day of the week") if len(names) == 7 else _("Every week %(days)s") % {"days": _join(names)}
    elif repetition.monthly_by == MonthlyBy.DAY:
        text = _("Every month on day %(day)s") % {"day": repetition.day}
    else:
        text = _("Every month on the %(week)s %(weekday)s") % {
            "week": WeekOfMonth(repetition.week).label,
            "weekday": IN_SENTENCE[repetition.weekday],
        }
    if repetition.ends == Ends.UNTIL:
        text = _("%(rule)s, until %(date)s") % {
            "rule": text,
            "date": formats.date_format(repetition.until, "j F Y"),
        }
    elif repetition.ends == Ends.COUNT:
        text = ngettext("%(rule)s, %(count)s time", "%(rule)s, %(count)s times", repetition.count) % {
            "rule": text,
            "count": repetition.count,
        }
    return text
