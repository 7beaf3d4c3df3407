"""The co-branded PDF (WeasyPrint): a joint letter, an A4 poster or an A5 flyer with the
logos of the organisations that approved it and a QR code (segno) to the page it is about.

Logos are read from the public storage and embedded (data URIs): nothing is fetched over
the network while rendering. An organisation that approved without a valid logo consent
is named in text, without its logo."""

from __future__ import annotations

import base64
import logging
import mimetypes
from pathlib import Path
from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils import timezone

from maillage.community.models import Communication
from maillage.community.selectors import approving, logo_allowed, target_url
from maillage.core.ics import absolute

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

STYLE = Path(__file__).parent / "static" / "community" / "print.css"
TEMPLATES: dict[str, str] = {
    Communication.Kind.LETTER: "community/pdf/letter.html",
    Communication.Kind.POSTER: "community/pdf/poster.html",
    Communication.Kind.FLYER: "community/pdf/poster.html",
}


def _logo_uri(organisation: Any) -> str:
    name = organisation.logo.name
    mime = mimetypes.guess_type(name)[0] or "image/png"
    with organisation.logo.open("rb") as handle:
        data = handle.read()
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def signers(communication: Communication) -> list[dict[str, Any]]:
    day = timezone.localdate()
    rows = []
    for signatory in approving(communication):
        organisation = signatory.organisation
        rows.append(
            {
                "name": organisation.name,
                "logo": _logo_uri(organisation) if logo_allowed(organisation, day) else "",
            }
        )
    return rows


def qr_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def render_html(communication: Communication) -> str:
    url = absolute(target_url(communication))
    return render_to_string(
        TEMPLATES[communication.kind],
        {
            "communication": communication,
            "signers": signers(communication),
            "url": url,
            "qr": qr_uri(url),
            "event": communication.event,
            "flyer": communication.kind == Communication.Kind.FLYER,
        },
    )


def render_pdf(communication: Communication) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    # Only the embedded images (data: URIs) are read: nothing is fetched over the network.
    fetcher = URLFetcher(allowed_protocols={"data"})
    html = HTML(string=render_html(communication), url_fetcher=fetcher)
    return bytes(html.write_pdf(stylesheets=[CSS(filename=str(STYLE))]))
