"""Every named page, crawled as a coordinator and as a visitor: the collectivite theme (the
default) shows no State brand on any page nor in any PDF; the etat theme does."""

from __future__ import annotations

import io
import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.access.table import Url, build, discover
from tests.conftest import login_verified

TABLES = discover()
STATE_MARKERS = re.compile(r"fr-logo|République|Marianne", re.IGNORECASE)
CRAWLERS = ("coordinator", "anonymous")


def _get_urls() -> list[tuple[str, Url]]:
    return sorted(
        (name, url)
        for name, url in TABLES.urls.items()
        if isinstance(url, Url) and url.method == "get"
    )


def _crawl(world) -> tuple[dict[str, str], dict[str, bytes]]:  # type: ignore[no-untyped-def]
    """Every GET page's HTML and every PDF, keyed by URL, for each crawling actor."""
    pages: dict[str, str] = {}
    pdfs: dict[str, bytes] = {}
    for actor in CRAWLERS:
        client = Client()
        user = world.user(actor)
        if user is not None:
            login_verified(client, user)
        for name, url in _get_urls():
            obj = build(world, TABLES, url.subject)
            with transaction.atomic():
                try:
                    path = reverse(name, kwargs=url.kwargs(world, obj))
                except NoReverseMatch:
                    transaction.set_rollback(True)
                    continue
                data = url.data(world, obj) if url.data else None
                response = client.get(path, data=data, follow=True)
                transaction.set_rollback(True)
            # A page that signs someone in (the e-mail verification link) changes whose
            # session this is: the crawler goes on as itself.
            signed_in = client.session.get("_auth_user_id")
            if user is None and signed_in:
                client.logout()
            elif user is not None and str(signed_in) != str(user.pk):
                login_verified(client, user)
            if response.streaming:
                continue  # an uploaded file served back, not a page Maillage generated
            content_type = response.get("Content-Type", "")
            key = f"{actor} {path}"
            if content_type.startswith("text/html"):
                pages[key] = response.content.decode()
            elif content_type.startswith("application/pdf"):
                pdfs[key] = response.content
    return pages, pdfs


def pdf_fonts(content: bytes) -> set[str]:
    """The base names of every font a PDF embeds or names."""
    from pypdf import PdfReader

    fonts: set[str] = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont", "")))
    return fonts


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def branded_world(world):  # type: ignore[no-untyped-def]
    world.territory.primary_color = "#6a1b4d"
    world.territory.save(update_fields=["primary_color"])
    return world


def test_collectivite_theme_shows_no_state_brand_on_any_page_nor_pdf(branded_world, settings):
    settings.MAILLAGE_THEME = "collectivite"
    pages, pdfs = _crawl(branded_world)
    assert len(pages) > 50, "the crawl reached too few pages to prove anything"
    branded = {
        url: STATE_MARKERS.search(html).group(0)
        for url, html in pages.items()
        if STATE_MARKERS.search(html)
    }  # type: ignore[union-attr]
    assert not branded, f"State brand on: {branded}"
    # The territory's own identity and stylesheet are on its pages.
    # Read with a fresh session: some crawled pages (the e-mail verification link) sign
    # the crawler in as someone else, which is their job.
    client = Client()
    login_verified(client, branded_world.user("coordinator"))
    home = client.get(reverse("territories:home", kwargs={"territory_slug": "commune-essai"}))
    home = home.content.decode()
    assert "maillage-brand__name" in home and "Commune d’essai" in home
    assert "/territoires/commune-essai/theme.css?v=" in home
    assert "dsfr.collectivite.min.css" in home
    # Programme, action sheet, minutes, convocation and partners guide.
    assert len(pdfs) >= 5, sorted(pdfs)
    for url, content in pdfs.items():
        fonts = pdf_fonts(content)
        assert fonts, url
        assert not [f for f in fonts if "marianne" in f.lower()], (url, fonts)
        assert "République" not in pdf_text(content), url


def test_state_theme_shows_the_state_brand(world, settings, client_for):
    settings.MAILLAGE_THEME = "etat"
    for user in (None, world.user("coordinator")):
        client = client_for(user)
        for path in ("/", reverse("territories:home", kwargs={"territory_slug": "commune-essai"})):
            html = client.get(path).content.decode()
            assert 'class="fr-logo"' in html and "République<br>française" in html, path
            assert "dist/dsfr/dsfr.min.css" in html
            assert "dsfr.collectivite.min.css" not in html
            assert "theme.css" not in html


def test_abs_report_pdf_uses_no_marianne(settings):
    """The ABS report is rendered by a task, not by a page the crawl reaches."""
    from maillage.observatory.report_render import render_pdf
    from tests.observatory.test_report_render import REPORT

    settings.MAILLAGE_THEME = "collectivite"
    content = render_pdf(REPORT)
    fonts = pdf_fonts(content)
    assert fonts and not [f for f in fonts if "marianne" in f.lower()], fonts
    assert "République" not in pdf_text(content)


def test_printed_documents_name_marianne_only_in_the_state_theme(settings):
    from django.template.loader import render_to_string

    settings.MAILLAGE_THEME = "etat"
    state = render_to_string("programme/print/style.html", {"territory": None})
    settings.MAILLAGE_THEME = "collectivite"
    local = render_to_string("programme/print/style.html", {"territory": None})
    assert 'font-family: "Marianne"' in state and "#000091" in state
    assert "Marianne" not in local and "#000091" not in local
