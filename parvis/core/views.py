import importlib.metadata
import uuid

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache


@never_cache
def healthz(request):
    """Liveness and readiness: the database answers, the cache keeps a value, the task back-end is configured."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means "not ready", reported by name
        checks["database"] = f"error: {type(error).__name__}"
    try:
        key = f"healthz:{uuid.uuid4().hex}"
        cache.set(key, "1", 10)
        checks["cache"] = "ok" if cache.get(key) == "1" else "error: value not kept"
        cache.delete(key)
        if checks["cache"] == "ok" and getattr(cache, "degraded", False):
            checks["cache"] = "degraded: redis unreachable, database cache in use"
    except Exception as error:  # noqa: BLE001
        checks["cache"] = f"error: {type(error).__name__}"
    checks["tasks"] = _task_backend_status()
    # Degraded (Redis down, the database standing in) still serves every page: 200, so that a load balancer keeps
    # the instance, with the state said for the operator.
    healthy = all(value == "ok" or value.startswith("degraded") for value in checks.values())
    status = "ok" if all(value == "ok" for value in checks.values()) else ("degraded" if healthy else "error")
    return JsonResponse({"status": status, "checks": checks}, status=200 if healthy else 503)


def _task_backend_status() -> str:
    # Each queue's package is imported only when that back-end is the one configured (RQ needs no Redis otherwise).
    try:
        from django_tasks import default_task_backend

        backend_path = settings.TASKS["default"]["BACKEND"]
        if backend_path.endswith("FailoverRQBackend"):
            import django_rq

            from .failover import REDIS_DOWN

            try:
                django_rq.get_connection("default").ping()
            except REDIS_DOWN:
                return "degraded: redis unreachable, tasks queued in the database"
        elif backend_path.endswith("RQBackend"):
            import django_rq

            django_rq.get_connection("default").ping()
        elif backend_path.startswith("django_tasks_db"):
            from django_tasks_db.models import DBTaskResult

            DBTaskResult.objects.exists()
        return "ok" if default_task_backend is not None else "error: no backend"
    except Exception as error:  # noqa: BLE001
        return f"error: {type(error).__name__}"


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
