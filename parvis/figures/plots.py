"""The dashboard's plots, drawn on the server as SVG: readable without JavaScript, printable, and never by colour
alone (values are written beside bars, points carry markers and titles, a map's circles are sized by the value and
the largest are named). Every plot sits next to a table of the same numbers (the templates); the plot itself is
`role="img"` with a title and a description, so that a screen reader hears one sentence and reads the table.

Built as strings with `escape` on every text from the data: a template loop over 680 communes would cost more than
the rest of the page.
"""

from math import cos, radians, sqrt

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import privacy

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36


def _frame(ident: str, title: str, description: str, body: str, width: int = WIDTH, height: int = HEIGHT) -> str:
    ident = escape(ident)  # a constant of the view today; escaped so that it stays safe if it ever comes from data
    return mark_safe(  # noqa: S308 - every text from the data went through escape() below
        f'<svg class="figures-plot" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(description)}</desc>'
        f"{body}</svg>"
    )


def time_series(ident: str, title: str, points: list, *, people: bool) -> str:
    """A line of the daily values, a marker on each day; a day under the threshold breaks the line and is drawn as a
    hollow marker on the axis (its value is not plotted)."""
    if not points:
        return ""
    values = [0 if privacy.hidden(v, people=people) else v for _, v in points]
    top = max(values) or 1
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(1, len(points) - 1)

    def y(value: float) -> float:
        return TOP + inner_h - inner_h * value / top

    parts = [
        f'<line class="figures-axis" x1="{LEFT}" y1="{TOP + inner_h}" x2="{WIDTH - RIGHT}" y2="{TOP + inner_h}"/>',
        f'<line class="figures-axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + inner_h}"/>',
    ]
    for fraction in (0, 0.5, 1):
        value = top * fraction
        parts.append(
            f'<text class="figures-tick" x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">'
            f"{escape(privacy.shown(round(value), people=False))}</text>"
        )
        if fraction:
            parts.append(
                f'<line class="figures-grid" x1="{LEFT}" y1="{y(value):.1f}" x2="{WIDTH - RIGHT}" y2="{y(value):.1f}"/>'
            )
    segment: list[str] = []
    segments = []
    for index, (day, value) in enumerate(points):
        x = LEFT + step * index
        label = f"{date_format(day, 'j F')} : {privacy.shown(value, people=people)}"
        if privacy.hidden(value, people=people):
            if segment:
                segments.append(segment)
            segment = []
            parts.append(
                f'<circle class="figures-point figures-point--hidden" cx="{x:.1f}" cy="{TOP + inner_h}" r="3">'
                f"<title>{escape(label)}</title></circle>"
            )
            continue
        segment.append(f"{x:.1f},{y(value):.1f}")
        parts.append(
            f'<circle class="figures-point" cx="{x:.1f}" cy="{y(value):.1f}" r="3">'
            f"<title>{escape(label)}</title></circle>"
        )
        if index % 7 == 0 or (index == len(points) - 1 and index % 7 >= 3):
            parts.append(
                f'<text class="figures-tick" x="{x:.1f}" y="{HEIGHT - 12}" text-anchor="middle">'
                f"{escape(date_format(day, 'j/m'))}</text>"
            )
    if segment:
        segments.append(segment)
    lines = "".join(f'<polyline class="figures-line" points="{" ".join(s)}"/>' for s in segments if len(s) > 1)
    parts.insert(2, lines)
    shown = [privacy.shown(v, people=people) for _, v in points]
    description = f"{points[0][0]:%d/%m} → {points[-1][0]:%d/%m} : " + ", ".join(shown)
    return _frame(ident, title, description, "".join(parts))


def bars(ident: str, title: str, rows: list[dict], *, limit: int = 15) -> str:
    """Horizontal bars of the first `limit` places, each named and with its value written at the bar's end."""
    rows = rows[:limit]
    if not rows:
        return ""
    top = max((0 if row["hidden"] else row["value"]) for row in rows) or 1
    bar_h, gap, label_w = 22, 6, 180
    height = TOP + len(rows) * (bar_h + gap) + 8
    inner = WIDTH - label_w - 80
    parts = []
    for index, row in enumerate(rows):
        y = TOP + index * (bar_h + gap)
        value = 0 if row["hidden"] else row["value"]
        width = max(1, inner * value / top) if value else 0
        name = row["territory"].name
        css = "figures-bar figures-bar--current" if row.get("current") else "figures-bar"
        parts.append(
            f'<text class="figures-label" x="{label_w - 8}" y="{y + 16}" text-anchor="end">{escape(name[:28])}</text>'
            f'<rect class="{css}" x="{label_w}" y="{y}" width="{width:.1f}" height="{bar_h}">'
            f"<title>{escape(name)} : {escape(row['shown'])}</title></rect>"
            f'<text class="figures-value" x="{label_w + width + 6:.1f}" y="{y + 16}">{escape(row["shown"])}</text>'
        )
    description = "; ".join(f"{row['territory'].name} : {row['shown']}" for row in rows)
    return _frame(ident, title, description, "".join(parts), height=height)


def commune_map(ident: str, title: str, rows: list[dict], *, named: int = 6) -> str:
    """The places at their centres (INSEE's commune centres), each a circle whose area grows with the value; the
    current place is ringed, the largest are named. Places without a centre are left out (they stay in the table)."""
    placed = [row for row in rows if row["territory"].centre_latitude is not None]
    if not placed:
        return ""
    lats = [float(row["territory"].centre_latitude) for row in placed]
    lons = [float(row["territory"].centre_longitude) for row in placed]
    scale_x = cos(radians(sum(lats) / len(lats)))
    span_x = max(1e-3, (max(lons) - min(lons)) * scale_x)
    span_y = max(1e-3, max(lats) - min(lats))
    size = 560
    factor = (size - 40) / max(span_x, span_y)
    width, height = round(span_x * factor) + 40, round(span_y * factor) + 40
    top = max((0 if row["hidden"] else row["value"]) for row in placed) or 1
    west, north = min(lons), max(lats)  # once: 680 communes each asking again cost a quadratic time
    parts = [f'<rect class="figures-map-ground" x="0" y="0" width="{width}" height="{height}"/>']
    order = sorted(placed, key=lambda row: 0 if row["hidden"] else row["value"], reverse=True)
    names = {id(row) for row in order[:named] if row["value"] and not row["hidden"]}
    for row in reversed(order):  # small circles drawn last, above the large ones
        place = row["territory"]
        x = 20 + (float(place.centre_longitude) - west) * scale_x * factor
        y = 20 + (north - float(place.centre_latitude)) * factor
        value = 0 if row["hidden"] else row["value"]
        radius = 2 + 18 * sqrt(value / top)
        css = "figures-dot"
        if row["hidden"]:
            css += " figures-dot--hidden"
        if row.get("current"):
            css += " figures-dot--current"
        parts.append(
            f'<circle class="{css}" cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}">'
            f"<title>{escape(place.name)} : {escape(row['shown'])}</title></circle>"
        )
        if id(row) in names or row.get("current"):
            parts.append(
                f'<text class="figures-label" x="{x + radius + 3:.1f}" y="{y + 4:.1f}">'
                f"{escape(place.name)} ({escape(row['shown'])})</text>"
            )
    description = "; ".join(f"{row['territory'].name} : {row['shown']}" for row in order[:named])
    return _frame(ident, title, description, "".join(parts), width=width, height=height)
