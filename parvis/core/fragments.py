"""Cards rendered once per version and reused: the shared part of a post, event or space card.

A feed of twenty cards spent most of its time in the template engine, rendering the same HTML for every reader. A
card's shared part is now rendered once per *version* of what it shows and per language and time zone, and kept in
the `fragments` cache (memory of each process: a lookup costs microseconds, and the version in the key means an
entry is never stale, only unused).

Two rules keep a reader's things out of that HTML:

- the fragment is rendered from a bare context holding the object and the parameters given, never the request's:
  no `user`, no `request`, no `csrf_token` exist there, so nothing about the reader can be written into it;
- the version is a digest of every value the fragment shows (`version(...)`, computed by the model from what the
  page's query already loaded): an edit, a rename, a moderation decision, a new photo change the digest, so the next
  page shows it at once, in every process. Whatever depends on the reader but is still shared by many (whether
  they may read a shared post's original) is a parameter, hence part of the key.
"""

import hashlib

from django.core.cache import caches
from django.template.loader import get_template
from django.utils import timezone, translation

CACHE_ALIAS = "fragments"
# An unused version is evicted by the cache's own limit; a day bounds what an idle process holds.
TIMEOUT = 24 * 3600


def version(*values) -> str:
    """A short digest of the values a fragment shows: any change of any of them is a new version."""
    return hashlib.blake2b(repr(values).encode(), digest_size=12).hexdigest()


# Values that are parameters of a fragment (a heading level, a flag) rather than objects it shows: they enter the key
# as they are. Objects (a post, a space) enter it only through the version the caller gives.
PLAIN = (str, int, bool, type(None))


def render_shared(template_name: str, version_key: str, context: dict) -> str:
    """The HTML of `template_name` rendered from `context` alone, from the cache when this version was already
    rendered in this language and time zone. `version_key` must change whenever an object of `context` changes
    what the template shows (see `version`)."""
    cache = caches[CACHE_ALIAS]
    plain = sorted((name, value) for name, value in context.items() if isinstance(value, PLAIN))
    language = translation.get_language() or ""
    cache_key = f"{template_name}|{version_key}|{language}|{timezone.get_current_timezone_name()}|{version(*plain)}"
    html = cache.get(cache_key)
    if html is None:
        html = get_template(template_name).render(context)
        cache.set(cache_key, html, TIMEOUT)
    return html
