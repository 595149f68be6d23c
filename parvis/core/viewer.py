"""What a signed-in person's pages work out about them on every page (their memberships, the header's badges, the
pinned announcements of their residence), kept across requests in the shared cache until anything may have changed.

Working these out took more time than the rest of a signed-in page: a dozen subqueries to build in Python and to
run, for answers that change when the person joins a space or gets a message, not from one page to the next. So
each is kept under the person's id with the *write generation* it was computed under, and given again only while
that generation is current (one cache read per page fetches the generation and every entry of the person):

- any write through the site (a POST, PUT, PATCH or DELETE, by anybody, HTML or API) starts a new generation
  (`VisitorPagesMiddleware`, the same one that forgets the pages kept for visitors);
- so do the writes that may happen outside a request and change what someone sees: a role given or taken away
  (`permissions.roles_changed()`, called by every membership, moderation decision, agenda editor and permission
  saved or deleted), a notification created or read, a message delivered or read, a report or an agenda submission
  saved (`viewer_changed()`).

The generation is read before computing, and the entry keeps the one it was computed under; a write inside a
transaction starts a generation again once committed: a page computing while a write commits keeps nothing that the
next page would take. Nothing private crosses people: the key is the person's id, and what is kept is what the
same person's next page would compute.
"""

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from .pagecache import GENERATION_KEY, current_generation, forget_visitor_pages, may_keep_under

VIEWER_KEY = "parvis:viewer:{user_id}:{name}"
MEMORY = "_parvis_viewer"
# The names asked in this process so far: a page reads all of them with the generation in one cache read.
_names: set[str] = set()
# Writes seen by this process: what a user object remembers of its first read is dropped after one (a test, or a
# request that writes then reads, sees its own write).
_local_changes = 0


def viewer_changed() -> None:
    """A write changed what some signed-in people see: what was kept for every person is recomputed on their next
    page (visitors' kept pages are forgotten too: they share the generation)."""
    global _local_changes
    _local_changes += 1
    if settings.PARVIS_VIEWER_SECONDS <= 0 and settings.PARVIS_VISITOR_PAGE_SECONDS <= 0:
        return  # nothing is kept: nothing to forget
    forget_visitor_pages()
    if transaction.get_connection().in_atomic_block:
        # Again once the write is visible to the other connections: a page that read the new generation from a
        # cache outside the database (Redis) before this commit may have kept what it read before the write.
        transaction.on_commit(forget_visitor_pages)


def _read(user, names: set[str]) -> dict:
    """The generation and the entries of `names` for this person, in one cache read, remembered on the user object
    (so once per request) until this process sees a write."""
    memory = user.__dict__.get(MEMORY)
    if memory is not None and memory["changes"] == _local_changes and names <= memory["found"].keys():
        return memory
    cache = caches["default"]
    wanted = _names | names
    keys = {name: VIEWER_KEY.format(user_id=user.pk, name=name) for name in wanted}
    found = cache.get_many([GENERATION_KEY, *keys.values()])
    generation = found.get(GENERATION_KEY) or current_generation()
    memory = {
        "changes": _local_changes,
        "generation": generation,
        "found": {name: found.get(key) for name, key in keys.items()},
    }
    user.__dict__[MEMORY] = memory
    return memory


def kept_for(user, name: str, compute):
    """`compute()` for this person, from the shared cache while no write happened since it was kept (see the
    module's docstring). `name` says what it is; the value must pickle (model instances, lists, dataclasses)."""
    seconds = settings.PARVIS_VIEWER_SECONDS
    if seconds <= 0 or user is None or not user.is_authenticated:
        return compute()
    memory = _read(user, {name})
    _names.add(name)
    entry = memory["found"][name]
    if entry is not None and entry[0] == memory["generation"]:
        return entry[1]
    value = compute()
    if not may_keep_under(memory["generation"]):
        return value  # read on a lagging replica just after a write: perhaps a membership since taken away
    memory["found"][name] = (memory["generation"], value)
    caches["default"].set(VIEWER_KEY.format(user_id=user.pk, name=name), (memory["generation"], value), seconds)
    return value
