"""The dashboard's body, rendered once per version of the figures and reused by every request that asks for it.

The figures change only when `figures_compute` writes the daily aggregates (each night, or after an import) or when a
territory changes (the operator enters its households, an import renames it). Between two such writes the body of
the dashboard for one territory, month and figure is the same for everyone allowed to read it: comparing the 680
communes of a département, drawing their map and their bars cost tens of milliseconds of Python on every request,
for the same HTML. So the body is kept in the shared cache under a *version* that each of those writes replaces:
an entry is never stale, only unused, and every worker sees a new version at once.

Only the body is kept, rendered from a bare context (no request, no user, no CSRF token: nothing about the reader);
the page around it (header, messages, the error summary of a wrong choice) is rendered afresh for each request.
"""

import secrets

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import translation

from parvis.core.pagecache import forget_visitor_pages

VERSION_KEY = "parvis:figures:version"
# An unused body is evicted by the cache's own limit; a day bounds what an idle cache holds.
BODY_SECONDS = 24 * 3600


def figures_changed() -> None:
    """Called after every write the dashboard reads: the next request renders the body again, and no page kept
    whole for a reload (a command's write is not seen by the pages' own middleware) shows the figures before it."""
    caches["default"].set(VERSION_KEY, secrets.token_hex(8), None)
    forget_visitor_pages()


def territory_changed(sender, **kwargs) -> None:
    figures_changed()


def _version() -> str:
    cache = caches["default"]
    version = cache.get(VERSION_KEY)
    if version is None:
        # A cleared cache has lost the bodies too: any new version is right, and `add` keeps the workers on one.
        cache.add(VERSION_KEY, secrets.token_hex(8), None)
        version = cache.get(VERSION_KEY, "")
    return version


def dashboard_body(key: tuple, build) -> str:
    """The body for `key` (territory, month, figure) in the current language, from the cache, else rendered from
    the context `build()` returns and kept."""
    cache = caches["default"]
    cache_key = "parvis:figures:body:" + ":".join(str(part) for part in (_version(), translation.get_language(), *key))
    body = cache.get(cache_key)
    if body is None:
        body = render_to_string("figures/_dashboard_body.html", build())
        cache.set(cache_key, body, BODY_SECONDS)
    return body
