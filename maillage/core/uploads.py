"""Uploads too large for the platform are refused before their body is read.

A request body is read the first time something asks for ``request.POST`` or
``request.FILES`` — the CSRF check does, before any view runs. A 200 MB upload would
then be streamed to a temporary file only to be refused by the form. So:

- ``UploadSizeLimitMiddleware`` answers **413** with a French message as soon as the
  declared ``Content-Length`` exceeds ``settings.UPLOAD_MAX_BYTES``, reading nothing
  (an HTML page, or the API's error shape under ``/api/``);
- ``LimitedUploadHandler`` (first of ``FILE_UPLOAD_HANDLERS``) counts what arrives and
  stops the upload past the same limit when the length was not declared or was a lie.

Each form then holds its own, lower limit (``max_bytes`` of the library's documents) with
a message naming it; nginx's ``client_max_body_size`` is set a little above the platform's
limit so that Django, not the proxy, answers."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 32 * 1024 * 1024))


def declared_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


def upload_was_stopped(request: HttpRequest) -> bool:
    """True when ``LimitedUploadHandler`` stopped this request's upload half-way."""
    return bool(getattr(request, "upload_too_large", False))


def too_large_message(limit: int | None = None) -> str:
    return _(
        "Le fichier envoyé est trop volumineux : la limite est de %(limit)s. "
        "Réduisez-le (en le compressant ou en le découpant) puis envoyez-le à nouveau."
    ) % {"limit": filesizeformat(limit if limit is not None else max_bytes())}


def too_large_response(request: HttpRequest) -> HttpResponse:
    message = too_large_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "errors": {}}, status=413)
    context = {"title": _("Fichier trop volumineux"), "message": message}
    return render(request, "413.html", context, status=413)


class UploadSizeLimitMiddleware:
    """Refuses a request whose declared body exceeds ``UPLOAD_MAX_BYTES`` before anything
    reads it (placed before the views' CSRF check, which reads ``request.POST``)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        if request.method in BODY_METHODS:
            length = declared_length(request)
            if length is not None and length > max_bytes():
                return too_large_response(request)
        return self.get_response(request)


class LimitedUploadHandler(FileUploadHandler):
    """Stops an upload whose bytes exceed ``UPLOAD_MAX_BYTES`` as they arrive (a body
    sent without a ``Content-Length``, or a longer one than declared)."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > max_bytes():
            # The parser keeps what came before; the form reads this mark and says why.
            if self.request is not None:
                setattr(self.request, "upload_too_large", True)  # noqa: B010
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
