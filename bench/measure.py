"""Calling the WSGI application in-process, as gunicorn would, and timing only that."""

from __future__ import annotations

import io
import math
import sys
from dataclasses import dataclass
from time import perf_counter
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice


@dataclass(frozen=True)
class Response:
    status: int
    seconds: float
    size: int
    location: str = ""


class Server:
    """The product's WSGI handler (every middleware, the bench URLconf)."""

    def __init__(self) -> None:
        self.app = WSGIHandler()

    def get(self, path: str, cookie: str = "", *, htmx: bool = False) -> Response:
        environ = _environ(path, cookie, htmx=htmx)
        seen: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None):
            seen["status"] = int(status.split(" ", 1)[0])
            seen["headers"] = dict(headers)

        started = perf_counter()
        response = self.app(environ, start_response)
        try:
            body = b"".join(response)
        finally:
            response.close()  # what the WSGI server does; fires request_finished
        elapsed = perf_counter() - started
        return Response(
            status=seen["status"],
            seconds=elapsed,
            size=len(body),
            location=seen["headers"].get("Location", ""),
        )

    def count_queries(self, path: str, cookie: str = "", *, htmx: bool = False) -> tuple[int, int]:
        """(status, number of SQL queries) for one request."""
        with CaptureQueriesContext(connection) as captured:
            response = self.get(path, cookie, htmx=htmx)
        return response.status, len(captured.captured_queries)


def session_cookie(user: Any) -> str:
    """A signed-in session for ``user``, second factor verified when their role needs one
    (coordinators, admins), stored where production stores sessions."""
    if user is None:
        return ""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if user.requires_mfa:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            raise RuntimeError(f"{user.email} needs a second factor and has no TOTP device")
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    name = settings.SESSION_COOKIE_NAME
    return f"{name}={client.cookies[name].value}"


def _environ(path: str, cookie: str, *, htmx: bool) -> dict[str, Any]:
    parts = urlsplit(path)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": parts.path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": parts.query,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "testserver",
        "HTTP_ACCEPT": "text/html,application/xhtml+xml",
        "HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9",
        "HTTP_USER_AGENT": "maillage-bench",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    if htmx:
        environ["HTTP_HX_REQUEST"] = "true"
    return environ


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile: p95 of 100 samples is the 95th smallest."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]
