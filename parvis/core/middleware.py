import logging
import time

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
