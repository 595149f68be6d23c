"""Schemathesis hooks (loaded through SCHEMATHESIS_HOOKS by test_api_fuzz.py): beside the values schemathesis draws
from /api/v1/openapi.json, each case may carry one hostile value in one field of its path, query or body: a NUL
byte, a string longer than any column, an integer past 64 bits, a date far outside 1900-2100. The answer must
still be documented and never a 5xx (a 400 with a sentence, as the description says)."""

import re

import schemathesis
from hypothesis import strategies as st

NUL = "nul\x00byte"
LONG = "long " * 4000
STRINGS = [NUL, LONG]
INTEGERS = [10**18, -(10**18), 2**63, 10**30]
DATES = ["9999-12-31T23:59:59+00:00", "9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+14:00", "1850-06-01T10:00:00Z"]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _hostile_values(value) -> list:
    if isinstance(value, bool):
        return [NUL]
    if isinstance(value, int | float):
        return INTEGERS
    if isinstance(value, str) and DATE.match(value):
        return DATES
    if isinstance(value, list):
        return [[item] for item in INTEGERS + STRINGS]
    return STRINGS


def _variants(values: dict | None) -> list[dict]:
    """The values unchanged, then one field at a time made hostile."""
    if not isinstance(values, dict) or not values:
        return [values]
    variants = [values]
    for name, value in values.items():
        variants.extend({**values, name: hostile} for hostile in _hostile_values(value))
    return variants


@schemathesis.hook
def flatmap_body(context, body):
    return st.sampled_from(_variants(body))


@schemathesis.hook
def flatmap_query(context, query):
    return st.sampled_from(_variants(query))


@schemathesis.hook
def flatmap_path_parameters(context, path_parameters):
    # Path parameters go in the URL: a NUL byte and a long string only (a huge integer is already drawn).
    variants = [path_parameters]
    for name, value in (path_parameters or {}).items():
        if isinstance(value, str):
            variants.extend({**path_parameters, name: hostile} for hostile in STRINGS)
    return st.sampled_from(variants)
