"""The Content-Security-Policy and Permissions-Policy headers of every answer (HTML pages, the API, error pages).

Scripts and styles come only from the site's own files; an inline <script> or <style> runs only with the nonce of
its request (`request.csp_nonce`, `nonce="{{ request.csp_nonce }}"` in a template). No 'unsafe-inline', no
'unsafe-eval': htmx runs without eval nor script tags (the `htmx-config` meta of base.html). A page that needs an
exception says so with `csp_update` on its view, so that every exception is in the code and can be grepped.
"""

import re
import secrets
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings

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


def policy(nonce: str, updates: dict[str, str] | None = None) -> str:
    own = " ".join(filter(None, ["'self'", cdn_source()]))
    directives = {
        "default-src": "'self'",
        "script-src": f"{own} 'nonce-{nonce}'",
        "style-src": f"{own} 'nonce-{nonce}'",
        "img-src": " ".join(filter(None, [own, "data:", tiles_source(settings.PARVIS_MAP_TILES_URL)])),
        "font-src": own,
        # hls.js and the service worker fetch the files they play and keep.
        "connect-src": own,
        "media-src": own,
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
