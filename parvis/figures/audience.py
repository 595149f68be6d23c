"""Audience measured on the server, within the CNIL's exemption for audience measurement: no cookie, no address, no
identifier is stored, nothing goes to a third party.

Each HTML page served (GET, 200, not an htmx swap, not a robot) adds one view to a counter of the day, the kind of
page (the URL's namespace and name) and the signed-in visitor's home commune. A visit is told from another by a hash
of the address and the browser's name with a salt drawn at random for each day: the hash is a key of the cache that
expires at the end of the day, the salt lives in the cache only, never beside the counts, so that the next day
nobody (not even the operator with the database) can tell whether two visits were the same person's.

Counts wait in the process's memory and reach the database at most every PARVIS_AUDIENCE_FLUSH_SECONDS, in one
transaction: the cost of a page is an increment in a dictionary. A crash loses at most those seconds of counts.
"""

import hashlib
import logging
import re
import secrets
import threading
import time
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from django.urls import Resolver404, resolve
from django.utils import timezone

from parvis.core.network import client_ip

from .models import PageCount

logger = logging.getLogger(__name__)

ROBOTS = re.compile(r"bot|crawl|spider|slurp|preview|monitor|curl|wget|python-requests|headless", re.IGNORECASE)
SKIPPED_APPS = {"admin", "api-1.0.0", "djdt"}

_lock = threading.Lock()
_pending: dict[tuple, list[int]] = {}  # (day, territory id, app, page) -> [views, visits]
_last_flush = time.monotonic()
_salts: dict[date, str] = {}  # the day's salt once read from the cache: one cache call less per page


def _cache():
    return caches[settings.PARVIS_AUDIENCE_CACHE]


def _seconds_left(now: datetime) -> int:
    tomorrow = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), tzinfo=now.tzinfo)
    return max(60, int((tomorrow - now).total_seconds()) + 60)


def _salt(day: date, timeout: int) -> str:
    """The day's salt: drawn once, kept in the cache until the day is over, never written anywhere else."""
    if day in _salts:
        return _salts[day]
    key = f"figures:salt:{day.isoformat()}"
    cache = _cache()
    cache.add(key, secrets.token_hex(16), timeout)
    salt = cache.get(key) or ""
    if salt:
        _salts.clear()  # yesterday's is forgotten here too
        _salts[day] = salt
    return salt


def _new_visit(request, day: date, now: datetime) -> bool:
    timeout = _seconds_left(now)
    salt = _salt(day, timeout)
    if not salt:
        return False
    seed = f"{salt}|{client_ip(request)}|{request.headers.get('User-Agent', '')[:300]}"
    key = "figures:visit:" + hashlib.sha256(seed.encode()).hexdigest()[:32]
    return bool(_cache().add(key, 1, timeout))


def _page(request) -> tuple[str, str] | None:
    match = getattr(request, "resolver_match", None)
    if match is None:  # a page kept for visitors is answered before the URL is resolved
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    if not match.url_name:
        return None
    app = (match.namespace or "site")[:40]
    if app.split(":")[0] in SKIPPED_APPS:
        return None
    return app, match.url_name[:80]


def counted(request, response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and not request.headers.get("HX-Request")
        and not ROBOTS.search(request.headers.get("User-Agent", "") or "bot")
    )


def record(request, response) -> None:
    if not counted(request, response):
        return
    page = _page(request)
    if page is None:
        return
    now = timezone.localtime()
    day = now.date()
    user = getattr(request, "user", None)
    commune = getattr(user, "home_commune_id", None) if user is not None and user.is_authenticated else None
    visit = _new_visit(request, day, now)
    with _lock:
        counts = _pending.setdefault((day, commune, *page), [0, 0])
        counts[0] += 1
        counts[1] += int(visit)
    if time.monotonic() - _last_flush >= settings.PARVIS_AUDIENCE_FLUSH_SECONDS:
        flush()


def flush() -> int:
    """Write the counts waiting in this process; returns how many rows were touched."""
    global _last_flush
    with _lock:
        pending = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    with transaction.atomic():
        for (day, territory_id, app, page), (views, visits) in pending.items():
            row = dict(day=day, territory_id=territory_id, app=app, page=page)
            if not PageCount.objects.filter(**row).update(views=F("views") + views, visits=F("visits") + visits):
                PageCount.objects.create(**row, views=views, visits=visits)
    return len(pending)


class AudienceMiddleware:
    """Outside the visitors' page cache, so that a page served from it counts too; sets no cookie, ever."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PARVIS_AUDIENCE:
            try:
                record(request, response)
            except Exception:  # counting must never cost a visitor their page
                logger.exception("audience count failed")
        return response
