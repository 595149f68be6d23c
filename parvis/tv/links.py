"""What points to a video from above the TV's layer (the agenda's events a replay shows): apps above register a
function here in their `ready()`, and the player page asks it, so that the TV never imports them.

A function takes `(user, video)` and returns `(heading, [(title, url), ...])` of what that user may read; an
empty list shows nothing."""

from collections.abc import Callable

Backlinks = Callable[[object, object], tuple[str, list[tuple[str, str]]]]

_sources: list[Backlinks] = []


def register(source: Backlinks) -> Backlinks:
    if source not in _sources:
        _sources.append(source)
    return source


def backlinks(user, video) -> list[dict]:
    found = []
    for source in _sources:
        heading, items = source(user, video)
        if items:
            found.append({"heading": heading, "items": [{"title": title, "url": url} for title, url in items]})
    return found
