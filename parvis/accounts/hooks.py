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


_erasing: list[Callable] = []


def before_erasure(function: Callable) -> Callable:
    """Register `function(user)`, called inside the transaction that deletes a person's account, before anything
    naming them is wiped (`rights.erase`). It is the place of a legal hold: the hosting log that French law asks of
    a host (LCEN art. 6, décret 2021-1362: the identity given at sign-up and the traces of each publication, kept
    one year after the account is closed) copies here what it must keep, apart from the application's data, and
    purges it itself after its term. Deleting an account never deletes the user row (it is emptied and kept as a
    "former member"), so a record that points to it by its id stays whole."""
    if function not in _erasing:
        _erasing.append(function)
    return function


def account_erasing(user) -> None:
    for function in _erasing:
        function(user)
