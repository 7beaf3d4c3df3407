"""A signed-in reader's part of a page, kept until the next write
(docs/decisions/0025-a-readers-page-kept-until-the-next-write.md).

A rich page — a fiche with its indicators, milestones, partners and journal, and the
panels other capabilities add to it — reads a dozen tables and writes hundreds of
elements; its reader comes back to it, and so do others, far more often than anyone
changes what it shows. ``kept_for_reader`` keeps the HTML of such a part until one of the
tables it was made from is written (``write_generation.py``, ``table_generations.py``:
the tables read while it was made and before it in the request — the reader's access —,
whatever wrote them, committed or not) and under everything else it was made from:

- the reader: their account, their session (what they may see is the access engine's
  answer for them; a new sign-in starts a new session) and whether it passed the second
  factor;
- the request: its path and query (a journal's page), whether htmx asked for it;
- the language, and the day (what is late, what is to come).

What the part shows of the time of day (a séance that has begun) may lag by
``SECONDS`` at most. The CSRF tokens of its forms are kept as slots and each request gets
its own (``core.csrf.without_tokens``). Anonymous readers get nothing kept here: their
whole page is (``page_cache.py``)."""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from maillage.core.csrf import SLOT, without_tokens
from maillage.core.write_generation import kept_until_written

# How long a part may show what changes with the time of day alone.
SECONDS = 300


def _key(request: HttpRequest, name: str) -> str:
    user: Any = request.user
    session = getattr(request, "session", None)
    parts = [
        name,
        str(user.pk),
        str(getattr(session, "session_key", "") or ""),
        # The second factor, checked in this session or not (django-otp).
        "verified" if getattr(user, "is_verified", lambda: False)() else "",
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        request.get_full_path(),
        "htmx" if getattr(request, "htmx", False) else "",
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
    return f"reader-part:{name}:{digest}"


def kept_for_reader(request: HttpRequest, name: str, make: Callable[[], str]) -> SafeString:
    """``make()``'s HTML for this reader, kept until the next write (see the module).

    ``name`` names the part and the object it shows (``"fiche:42"``); ``make`` must read
    whatever it shows itself, so that nothing is read when the part is kept."""
    if not getattr(request.user, "is_authenticated", False):
        return mark_safe(make())  # ``make`` returns escaped HTML

    def made() -> bytes:
        html = make().encode()
        # The secret is known once a form asked for a token (possibly during ``make``).
        secret = request.META.get("CSRF_COOKIE")
        kept = without_tokens(html, str(secret)) if secret else html
        # Compressed: one copy per reader and page, in the shared cache and in each
        # process's memory (a page of 60 kB keeps in about 8).
        return zlib.compress(kept, 1)

    # Sent as it is: what the page makes after this part does not depend on it.
    kept = zlib.decompress(
        kept_until_written(_key(request, name), made, SECONDS, into_request=False)
    )
    if SLOT in kept:
        kept = kept.replace(SLOT, get_token(request).encode())
    # HTML the page's templates wrote (escaped there), with tokens put back.
    return mark_safe(kept.decode())


def kept_template(
    request: HttpRequest, name: str, template_name: str, context: Callable[[], dict[str, Any]]
) -> SafeString:
    """``template_name`` rendered with ``context()`` for this reader, kept until the next
    write: a page's content (its ``main`` block), the page around it made at each request
    (header, menu, messages)."""
    return kept_for_reader(
        request, name, lambda: render_to_string(template_name, context(), request=request)
    )


def kept_page(
    request: HttpRequest,
    name: str,
    template: str,
    frame: dict[str, Any],
    main: str,
    content: Callable[[], dict[str, Any]],
    *,
    htmx_part: str | None = None,
) -> HttpResponse:
    """A page whose content is kept for its reader until the next write: ``template``
    (which writes ``{{ main }}`` in its ``main`` block) rendered with ``frame`` — the
    territory, the section, the breadcrumb: what is made at each request — and the
    content, ``main`` rendered with ``frame`` and ``content()`` when no copy is kept. A
    list whose filters htmx swaps in names ``htmx_part``: its results alone, kept the
    same way."""

    def context() -> dict[str, Any]:
        return {**frame, **content()}

    if htmx_part is not None and getattr(request, "htmx", False):
        return HttpResponse(kept_template(request, name, htmx_part, context))
    return render(request, template, {**frame, "main": kept_template(request, name, main, context)})
