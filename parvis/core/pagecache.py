"""Pages visitors see, kept whole for a few seconds and answered with 304 when the browser already has them.

A visitor's page (the home, a public space, a commune, a post, the agenda, an event) is the same for every visitor
in a language, so `@cache_for_visitors` keeps it `PARVIS_VISITOR_PAGE_SECONDS` and answers `ETag` and
`Last-Modified`, so that a reload costs a 304. Only when nothing can make the page personal:

- a GET or HEAD, not htmx's partial requests;
- no cookie but the CSRF and language ones (a session, even anonymous, or a pending message goes the normal way);
- the answer is a 200 that set no cookie, used no CSRF token (a page with a form asks for one: it is not kept) and
  added no message.

The key holds the host, the full path with its query string, and the language the request was answered in
(negotiated from the language cookie and Accept-Language), so a French visitor never gets the English page.

A signed-in person's reload is kept too, for them alone (`PARVIS_PERSON_PAGE_SECONDS`): the same page asked again by
the same session, with no write anywhere in between, costs one cache read instead of a dozen queries and a template.
Its key holds the person's id and a digest of their session and CSRF cookies (a sign-out, a sign-in or a new CSRF
secret is another key, and the form tokens in the kept page stay valid for that secret), and it is kept only under
the visitor's conditions: no cookie set, no session change, no message added or pending, no inline nonce. The views
decorated change nothing on a GET, so serving the kept page skips no write.

Privacy: a visitor reads only what anyone may read, so a kept page holds nothing private; what could go wrong is a
page kept from *before* something became private (a space closed, a post deleted or moderated). So any write through
the site (any request that is not GET, HEAD or OPTIONS, signed in or not, HTML or API) forgets every kept page at once
(`VisitorPagesMiddleware` changes the generation in their keys, in the shared cache: every worker sees it). A write
made outside a request (a task, a command) calls `forget_visitor_pages()`.

One kind of write forgets less: an answer to an event changes no one's right to read anything, only figures others
see (its count of people going, its places left). A view that saves only such a write calls
`write_changes_only_counts()`: the writer's own kept pages are forgotten (their key holds a generation of the
person's own), everybody else's show the new figures when they expire (PARVIS_VISITOR_PAGE_SECONDS,
PARVIS_PERSON_PAGE_SECONDS at most). On a viral evening, forgetting everything at each of thirty answers a second
rebuilt every page for nearly every view.

Read replicas: a page built from a replica's reads may miss the writes of the last PARVIS_REPLICA_LAG_SECONDS. Served
once, that is the replica's lag; kept, it would outlive it (a person whose write mark has expired, or another
visitor, would be served the older state for the page's whole life). So the generation carries the time it began,
and what a request built from a replica's reads is kept only once its generation is older than the replicas' worst
lag (`may_keep_under`): every write that started it is on every replica by then. The same rule holds for what
`parvis/core/viewer.py` keeps for a signed-in person, whose memberships a lagging read could give back.
"""

import hashlib
import secrets
import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import URLResolver
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from .routers import request_read_on_replica

PAGES_ALIAS = "pages"
GENERATION_KEY = "parvis:visitor-pages:generation"
PERSON_GENERATION_KEY = "parvis:person-pages:{user_id}"
# Set on a request by `write_changes_only_counts()`: the user id whose own kept pages its write forgets.
COUNTS_ONLY_WRITER = "_parvis_counts_only_writer"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
# Cookies a visitor may carry without the page becoming theirs: none of these changes what a page shows (the language
# is in the key already).
NEUTRAL_COOKIES = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
# Headers of the answer kept with it; the others (CSP with its nonce, Vary, Content-Language) are set afresh by the
# middleware on each request.
KEPT_HEADERS = ("Content-Type", "X-Robots-Tag", "Link")


def new_generation() -> str:
    """A generation's name: random, then the time it began (read by `may_keep_under`)."""
    return f"{secrets.token_hex(8)}@{time.time():.3f}"


def forget_visitor_pages() -> None:
    caches["default"].set(GENERATION_KEY, new_generation(), None)


def write_changes_only_counts(request, writer) -> None:
    """Tells `VisitorPagesMiddleware` that this request's write changes only figures others see, no one's right to
    read (see the module's docstring): it forgets `writer`'s own kept pages, not everyone's. A write the request
    makes besides (a notification, a role) forgets everything itself, as always."""
    setattr(request, COUNTS_ONLY_WRITER, writer.pk)


def forget_person_pages(user_id: int) -> None:
    caches["default"].set(PERSON_GENERATION_KEY.format(user_id=user_id), secrets.token_hex(8), None)


def current_generation() -> str:
    generation = caches["default"].get(GENERATION_KEY)
    if generation is None:
        caches["default"].add(GENERATION_KEY, new_generation(), None)
        generation = caches["default"].get(GENERATION_KEY) or new_generation()
    return generation


def _generations_of(user_id: int) -> tuple[str, str]:
    """The site's generation and the person's own, in one cache read."""
    person_key = PERSON_GENERATION_KEY.format(user_id=user_id)
    found = caches["default"].get_many([GENERATION_KEY, person_key])
    generation = found.get(GENERATION_KEY) or current_generation()
    return generation, found.get(person_key, "")


