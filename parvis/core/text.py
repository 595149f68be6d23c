"""Names and titles as people read them: without the invisible characters that disguise them."""

from django import forms

# Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the directional marks
# (U+200E, U+200F), zero-width spaces and joiners (U+200B–U+200D, U+2060) and the byte-order mark (U+FEFF): they
# turn "Mairie‮gnp.exe" into a look-alike or make two names that look the same differ. NUL goes too: no column
# stores it.
INVISIBLE = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u200b\u200c\u200d\u2060\ufeff\x00"
_REMOVE = dict.fromkeys(map(ord, INVISIBLE))


def clean_name(value) -> str:
    """A display name, space name or title without invisible characters, spaces trimmed. Services call it on every
    name they store, so the HTML forms, the API and the imports give the same result."""
    return str(value or "").translate(_REMOVE).strip()


class NameField(forms.CharField):
    """A form field for a name or a title: its length is checked once the invisible characters are gone. A NUL
    typed into the form is left for the field's validator, which says so next to the field."""

    def to_python(self, value):
        text = super().to_python(value)
        return text if "\x00" in text else clean_name(text)
