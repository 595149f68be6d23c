"""The WSGI application the browser checks serve with gunicorn: Parvis itself, behind a static file server.

In production a web server in front of gunicorn serves STATIC_ROOT (what `collectstatic` produced) and MEDIA_ROOT,
and Parvis never serves them with DEBUG off. This stands in for that front server, so that the checks run the
production configuration (DEBUG=0, gunicorn) and see the files `collectstatic` really collected: a stylesheet or
script missing from STATIC_ROOT is a 404 here as it would be in production.
"""

import mimetypes
import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application

django_application = get_wsgi_application()
_ROOTS = [(settings.STATIC_URL, Path(settings.STATIC_ROOT)), (settings.MEDIA_URL, Path(settings.MEDIA_ROOT))]


def _file_response(start_response, path: Path):
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(path.stat().st_size))])
    return [path.read_bytes()]


def application(environ, start_response):
    request_path = environ.get("PATH_INFO", "")
    for prefix, root in _ROOTS:
        if request_path.startswith(prefix) and environ.get("REQUEST_METHOD") in {"GET", "HEAD"}:
            candidate = (root / request_path[len(prefix) :]).resolve()
            # Only files inside the root: "/static/../settings.py" must not escape it.
            if candidate.is_file() and os.path.commonpath([candidate, root.resolve()]) == str(root.resolve()):
                return _file_response(start_response, candidate)
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"Not found"]
    return django_application(environ, start_response)
