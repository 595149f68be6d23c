"""The one place absolute links are built: e-mails, calendars, feeds and shared posts leave the site, so their links
cannot be relative, and the address the site is served at is `PARVIS_BASE_URL` (set by `make run` to the address it
serves), never the host a request happened to name."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`path` (starting with "/") on the site's address."""
    return settings.PARVIS_BASE_URL.rstrip("/") + path
