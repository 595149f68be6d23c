"""Extension points of territories, filled by the apps above it in their `AppConfig.ready()` (territories imports
none of them: docs/architecture.md, the layers)."""

from collections.abc import Callable

_imported: list[Callable] = []


def on_territories_imported(function: Callable) -> Callable:
    """Register `function()`, called after each import of the official data, returning a line for the command's
    report (spaces opens the official space of every new commune of the instance)."""
    if function not in _imported:
        _imported.append(function)
    return function


def territories_imported() -> list[str]:
    return [function() for function in _imported]
