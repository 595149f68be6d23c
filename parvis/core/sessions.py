"""Django's database sessions, where a cookie that cannot be a session key (a NUL byte, 100,000 characters, any
character Django never puts in a key) reads as no session instead of reaching the query: PostgreSQL refuses a NUL
in text with a 500, on every page, before any view runs."""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

KEY_CHARS = frozenset(VALID_KEY_CHARS)


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        return bool(key) and 8 <= len(key) <= 40 and KEY_CHARS.issuperset(key)
