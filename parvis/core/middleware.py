import json
import logging
import time

from django.http import JsonResponse
from django.shortcuts import render

from .bounds import has_nul, nul_message

logger = logging.getLogger("parvis.request")


class RequestLogMiddleware:
    """Logs one structured line per request: method, path, status, duration. Never the query string or body,
    which may carry tokens or personal data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": _loggable_path(request),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


def _loggable_path(request) -> str:
    """The path, with secrets carried in it (calendar, participation and unsubscribe tokens) masked."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if "token" in name and isinstance(value, str) and value:
                path = path.replace(value, "[token]")
    return path


def answers_nul_in_query(view):
    """Marks a page whose query string is its own form (search, filters): a NUL byte there reaches the view, which
    shows the form again with its sentence. Everywhere else NulByteMiddleware answers 400."""
    view.answers_nul_in_query = True
    return view


class NulByteMiddleware:
    """Answers 400 with a sentence to a NUL byte in the path, the query string, an API form or a JSON body. No
    person types one; PostgreSQL refuses it in text, so it would otherwise end in a 500 wherever it reaches a query.

    A page's form goes through: the form answers with a sentence next to the field and keeps what the person typed
    (Django's text fields refuse a NUL, every other field type fails to parse it, and the save guard of
    `bounds.check_instance` stops whatever a view passes on by hand). That is every form posted to a page, and the
    query strings of the pages marked with `answers_nul_in_query`. Uploaded files are not read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or self._body_carries_nul(request):
            return self._refuse(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "answers_nul_in_query", False):
            return None
        if "%00" in request.META.get("QUERY_STRING", "") or any(
            has_nul(key) or has_nul(values) for key, values in request.GET.lists()
        ):
            return self._refuse(request)
        return None

    @staticmethod
    def _body_carries_nul(request) -> bool:
        if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
            return False
        content_type = request.content_type or ""
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            if not request.path.startswith("/api/"):
                return False  # a page's form: it answers with the field's error
            return any(has_nul(key) or has_nul(values) for key, values in request.POST.lists())
        if content_type == "application/json" or content_type.endswith("+json"):
            body = request.body
            if b"\x00" in body:
                return True
            if b"\\u0000" in body:  # an escaped NUL, unless the backslash itself was escaped: decode to be sure
                try:
                    return has_nul(json.loads(body))
                except ValueError:
                    return False  # not JSON: the view answers that
        return False

    @staticmethod
    def _refuse(request):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": nul_message()}, status=400)
        return render(request, "400.html", {"exception": nul_message()}, status=400)
