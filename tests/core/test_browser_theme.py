"""The theme as the browser sees it: computed fonts, the files it requests, the colours,
and axe, in both themes."""

from __future__ import annotations

import re

from tests.browser.support import assert_accessible
from tests.factories import TerritoryFactory

MARIANNE_FONTS_IN_USE = """() => [...document.querySelectorAll('*')]
  .map(e => getComputedStyle(e).fontFamily)
  .filter(f => /marianne/i.test(f))"""
BUTTON_BACKGROUND = (
    """() => getComputedStyle(document.querySelector('main .fr-btn')).backgroundColor"""
)


# Every font the page's style sheets ask for, loaded (or failed): what "network idle" was
# waited for, without its 500 ms of silence that a slow machine may never give.
FONTS_SETTLED = "() => document.fonts.ready.then(() => document.fonts.status)"


def _settled(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_load_state("load")
    assert page.evaluate(FONTS_SETTLED) == "loaded"


def _requests(page) -> list[str]:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def test_collectivite_theme_neither_uses_nor_downloads_marianne(page, transactional_db, settings):
    settings.MAILLAGE_THEME = "collectivite"
    TerritoryFactory(
        name="Clichy-sous-Bois",
        slug="clichy-sous-bois",
        insee_code="93014",
        primary_color="#6a1b4d",
    )
    requested = _requests(page)
    for path in ("/", "/territoires/clichy-sous-bois/", "/connexion/"):
        page.goto(path)
        _settled(page)
        assert page.evaluate(MARIANNE_FONTS_IN_USE) == [], path
        body_font = page.evaluate("() => getComputedStyle(document.body).fontFamily")
        assert body_font.startswith("system-ui"), body_font
        assert page.locator(".fr-logo").count() == 0
        assert "République" not in page.content()
        assert_accessible(page)
    assert not [url for url in requested if re.search("marianne", url, re.IGNORECASE)]
    assert any("dsfr.collectivite.min.css" in url for url in requested)
    # The sign-in page belongs to no territory: the operator's colour, computed shades.
    assert page.evaluate(BUTTON_BACKGROUND) == "rgb(31, 86, 115)"
    page.goto("/territoires/clichy-sous-bois/")
    assert page.locator(".maillage-brand__name").inner_text() == "Clichy-sous-Bois"
    colour = page.evaluate(
        "() => getComputedStyle(document.documentElement)"
        ".getPropertyValue('--background-action-high-blue-france').trim()"
    )
    assert colour == "#6a1b4d"


def test_state_theme_shows_marianne(page, transactional_db, settings):
    settings.MAILLAGE_THEME = "etat"
    TerritoryFactory(name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014")
    requested = _requests(page)
    for path in ("/", "/territoires/clichy-sous-bois/", "/connexion/"):
        page.goto(path)
        _settled(page)
        assert page.locator(".fr-header .fr-logo").count() == 1
        assert "Marianne" in page.evaluate("() => getComputedStyle(document.body).fontFamily")
        assert_accessible(page)
    assert any(re.search(r"Marianne-\w+\.woff2", url) for url in requested)
