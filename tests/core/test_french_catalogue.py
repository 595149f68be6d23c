"""Every message the code uses has a French translation: none missing, none empty, none left fuzzy."""

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

import parvis

SOURCE = Path(parvis.__file__).parent
CATALOGUE = SOURCE / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def key(entry) -> tuple:
    return (entry.msgctxt, entry.msgid)


def translated(entry) -> bool:
    if entry.msgid_plural:
        return all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


@pytest.fixture(scope="module")
def used_msgids(tmp_path_factory) -> dict:
    """The msgids extracted from the code as makemessages does, in a copy, so that the catalogue is not rewritten."""
    if shutil.which("xgettext") is None:
        pytest.skip("xgettext (gettext) is not installed")
    copy = tmp_path_factory.mktemp("extract") / "parvis"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("static", "data", "__pycache__", "*.mo"))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(copy)
        call_command("makemessages", locale=["fr"], no_obsolete=True, verbosity=0)
    return {key(entry): entry for entry in polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))}


def test_every_msgid_used_in_code_is_translated_into_french(used_msgids):
    catalogue = {key(entry): entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete}
    missing = [k for k in used_msgids if k not in catalogue]
    empty = [k for k in used_msgids if k in catalogue and not translated(catalogue[k])]
    fuzzy = [k for k in used_msgids if k in catalogue and "fuzzy" in catalogue[k].flags]
    assert not missing, f"not in the French catalogue: {missing}"
    assert not empty, f"empty French translation: {empty}"
    assert not fuzzy, f"fuzzy French translation: {fuzzy}"


def test_french_catalogue_keeps_one_apostrophe():
    # The catalogue writes the straight apostrophe; a curly one here and there reads as a mistake.
    assert "\u2019" not in CATALOGUE.read_text(encoding="utf-8")
