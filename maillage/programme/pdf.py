"""Printed fiches and programme, with WeasyPrint: the same templates as the pages would be
hard to print, so print templates of their own (programme/print/), in A4."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    """Print templates carry their styles and charts inline: nothing is fetched, so a
    document cannot be made to call a URL from the server."""
    raise ValueError(f"External resource refused in a printed document: {url}")


def render_pdf(request: HttpRequest, template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def pdf_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slugify(name) or "document"}.pdf"'
    return response
