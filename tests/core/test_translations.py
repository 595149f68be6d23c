"""The site is French first: every source string has a French translation, and the compiled catalogue is current."""

import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "parvis" / "locale"
FR_PO = LOCALE / "fr" / "LC_MESSAGES" / "django.po"
FR_MO = LOCALE / "fr" / "LC_MESSAGES" / "django.mo"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
EN_MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"

# Python named placeholders, template variables and HTML tags must come through a translation unchanged.
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{\{ ?[a-z_.]+ ?\}\}|<[^>]+>")


def described(entries) -> str:
    return "\n".join(
        f"  {entry.msgid!r} ({', '.join(f'{path}:{line}' for path, line in entry.occurrences)})" for entry in entries
    )


def catalogue(entries) -> dict:
    """What a compiled catalogue holds: (context, msgid, plural) -> translation(s), without the header."""
    result = {}
    for entry in entries:
        if not entry.msgid or entry.obsolete or getattr(entry, "fuzzy", False):
            continue
        if entry.msgid_plural:
            translation = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
            if not all(translation):
                continue
        else:
            translation = entry.msgstr
            if not translation:
                continue
        result[(entry.msgctxt, entry.msgid, entry.msgid_plural or None)] = translation
    return result


@pytest.fixture(scope="module")
def french() -> polib.POFile:
    return polib.pofile(str(FR_PO))


def test_the_catalogues_exist():
    for path in (FR_PO, FR_MO, EN_PO, EN_MO):
        assert path.is_file(), f"{path} is missing: run makemessages and compilemessages from parvis/"


def test_every_french_entry_is_translated(french):
    untranslated = french.untranslated_entries()
    assert not untranslated, f"{len(untranslated)} entries have no French translation:\n{described(untranslated)}"


def test_no_french_entry_is_fuzzy(french):
    assert not french.metadata_is_fuzzy, "the header of the French catalogue is marked fuzzy"
    fuzzy = french.fuzzy_entries()
    assert not fuzzy, f"{len(fuzzy)} French entries are fuzzy (check them, then remove the flag):\n{described(fuzzy)}"


def test_the_french_plural_forms_are_french(french):
    assert french.metadata["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n>1);"


def test_translations_keep_the_placeholders(french):
    broken = []
    for entry in french.translated_entries():
        pairs = (
            [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
            if entry.msgid_plural
            else [(entry.msgid, entry.msgstr)]
        )
        for source, translation in pairs:
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
                broken.append(f"  {source!r} -> {translation!r}")
    assert not broken, "translations that lose or change a placeholder:\n" + "\n".join(broken)


@pytest.mark.parametrize(("po_path", "mo_path"), [(FR_PO, FR_MO), (EN_PO, EN_MO)], ids=["fr", "en"])
def test_the_compiled_catalogue_matches_the_po(po_path, mo_path):
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(mo_path))
    expected, compiled = catalogue(po), catalogue(mo)
    missing = sorted(key[1] for key in expected.keys() - compiled.keys())
    extra = sorted(key[1] for key in compiled.keys() - expected.keys())
    changed = sorted(key[1] for key in expected.keys() & compiled.keys() if expected[key] != compiled[key])
    assert not (missing or extra or changed), (
        f"{mo_path.name} is out of date with {po_path}: run compilemessages from parvis/ "
        f"(missing {missing[:5]}, extra {extra[:5]}, changed {changed[:5]})"
    )


def test_the_home_page_is_french_by_default(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="fr"' in html
    assert "Aller au contenu" in html
    assert "Skip to content" not in html


def test_the_home_page_is_english_on_request(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "Skip to content" in html
    assert "Aller au contenu" not in html
