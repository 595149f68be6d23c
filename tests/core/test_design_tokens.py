"""The colours of parvis/static/parvis/tokens.css read at 4.5:1 or more (WCAG 1.4.3) in the light and the dark theme,
for every pair of text and background the components put together; the edges of controls at 3:1 (WCAG 1.4.11)."""

import re
from pathlib import Path

import pytest

TOKENS = Path(__file__).resolve().parents[2] / "parvis" / "static" / "parvis" / "tokens.css"
NATURES = ("institutionnel", "associatif", "commercial", "voisinage", "professionnel")
SURFACES = ("bg", "surface", "surface-raised")

# (text, background) as the components of parvis.css combine them.
TEXT_PAIRS = [
    *[(text, surface) for text in ("text", "text-muted", "link", "link-visited", "danger") for surface in SURFACES],
    ("on-primary", "primary"),
    ("on-primary", "primary-hover"),
    ("on-danger", "danger"),
    ("on-danger", "danger-hover"),
    ("primary", "primary-soft"),
    ("text", "primary-soft"),
    ("danger", "danger-soft"),
    ("text", "danger-soft"),
    ("success", "success-soft"),
    ("text", "success-soft"),
    ("warning", "warning-soft"),
    ("text", "warning-soft"),
    *[(nature, surface) for nature in NATURES for surface in SURFACES],
    *[(nature, f"{nature}-soft") for nature in NATURES],
    *[("text", f"{nature}-soft") for nature in NATURES],
    *[("on-nature", nature) for nature in NATURES],
    *[("on-avatar", f"avatar-{index}") for index in range(8)],
]
EDGE_PAIRS = [("border-strong", surface) for surface in SURFACES] + [("focus", "focus-ink")]


def _themes() -> dict[str, dict[str, str]]:
    css = TOKENS.read_text()
    light_block = css.split("@media (prefers-color-scheme: dark)")[0]
    dark_block = css.split("@media (prefers-color-scheme: dark)")[1].split("@media")[0]
    pattern = re.compile(r"--c-([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})")
    light = dict(pattern.findall(light_block))
    return {"light": light, "dark": {**light, **dict(pattern.findall(dark_block))}}


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_text_colour_reads_on_its_background(theme):
    colours = _themes()[theme]
    problems = [
        f"--c-{text} on --c-{background}: {contrast(colours[text], colours[background]):.2f}:1"
        for text, background in TEXT_PAIRS
        if contrast(colours[text], colours[background]) < 4.5
    ]
    assert not problems, f"{theme} theme: " + "; ".join(problems)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_control_edges_and_focus_stand_out(theme):
    colours = _themes()[theme]
    problems = [
        f"--c-{edge} on --c-{background}: {contrast(colours[edge], colours[background]):.2f}:1"
        for edge, background in EDGE_PAIRS
        if contrast(colours[edge], colours[background]) < 3
    ]
    assert not problems, f"{theme} theme: " + "; ".join(problems)


def test_the_dark_theme_swaps_every_colour_the_light_one_defines():
    themes = _themes()
    # Tokens that deliberately stay the same: the focus halo (yellow on both) and white initials on avatars.
    same = {"focus", "focus-ink", "on-avatar", "avatar-2", "avatar-4", "avatar-5", "avatar-7"}
    unchanged = [name for name, value in themes["light"].items() if themes["dark"][name] == value and name not in same]
    assert not unchanged, f"not redefined for the dark theme: {unchanged}"
