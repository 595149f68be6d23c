"""Extension points of spaces: what other apps do when something happens to a membership.

Spaces sit below the content apps and import none of them; an app that keeps something per member (answers to
events, for instance) registers a function here in its `AppConfig.ready()`, and the spaces services call every
registered function inside their own transaction.
"""

from collections.abc import Callable

_membership_ended: list[Callable] = []


def on_membership_ended(function: Callable) -> Callable:
    """Register `function(*, space, user)`, called when an active member leaves a space or is removed from it."""
    if function not in _membership_ended:
        _membership_ended.append(function)
    return function


def membership_ended(*, space, user) -> None:
    for function in _membership_ended:
        function(space=space, user=user)


_suspended_spaces: list[Callable] = []


def suspended_spaces_from(function: Callable) -> Callable:
    """Register `function()`, returning a QuerySet of the ids of suspended spaces (moderation registers its
    decisions in force). A suspended space and everything in it leave every read path (`readable_by`,
    `listed_for`, and through them feeds, search, iCal, Atom, open data, the API, the agenda, the directory and
    notifications) until the suspension is lifted; nothing is deleted."""
    if function not in _suspended_spaces:
        _suspended_spaces.append(function)
    return function


def suspended_space_ids() -> list:
    """One QuerySet of space ids per registered source, to be used in `pk__in` (lazily: a subquery, no query)."""
    return [function() for function in _suspended_spaces]
