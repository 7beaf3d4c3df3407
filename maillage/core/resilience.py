"""What the web processes do when something they depend on is gone for a while
(docs/operations.md, "Faults").

- **PostgreSQL unreachable** (restarted, failed over, out of connections): Django raises
  ``OperationalError`` or ``InterfaceError``. A page answers a French 503 page, the API a
  JSON 503, both with ``Retry-After``; never a 500 with a traceback. Nothing else is
  needed to recover: ``CONN_HEALTH_CHECKS`` makes each request test its persistent
  connection and open a new one, so the first request after the database returns is
  served, without restarting gunicorn.
- **The cache unreachable** (Redis stopped): ``ForgivingRedisCache`` answers a miss
  (``get``), skips the write (``set``) and logs a warning at most once every 30 seconds;
  throttling counters and cached fragments start again from zero when Redis returns.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from django.core.cache.backends.redis import RedisCache
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger("maillage.resilience")

# Seconds a client is told to wait before trying again.
RETRY_AFTER_SECONDS = 5
DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable(exc: BaseException | None) -> bool:
    """True when ``exc`` (or what caused it) says the database cannot be reached."""
    while exc is not None:
        if isinstance(exc, DATABASE_ERRORS):
            return True
        exc = exc.__cause__
    return False


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer: JSON under /api/, else a page that needs neither the database nor
    the context processors (they read it)."""
    with translation.override("fr"):
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {
                    "detail": _(
                        "Service momentanément indisponible : réessayez dans quelques "
                        "secondes. Rien n’a été enregistré."
                    )
                },
                status=503,
                json_dumps_params={"ensure_ascii": False},
            )
        else:
            response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database connection error raised by a view into the 503 answer (errors
    raised before the view, by the session or authentication middleware, reach
    ``core.views.error_500``, which does the same)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_unavailable(exception):
            logger.warning(
                "Database unavailable on %s %s: %s", request.method, request.path, exception
            )
            return unavailable_response(request)
        return None


def current_exception_is_database_unavailable() -> bool:
    """Inside Django's handler for uncaught exceptions (``handler500``)."""
    return database_unavailable(sys.exc_info()[1])


class ForgivingRedisCache(RedisCache):
    """Django's Redis cache, except that an unreachable Redis is a miss, not an error.

    Reads answer the default, writes are dropped, ``incr`` raises ``ValueError`` (what a
    missing key raises, which the rate limiters already handle). Connection errors are
    logged at WARNING, at most once every ``LOG_EVERY`` seconds per process."""

    LOG_EVERY = 30.0
    _last_logged = 0.0

    def _failed(self, operation: str, exc: Exception) -> None:
        now = time.monotonic()
        if now - ForgivingRedisCache._last_logged >= self.LOG_EVERY:
            ForgivingRedisCache._last_logged = now
            logger.warning("Cache unavailable (%s): %s; answering without it.", operation, exc)

    @staticmethod
    def _errors() -> tuple[type[Exception], ...]:
        import redis

        return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except self._errors() as exc:
            self._failed("get", exc)
            return default

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except self._errors() as exc:
            self._failed("get_many", exc)
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except self._errors() as exc:
            self._failed("has_key", exc)
            return False

    def add(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except self._errors() as exc:
            self._failed("add", exc)
            return False

    def set(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> None:
        try:
            super().set(key, value, timeout, version)
        except self._errors() as exc:
            self._failed("set", exc)

    def set_many(self, data: Any, timeout: Any = None, version: int | None = None) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except self._errors() as exc:
            self._failed("set_many", exc)
            return list(data)

    def touch(self, key: Any, timeout: Any = None, version: int | None = None) -> bool:
        try:
            return super().touch(key, timeout, version)
        except self._errors() as exc:
            self._failed("touch", exc)
            return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except self._errors() as exc:
            self._failed("delete", exc)
            return False

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except self._errors() as exc:
            self._failed("delete_many", exc)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except self._errors() as exc:
            self._failed("incr", exc)
            raise ValueError(f"Key '{key}' not found (cache unavailable).") from exc

    def clear(self) -> None:
        try:
            super().clear()
        except self._errors() as exc:
            self._failed("clear", exc)