def may_keep_under(generation: str) -> bool:
    """Whether what this request built may be kept under `generation`: yes unless it read on a replica while the
    generation is younger than the replicas' worst lag (see the module's docstring). A generation without a time
    (kept by an older version of Parvis) counts as old."""
    if not request_read_on_replica():
        return True
    try:
        began = float(generation.rpartition("@")[2])
    except ValueError:
        return True
    return time.time() - began >= settings.PARVIS_REPLICA_LAG_SECONDS


def _is_visitor_request(request) -> bool:
    return (
        request.method in {"GET", "HEAD"}
        and not request.headers.get("HX-Request")
        # An API client with a token is somebody, even without a cookie.
        and "Authorization" not in request.headers
        and not (set(request.COOKIES) - NEUTRAL_COOKIES)
    )


def _is_person_request(request) -> bool:
    """A signed-in person's plain GET with nothing pending for them (a message waiting to be shown makes the page
    theirs for one request only)."""
    if request.method not in {"GET", "HEAD"} or request.headers.get("HX-Request"):
        return False
    if "messages" in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    return session is not None and session.session_key is not None and "_messages" not in session


def _csrf_secret_kept(request) -> bool:
    """The page's form tokens were made from the CSRF secret the browser already holds (its cookie, in the person's
    key): not a new secret the answer is about to send (Django marks the cookie for renewal whenever a token is
    used, even when the secret is unchanged)."""
    secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    return bool(secret) and request.META.get("CSRF_COOKIE") == secret


def _may_keep(request, response, *, person: bool = False) -> bool:
    messages = getattr(request, "_messages", None)
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Set-Cookie")
        and (not request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or (person and _csrf_secret_kept(request)))
        and not (session is not None and session.modified)
        and not getattr(messages, "added_new", False)
        and (person or not (getattr(request, "user", None) and request.user.is_authenticated))
    )


def _key(request, generation: str) -> str:
    path = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
    return f"visitor-page:{generation}:{request.get_host()}:{translation.get_language()}:{path}"


def _person_key(request, generation: str, person_generation: str) -> str:
    private = "|".join(
        (
            request.session.session_key,
            request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
            person_generation,
            request.get_full_path(),
        )
    )
    digest = hashlib.blake2b(private.encode(), digest_size=16).hexdigest()
    return f"person-page:{generation}:{request.get_host()}:{translation.get_language()}:{request.user.pk}:{digest}"


def _answer(request, entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], status=200)
    for name, value in entry["headers"].items():
        response[name] = value
    return _conditional(request, response, entry)


def _conditional(request, response, entry: dict):
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["time"])
    # The browser asks again each time (a 304 costs nothing), and no shared proxy keeps a visitor's page for others.
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return get_conditional_response(request, etag=entry["etag"], last_modified=entry["time"], response=response)


def cache_for_visitors(view):
    """Keep the page this view gives a visitor, and a signed-in person's own copy for their reload (see the module's
    docstring for when)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if settings.PARVIS_VISITOR_PAGE_SECONDS > 0 and _is_visitor_request(request):
            generation = current_generation()
            key = _key(request, generation)
            return _kept(request, view, args, kwargs, key, generation, settings.PARVIS_VISITOR_PAGE_SECONDS, False)
        if settings.PARVIS_PERSON_PAGE_SECONDS > 0 and _is_person_request(request):
            generation, person_generation = _generations_of(request.user.pk)
            key = _person_key(request, generation, person_generation)
            return _kept(request, view, args, kwargs, key, generation, settings.PARVIS_PERSON_PAGE_SECONDS, True)
        return view(request, *args, **kwargs)

    return wrapped


def cache_urls_for_visitors(urls):
    """`cache_for_visitors` on every view of an `include()`'s patterns: the API's, whose anonymous reads (a post, a
    space, the events) are the same for every visitor and were read one object at a time by scripts and widgets at
    a fifth of a kept page's speed. Its writes are not GETs, and a token makes a request somebody's: neither is
    kept."""

    def wrap(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                wrap(pattern.url_patterns)
            else:
                pattern.callback = cache_for_visitors(pattern.callback)

    wrap(urls[0])
    return urls


def _kept(request, view, args, kwargs, key: str, generation: str, seconds: int, person: bool):
    cache = caches[PAGES_ALIAS]
    entry = cache.get(key)
    # Read by the metrics middleware (parvis/core/metrics.py): the page cache's hit ratio.
    request.page_cache = "miss" if entry is None else "hit"
    if entry is not None:
        return _answer(request, entry)
    response = view(request, *args, **kwargs)
    if not _may_keep(request, response, person=person) or not may_keep_under(generation):
        return response
    content = response.content
    nonce = getattr(request, "csp_nonce", "")
    if nonce and nonce.encode() in content:
        return response  # an inline script or style carries this request's nonce: the page is not shareable
    entry = {
        "content": content,
        "headers": {name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
        "etag": '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"',
        "time": int(time.time()),
    }
    cache.set(key, entry, seconds)
    return _conditional(request, response, entry)


class VisitorPagesMiddleware:
    """Forgets every kept visitor page when anything is written through the site (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The same generation dates what is kept for signed-in people (parvis/core/viewer.py).
        if request.method not in SAFE_METHODS and (
            settings.PARVIS_VISITOR_PAGE_SECONDS > 0 or settings.PARVIS_VIEWER_SECONDS > 0
        ):
            writer = getattr(request, COUNTS_ONLY_WRITER, None)
            if writer is not None and response.status_code < 400:
                forget_person_pages(writer)
            else:
                forget_visitor_pages()
        return response
