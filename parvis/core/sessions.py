"""Sessions: in the database, or in Redis in front of the database when REDIS_URL is set (`CachedSessionStore`,
chosen by the settings), so that a large install reads a person's session from Redis on every page instead of
querying the primary, and a restart or an eviction of Redis signs nobody out (the row in the database stays the
reference). Both read a cookie that cannot be a session key (a NUL byte, 100,000 characters, any character Django
never puts in a key) as no session instead of reaching the query: PostgreSQL refuses a NUL in text with a 500, on
every page, before any view runs."""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDatabaseSessionStore
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

KEY_CHARS = frozenset(VALID_KEY_CHARS)


def _possible_key(key) -> bool:
    return bool(key) and 8 <= len(key) <= 40 and KEY_CHARS.issuperset(key)


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        return _possible_key(key)


class CachedSessionStore(CachedDatabaseSessionStore):
    """Django's cached_db sessions on the default cache (Redis, falling back to the database cache while Redis does
    not answer): written to both, read from the cache first."""

    def _validate_session_key(self, key):
        return _possible_key(key)
