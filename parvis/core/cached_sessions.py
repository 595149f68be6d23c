"""The session engine of an install with REDIS_URL (SESSION_ENGINE names a module whose `SessionStore` Django
takes): see parvis/core/sessions.py."""

from .sessions import CachedSessionStore as SessionStore

__all__ = ["SessionStore"]
