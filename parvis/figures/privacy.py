"""The one privacy threshold of the figures: in a small place a count of 1 to 4 people could name them, so no such
figure is shown, exported or plotted (the page says "<5"). Zero names nobody and is shown."""

from django.utils.formats import number_format

THRESHOLD = 5


def hidden(value: int | None, *, people: bool = True) -> bool:
    return people and value is not None and 0 < value < THRESHOLD


def shown(value: int | None, *, people: bool = True) -> str:
    """The figure as the dashboard writes it: "1 234", "<5", or "—" when unknown."""
    if value is None:
        return "—"
    if hidden(value, people=people):
        return f"<{THRESHOLD}"
    return number_format(value, force_grouping=True)


def exported(value: int | None, *, people: bool = True) -> int | None:
    """The figure in an export: None (an empty cell, `null`) when it is unknown or under the threshold."""
    return None if value is None or hidden(value, people=people) else value
