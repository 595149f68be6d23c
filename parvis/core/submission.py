"""One object per form, however many times it is sent. A double click, a second tap on a slow phone line or a
reload of the answer page sends the same form again: each form carries a random key (`{% submit_key %}`), and the
view creates through `submit_once`, which runs the creation once per person and key. API clients send the same
thing as an `Idempotency-Key` header. The keys live in the cache
for an hour (shared by every web process when the cache is Redis or the database).

The button is also disabled while the form is being sent (static/parvis/submit-once.js); the key is what holds
when JavaScript is off or the request is sent twice anyway."""

import re
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

FIELD = "submit_key"
LIFETIME = 60 * 60
# A duplicate that arrives while the first copy is still being saved waits for it, this long at most.
WAIT_SECONDS = 5.0
_PENDING = "pending"
_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")  # a UUID from an API client fits

T = TypeVar("T")


def new_key() -> str:
    return get_random_string(32)


def key_of(request) -> str:
    """The form's key (or the API's Idempotency-Key header), or '' when there is none (an old page, a hand-made
    request): those are not deduplicated."""
    key = request.POST.get(FIELD, "") if request.method == "POST" and request.POST else ""
    key = key or request.headers.get("Idempotency-Key", "")
    return key if _KEY.fullmatch(key) else ""


class StillSaving(ValidationError):
    def __init__(self):
        super().__init__(
            _("This form was already sent and is still being saved: reload the page in a moment."), code="still_saving"
        )


def submit_once(
    request, *, kind: str, create: Callable[[], T], find: Callable[[int], T | None], user=None
) -> tuple[T, bool]:
    """`create()` once per person, `kind` and form key: (the object, True). A second copy of the same form gets the
    first copy's object, found again with `find(pk)`, and False, whatever its own content. When the first copy
    failed (bad input, a refusal), its key is free again and the next copy is created normally. `user`: the
    person acting when it is not `request.user` (the API's `request.auth`)."""
    user = user or request.user
    key = key_of(request)
    if not key or not user.is_authenticated:
        return create(), True
    cache_key = f"submit:{user.pk}:{kind}:{key}"
    deadline = time.monotonic() + WAIT_SECONDS
    while not cache.add(cache_key, _PENDING, LIFETIME):
        earlier = cache.get(cache_key)
        if isinstance(earlier, int):
            found = find(earlier)
            if found is not None:
                return found, False
            cache.delete(cache_key)  # the object is gone since (deleted): this copy creates it again
        elif time.monotonic() > deadline:
            raise StillSaving
        else:
            time.sleep(0.05)  # the first copy is being saved, a few milliseconds ahead
    try:
        created = create()
    except BaseException:
        cache.delete(cache_key)
        raise
    cache.set(cache_key, created.pk, LIFETIME)
    return created, True
