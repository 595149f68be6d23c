"""Extension points of accounts, filled by the apps above it in their `AppConfig.ready()` (accounts imports none of
them: docs/architecture.md, the layers)."""

from collections.abc import Callable

_contacts: list[Callable] = []


def contacts_from(function: Callable) -> Callable:
    """Register `function(viewer)`, returning a QuerySet of the ids of the people the viewer shares a group with
    (spaces registers its non-official spaces): they see the profiles kept for "my contacts"."""
    if function not in _contacts:
        _contacts.append(function)
    return function


def contact_ids(viewer) -> list:
    """One QuerySet of user ids per registered source, to be used in `pk__in` (lazily: a subquery, no query)."""
    return [function(viewer) for function in _contacts]
