import importlib.metadata

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse, HttpResponseForbidden, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from . import health, metrics

PLAIN_TEXT = "text/plain; charset=utf-8"


@never_cache
def healthz(request):
    """Liveness and readiness of this web process, for a load balancer and the operator (parvis/core/health.py)."""
    body, serving = health.report()
    return JsonResponse(body, status=200 if serving else 503)


@never_cache
@require_GET
def metrics_view(request):
    """Prometheus's scrape (parvis/core/metrics.py), for whoever holds PARVIS_METRICS_TOKEN; an instance without a
    token has no such page."""
    if not settings.PARVIS_METRICS_TOKEN:
        raise Http404
    verdict = metrics.token_verdict(request.headers.get("Authorization", ""))
    if verdict == "missing":
        response = HttpResponse(
            _("Send the metrics token as “Authorization: Bearer <token>”."), status=401, content_type=PLAIN_TEXT
        )
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    if verdict == "wrong":
        return HttpResponseForbidden(_("This is not the metrics token of this instance."), content_type=PLAIN_TEXT)
    return HttpResponse(metrics.exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")


def error_404(request, exception):
    return render(request, "404.html", status=404)


def error_500(request):
    """Rendered without the request's context processors: they read the database, which may be what failed."""
    html = loader.render_to_string("500.html", {"site_name": settings.PARVIS_SITE_NAME})
    return HttpResponseServerError(html)


@cache_control(max_age=86400, public=True)
def manifest(request):
    """The web app manifest, so that a phone installs the site on its home screen under the instance's name."""
    icons = [
        {"src": static(f"parvis/icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in (192, 512)
    ]
    icons.append(
        {
            "src": static("parvis/icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        }
    )
    icons.append({"src": static("parvis/logo.svg"), "sizes": "any", "type": "image/svg+xml"})
    data = {
        "name": settings.PARVIS_SITE_NAME,
        "short_name": settings.PARVIS_SITE_NAME[:12],
        "description": _("The territorial social network: news, agenda and neighbours of your commune."),
        "lang": get_language() or settings.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f4bb4",
        "icons": icons,
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


@never_cache
def service_worker(request):
    """The service worker, from the site's root so that its scope is the whole site (`Service-Worker-Allowed`)."""
    context = {
        "offline_url": reverse("offline"),
        # A new release changes the file, so browsers install the new worker and its new offline page.
        "version": _release(),
        "site_name": settings.PARVIS_SITE_NAME,
        "icon": static("parvis/icons/icon-192.png"),
        "lang": get_language() or settings.LANGUAGE_CODE,
    }
    response = render(request, "core/sw.js", context, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@cache_control(max_age=3600, public=True)
def offline(request):
    """What the service worker shows when a page cannot be loaded: kept in the browser's cache at installation,
    so it says nothing about anyone: drawn as for a visitor, whoever asks (no name, no badge in its header)."""
    request.user = AnonymousUser()
    return render(request, "core/offline.html")


def _release() -> str:
    try:
        return importlib.metadata.version("parvis")
    except importlib.metadata.PackageNotFoundError:
        return "0"
