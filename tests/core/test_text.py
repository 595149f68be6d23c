"""Invisible characters (bidirectional overrides, zero-width spaces) never reach a stored name or title."""

import pytest

from parvis.core.text import NameField, clean_name

DISGUISED = (
    "Mairie\u202egpj.exe\u202c \u200bofficielle"
    "\u2066\u2069\u200e\u200f\u200c\u200d\u2060\ufeff\u202a\u202b\u202d\u2067\u2068"
)


def test_every_override_mark_and_zero_width_character_is_removed():
    assert clean_name(DISGUISED) == "Mairiegpj.exe officielle"
    assert clean_name("  Comité des fêtes  ") == "Comité des fêtes"
    assert clean_name(None) == ""


def test_a_form_measures_the_name_once_the_invisible_characters_are_gone():
    field = NameField(max_length=5)
    assert field.clean("\u200b" * 50 + "Judo\u202e") == "Judo"
    with pytest.raises(Exception, match="5"):
        field.clean("\u200bJudo club")
