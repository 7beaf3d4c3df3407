"""Anonymous pages kept whole while nothing is written
(docs/decisions/0024-anonymous-page-cache.md).

A visitor who is not signed in and carries no session sees exactly what every such
visitor sees: the access engine answers the same for all of them, and nothing of theirs
is on the page. So the page one of them was answered is kept in the shared cache, under
its path and query, its language and the current write generation
(``write_generation.py``), and served as it is to the next ones — until anything is
written (the generation changes and no kept page matches it) or ``PUBLIC_PAGE_CACHE_SECONDS``
pass (what changes with time alone: a séance that has begun, a deadline passed).

Kept and served only when nothing could make the page someone's own:

- a GET of a page, not from htmx (fragments answer to what the page around them holds),
  not of the API (its anonymous clients are counted by its throttling);
- a request with no cookie but the language's and the CSRF token's (no session, no
  pending message, no sticky-primary cookie after a write: ``core/replica.py``) and no
  ``Authorization`` header;
- an answer 200 that sets no cookie, started no session, left no message and is not
  marked private.

A form's CSRF token belongs to the visitor it was made for: a page that carries some (the
resident pages' language switcher, the sign-in form) is kept with a slot in place of
each, and each visitor it is served to gets their own token there (``_without_tokens``).

The middleware sits last in ``MIDDLEWARE``: a kept page still goes out through every
other middleware (security headers, CSP, language), as a page rendered now would."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from maillage.core import write_generation
from maillage.core.csrf import SLOT as _SLOT
from maillage.core.csrf import without_tokens as _without_tokens

logger = logging.getLogger("maillage.page_cache")

# What a kept page carries of the headers the view set; the others are set again on the
# way out by the middleware around this one.
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Link", "Vary", "Content-Disposition")


def _seconds() -> int:
    return int(getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", 0))


def _harmless_cookies() -> frozenset[str]:
    return frozenset({settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME})


def eligible_request(request: HttpRequest) -> bool:
    """A request whose answer is the same for every visitor who could send it."""
    return (
        request.method == "GET"
        and not request.path.startswith("/api/")
        and "Authorization" not in request.headers
        and "HX-Request" not in request.headers
        and set(request.COOKIES) <= _harmless_cookies()
    )


def _private(response: HttpResponse) -> bool:
    directives = {
        part.split("=", 1)[0].strip().lower()
        for part in response.get("Cache-Control", "").split(",")
    }
    return bool(directives & {"private", "no-store", "no-cache"})


def keepable(request: HttpRequest, response: HttpResponse) -> bool:
    """An answer nothing ties to the visitor it was made for."""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (session is not None and session.modified)
        and not getattr(request, "_messages", None)
        and not _private(response)
    )


def _key(request: HttpRequest, generation: str) -> str:
    # The language is chosen once the view is known (core/i18n.py), after this runs: for
    # a visitor without an account it is the cookie's, on the pages that are translated.
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page:{generation}:{language}:{request.scheme}://{request.get_host()}:{path}"


class PublicPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = _seconds()
        if seconds <= 0 or not eligible_request(request):
            return self.get_response(request)
        generation = write_generation.current()
        if not generation:
            return self.get_response(request)
        key = _key(request, generation)
        kept = self._read(key)
        if kept is not None and self._anonymous(request):
            return _rebuilt(request, kept)
        response = self.get_response(request)
        if self._anonymous(request) and keepable(request, response):
            self._keep(key, request, response, seconds)
        return response

    @staticmethod
    def _anonymous(request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        return user is None or not user.is_authenticated

    @staticmethod
    def _read(key: str) -> dict[str, object] | None:
        try:
            kept = cache.get(key)
        except DatabaseError:
            return None
        return kept if isinstance(kept, dict) else None

    @staticmethod
    def _keep(key: str, request: HttpRequest, response: HttpResponse, seconds: int) -> None:
        headers = [(name, response[name]) for name in _KEPT_HEADERS if name in response]
        # Set again by LocaleMiddleware only where missing: the page's own language, since a
        # kept page does not go through the language's choice.
        if "Content-Language" not in response:
            headers.append(("Content-Language", getattr(request, "LANGUAGE_CODE", "")))
        content = response.content
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            secret = request.META.get("CSRF_COOKIE")
            if not secret:
                return
            content = _without_tokens(content, str(secret))
        kept = {"content": content, "headers": headers, "tokens": _SLOT in content}
        try:
            cache.set(key, kept, seconds)
        except DatabaseError:
            logger.warning("anonymous page not kept: the cache is unreachable")
            return
        write_generation.note_kept()


def _rebuilt(request: HttpRequest, kept: dict[str, object]) -> HttpResponse:
    content = kept["content"]
    assert isinstance(content, bytes)
    if kept.get("tokens"):
        # This visitor's token (and their CSRF cookie, set on the way out when missing).
        content = content.replace(_SLOT, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in kept["headers"]:  # type: ignore[attr-defined]
        response[name] = value
    return response
