"""The one place absolute links are built: e-mails, calendars, feeds and shared posts leave the site, so their links
cannot be relative, and the address the site is served at is `PARVIS_BASE_URL` (set by `make run` to the address it
serves), never the host a request happened to name."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed


def absolute_url(path: str) -> str:
    """`path` (starting with "/") on the site's address."""
    return settings.PARVIS_BASE_URL.rstrip("/") + path


class _AtBaseUrl:
    """A request seen from PARVIS_BASE_URL: Django's feeds put `request.get_host()` before their relative links."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return getattr(self._request, name)

    def get_host(self) -> str:
        return urlsplit(settings.PARVIS_BASE_URL).netloc

    def is_secure(self) -> bool:
        return urlsplit(settings.PARVIS_BASE_URL).scheme == "https"


class BaseUrlFeed(Feed):
    """A syndication feed (Atom, RSS) whose links start with PARVIS_BASE_URL like every other absolute link of the
    site, whatever host the request named."""

    def get_feed(self, obj, request):
        return super().get_feed(obj, _AtBaseUrl(request))
