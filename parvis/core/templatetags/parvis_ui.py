"""Pictures Parvis draws itself: avatars from initials and covers from a space's nature, so that no person, space or
event ever shows a grey box. Pure HTML, CSS and inline SVG: no image file, no request, nothing the CSP refuses.

`{% avatar person size=40 %}`: the person's photo when they gave one, else their initials on a colour derived from
their id (the same colour on every page). Decorative by default (the name is written beside it); `label=` gives it
a name when it stands alone.

`{% cover name=space.name nature=space.nature seed=space.pk src=url alt=text variant="card" %}`: a picture when `src`
is given (its `alt` required by the caller), else the nature's colour with a motif and the initials of `name`.

Core imports no Parvis app: these read attributes (`pk`, `public_name`, `avatar`), whatever the model.
"""

import re
import zlib

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

AVATAR_SIZES = (24, 32, 40, 48, 64, 96, 128)
AVATAR_HUES = 8
NATURES = ("institutionnel", "associatif", "commercial", "voisinage", "professionnel")
# Letters of any alphabet, not digits nor signs: "Habitant n° 304" gives "HN", "l'Écho" gives "LÉ".
_WORD = re.compile(r"[^\W\d_]+")
# Words that make poor initials in French names of places and groups.
_SMALL_WORDS = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "à", "au", "aux", "en", "the", "of", "and"}


def initials(name: str, letters: int = 2) -> str:
    words = _WORD.findall(name or "")
    meaningful = [word for word in words if word.casefold() not in _SMALL_WORDS] or words
    return "".join(word[0] for word in meaningful[:letters]).upper() or "?"


def hue(seed) -> int:
    """A stable colour index for an id: consecutive ids get unrelated colours (crc32), the same id always the same."""
    return zlib.crc32(str(seed).encode()) % AVATAR_HUES


def _size(size) -> int:
    try:
        wanted = int(size)
    except (TypeError, ValueError):
        wanted = 40
    return min(AVATAR_SIZES, key=lambda candidate: abs(candidate - wanted))


@register.simple_tag
def avatar(person, size=40, label=""):
    size = _size(size)
    # A person has a public name; an organisation speaking (a space) has a name.
    name = str(getattr(person, "public_name", "") or getattr(person, "name", "") or "")
    photo = getattr(person, "avatar", None)
    if photo:
        try:
            url = photo.url
        except ValueError:
            url = ""
        if url:
            return format_html(
                '<img class="avatar avatar--s{}" src="{}" alt="{}" width="{}" height="{}" loading="lazy">',
                size,
                url,
                label,
                size,
                size,
            )
    # Named when it stands alone, hidden from screen readers when the name is written beside it.
    named = format_html(' role="img" aria-label="{}"', label) if label else mark_safe(' aria-hidden="true"')
    return format_html(
        '<span class="avatar avatar--initials avatar--{} avatar--s{}"{}>{}</span>',
        hue(getattr(person, "pk", None) or name),
        size,
        named,
        initials(name),
    )


# Motifs of the generated covers, on a 300 × 100 box: a few circles and arcs, drawn differently for each seed so
# that two spaces of the same nature side by side do not look identical.
def _motif(seed: int) -> str:
    shapes = []
    for index in range(5):
        value = zlib.crc32(f"{seed}:{index}".encode())
        x, y, radius = value % 300, (value >> 9) % 100, 12 + (value >> 17) % 46
        shapes.append(f'<circle class="cover__motif" cx="{x}" cy="{y}" r="{radius}"/>')
    return "".join(shapes)


@register.simple_tag
def cover(name="", nature="", seed=0, src="", alt="", variant=""):
    nature = nature if nature in NATURES else "professionnel"
    classes = f"cover cover--{nature}" + (f" cover--{variant}" if variant else "")
    if src:
        return format_html('<span class="{}"><img src="{}" alt="{}" loading="lazy"></span>', classes, src, alt)
    return format_html(
        '<span class="{}"><svg viewBox="0 0 300 100" preserveAspectRatio="xMidYMid slice" aria-hidden="true"'
        ' focusable="false">{}<text class="cover__initials" x="150" y="64" text-anchor="middle">{}</text>'
        "</svg></span>",
        classes,
        mark_safe(_motif(zlib.crc32(str(seed).encode()))),  # noqa: S308 - numbers only, computed here
        initials(name, letters=2),
    )


@register.filter
def described(field, hint=""):
    """A bound field's control, described by its hint and its errors (ids `<id>_helptext`, `<id>_error`, as
    components/field.html writes them), so that a screen reader reads both when the control takes the focus."""
    ids = []
    if hint:
        ids.append(f"{field.id_for_label}_helptext")
    if field.errors:
        ids.append(f"{field.id_for_label}_error")
    attrs = {"aria-describedby": " ".join(ids)} if ids else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def is_under(path: str, prefix: str) -> bool:
    """`request.path|is_under:agenda_url`: the page is this place or inside it (the home page only itself)."""
    if not prefix:
        return False
    return path == prefix if prefix == "/" else str(path).startswith(prefix)
