"""Bounds on every value that reaches the database, so that a hostile or careless input is refused with a sentence
instead of a 500: a NUL byte (PostgreSQL refuses it in text), a string longer than its column (PostgreSQL refuses
it, SQLite silently stores it), an integer past its column (PostgreSQL overflows, SQLite cannot bind past 64 bits),
a date outside 1900-2100 (a year-9999 date overflows as soon as it is shifted by a time zone).

Three layers use the same rules:
- the API schemas type their fields with `Text`, `column_text`, `Count`, `Id` and `DateTime` (parvis/core/schemas.py),
- `NulByteMiddleware` answers 400 to a NUL byte in the path, a query string, an API form or a JSON body (a page's
  forms answer it themselves, next to the field),
- `check_instance` runs before every save of a Parvis model (connected in CoreConfig.ready), the last guard of the
  services: whatever path a value took, it is refused with a ValidationError naming the field.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone
from django.utils.translation import gettext as _

MIN_YEAR = 1900
MAX_YEAR = 2100
# The largest identifier any database column holds (a 64-bit signed integer).
MAX_ID = 2**63 - 1
# A text column without a declared length still gets one: no field of Parvis is meant to hold more.
DEFAULT_TEXT_LIMIT = 100_000
INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges


def has_nul(value) -> bool:
    """True if a string anywhere in the value (a JSON-like structure, keys included) holds a NUL character."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(key) or has_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(item) for item in value)
    return False


def nul_message() -> str:
    return _("The text contains a NUL character, which cannot be saved. Remove it and try again.")


def year_in_range(value: date | datetime) -> bool:
    return MIN_YEAR <= value.year <= MAX_YEAR


def date_message() -> str:
    return _("Give a date between the years %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}


def validate_year(value: date | datetime | None) -> None:
    """A form field validator: a date between MIN_YEAR and MAX_YEAR."""
    if value is not None and not year_in_range(value):
        raise ValidationError(date_message(), code="year_out_of_range")


def _label(field) -> str:
    return str(field.verbose_name).capitalize()


def check_instance(instance, fields: Iterable[str] | None = None) -> None:
    """Refuses, with a sentence naming the field, any value the database would refuse or mangle. With `fields`,
    only those (a save with update_fields leaves the others as they are stored)."""
    errors: dict[str, str] = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key or field.is_relation or (fields is not None and field.name not in fields):
            continue
        value = getattr(instance, field.attname, None)
        if value is None:
            continue
        internal = field.get_internal_type()
        if isinstance(value, str):
            if "\x00" in value:
                errors[field.name] = f"{_label(field)}: {nul_message()}"
            elif field.max_length and len(value) > field.max_length:
                errors[field.name] = _("%(field)s: at most %(limit)s characters (%(length)s given).") % {
                    "field": _label(field),
                    "limit": field.max_length,
                    "length": len(value),
                }
        elif isinstance(field, models.JSONField) and has_nul(value):
            errors[field.name] = f"{_label(field)}: {nul_message()}"
        elif internal in INTEGER_RANGES and isinstance(value, int) and not isinstance(value, bool):
            low, high = INTEGER_RANGES[internal]
            if not low <= value <= high:
                errors[field.name] = _("%(field)s: give a number between %(min)s and %(max)s.") % {
                    "field": _label(field),
                    "min": low,
                    "max": high,
                }
        elif isinstance(value, date) and not year_in_range(value):
            errors[field.name] = f"{_label(field)}: {date_message()}"
    if errors:
        raise ValidationError(errors)


def check_before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw:  # fixtures are loaded as they are
        return
    check_instance(instance, update_fields)


def period_check(form, cleaned: dict, since: str = "since", until: str = "until") -> None:
    """A period typed as two days (`since`, `until` included): each within the years the database holds, the end not
    before the start; errors are put next to their fields and the bad days dropped from `cleaned`."""
    for name in (since, until):
        day = cleaned.get(name)
        if day and not MIN_YEAR <= day.year <= MAX_YEAR:
            form.add_error(
                name, _("Give a date between the years %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}
            )
            cleaned.pop(name, None)
    start, end = cleaned.get(since), cleaned.get(until)
    if start and end and end < start:
        form.add_error(until, _("The end of the period comes before its start."))


def period_bounds(since: date | None, until: date | None) -> tuple[datetime | None, datetime | None]:
    """Whole days of the site's time zone as a half-open range [start, end) on a date-time column."""

    def day_start(day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, time.min))

    return (day_start(since) if since else None, day_start(until + timedelta(days=1)) if until else None)
