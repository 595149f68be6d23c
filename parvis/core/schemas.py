"""Shared API schemas and the bounded types every input schema uses (rules in parvis/core/bounds.py): a text has
a length and no NUL byte, a number fits its column, a date lies between 1900 and 2100. A value out of bounds is
answered 400 with a sentence (see `input_error_sentence`)."""

from datetime import datetime
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

from .bounds import DEFAULT_TEXT_LIMIT, INTEGER_RANGES, MAX_ID, date_message, nul_message, year_in_range


class ErrorOut(Schema):
    detail: str


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError(nul_message())
    return value


def _in_years(value: datetime) -> datetime:
    if not year_in_range(value):
        raise ValueError(date_message())
    return value


def Text(max_length: int = DEFAULT_TEXT_LIMIT):  # noqa: N802 - used as a type
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(_no_nul)]


def column_text(model, name: str):
    """A text as long as the model's column allows (or DEFAULT_TEXT_LIMIT for a column without a length)."""
    return Text(model._meta.get_field(name).max_length or DEFAULT_TEXT_LIMIT)


# A count that fits a PositiveIntegerField on every database (capacity, places, uses).
Count = Annotated[int, Field(ge=0, le=INTEGER_RANGES["PositiveIntegerField"][1])]
# An identifier: not negative and no larger than a 64-bit column holds (0 names nothing: a 404, as any unknown id).
Id = Annotated[int, Field(ge=0, le=MAX_ID)]
DateTime = Annotated[datetime, AfterValidator(_in_years)]


def _field_name(loc) -> str:
    parts = [str(part) for part in loc if part not in ("body", "query", "path", "payload", "form", "header", "cookie")]
    return ".".join(parts) or _("the request")


def input_error_sentence(errors: list[dict]) -> str:
    """One sentence per wrong field, in the reader's language, from django-ninja's list of input errors."""
    sentences = []
    for error in errors:
        field = _field_name(error.get("loc", ()))
        kind = error.get("type", "")
        ctx = error.get("ctx") or {}
        if kind == "missing":
            sentence = _("%(field)s is required.") % {"field": field}
        elif kind == "string_too_long":
            sentence = _("%(field)s: at most %(limit)s characters.") % {"field": field, "limit": ctx.get("max_length")}
        elif kind in ("greater_than_equal", "greater_than"):
            limit = ctx.get("ge", ctx.get("gt"))
            sentence = _("%(field)s: give a number of at least %(limit)s.") % {"field": field, "limit": limit}
        elif kind in ("less_than_equal", "less_than"):
            limit = ctx.get("le", ctx.get("lt"))
            sentence = _("%(field)s: give a number of at most %(limit)s.") % {"field": field, "limit": limit}
        elif kind == "enum":
            sentence = _("%(field)s: choose one of %(choices)s.") % {"field": field, "choices": ctx.get("expected")}
        elif kind == "value_error" and ctx.get("error"):
            sentence = f"{field}: {ctx['error']}"
        else:
            sentence = _("%(field)s is not valid (%(error)s).") % {"field": field, "error": error.get("msg", "")}
        sentences.append(sentence)
    return " ".join(sentences) or _("The input does not match the API description.")
