"""The Content-Security-Policy and Permissions-Policy headers of every answer (HTML pages, the API, error pages).

Scripts and styles come only from the site's own files; an inline <script> or <style> runs only with the nonce of
its request (`request.csp_nonce`, `nonce="{{ request.csp_nonce }}"` in a template). No 'unsafe-inline', no
'unsafe-eval': htmx runs without eval nor script tags (the `htmx-config` meta of base.html). A page that needs an
exception says so with `csp_update` on its view, so that every exception is in the code and can be grepped.
"""

import json
import logging
import re
import secrets
from functools import lru_cache, wraps
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

# What no Parvis page uses: a page (or a framed third-party page) asking for these gets a refusal without a prompt.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


def tiles_source(url_template: str) -> str:
    """The CSP source of the map tiles' server: its scheme and host, a `{s}` sub-domain as a wildcard."""
    parts = urlsplit(url_template)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return ""
    host = re.sub(r"\{[a-z]+\}", "*", parts.netloc)
    if host.count("*") > 1 or ("*" in host and not host.startswith("*.")):
        return ""  # a placeholder CSP cannot express: no tile host, the map shows its credits without tiles
    return f"{parts.scheme}://{host}"


def identity_provider_sources() -> str:
    """The OpenID Connect providers' origins (settings.PARVIS_OIDC_PROVIDERS): the sign-in button posts to Parvis,
    which redirects the form to the provider, and browsers hold a form's redirects to `form-action` too."""
    sources = []
    for provider in getattr(settings, "PARVIS_OIDC_PROVIDERS", []):
        parts = urlsplit(str(provider.get("issuer", "")))
        if parts.scheme in {"http", "https"} and parts.netloc:
            sources.append(f"{parts.scheme}://{parts.netloc}")
    return " ".join(sorted(set(sources)))


def cdn_source() -> str:
    """The CDN's origin (settings.PARVIS_CDN_URL), which serves the static files and public media as the site's own."""
    parts = urlsplit(getattr(settings, "PARVIS_CDN_URL", ""))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in {"http", "https"} and parts.netloc else ""


def storage_sources() -> str:
    """The origins of the media storages when they are not the site itself (an S3-compatible bucket, or the CDN in
    front of it): pictures, videos and the pieces hls.js fetches are linked or redirected there, and a browser holds
    a redirect's target to the policy too."""
    storages = getattr(settings, "STORAGES", {})
    if not any("s3" in str(options.get("BACKEND", "")).lower() for options in storages.values()):
        return ""
    return _storage_origins(json.dumps(storages, sort_keys=True, default=str))


@lru_cache(maxsize=8)
def _storage_origins(_configuration: str) -> str:
    # Asking each storage for the address of a name gives its origin exactly (path or virtual-host addressing, a
    # custom domain); keyed by the configuration, so that a change of settings is seen.
    from django.core.files.storage import storages

    origins = set()
    for alias in ("default", "private"):
        try:
            parts = urlsplit(storages.create_storage(settings.STORAGES[alias]).url("csp-origin"))
        except Exception:  # noqa: BLE001 — a storage that cannot say its address adds no origin, and says why
            logger.warning("the %s storage gives no address for the Content-Security-Policy", alias, exc_info=True)
            continue
        if parts.scheme in {"http", "https"} and parts.netloc:
            origins.add(f"{parts.scheme}://{parts.netloc}")
    return " ".join(sorted(origins))


def policy(nonce: str, updates: dict[str, str] | None = None) -> str:
    own = " ".join(filter(None, ["'self'", cdn_source()]))
    media = " ".join(filter(None, [own, storage_sources()]))
    directives = {
        "default-src": "'self'",
        "script-src": f"{own} 'nonce-{nonce}'",
        "style-src": f"{own} 'nonce-{nonce}'",
        "img-src": " ".join(filter(None, [media, "data:", tiles_source(settings.PARVIS_MAP_TILES_URL)])),
        "font-src": own,
        # hls.js and the service worker fetch the files they play and keep.
        "connect-src": media,
        "media-src": media,
        "frame-src": "'none'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": " ".join(filter(None, ["'self'", identity_provider_sources()])),
        "frame-ancestors": "'none'",
    }
    directives.update(updates or {})
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def csp_update(**directives: str):
    """Replace directives of this view's policy, named in Python style: `@csp_update(frame_ancestors="*")`."""
    updates = {name.replace("_", "-"): value for name, value in directives.items()}

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.csp_updates = {**getattr(response, "csp_updates", {}), **updates}
            return response

        return wrapped

    return decorator


class SecurityHeadersMiddleware:
    """Sets the nonce before the view runs and the headers on whatever answer comes back, errors included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        # Django's technical 404 and 500 pages (DEBUG only, never in production) inline their styles and scripts.
        technical_page = settings.DEBUG and response.status_code in {404, 500}
        if "Content-Security-Policy" not in response and not technical_page:
            response["Content-Security-Policy"] = policy(request.csp_nonce, getattr(response, "csp_updates", None))
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
