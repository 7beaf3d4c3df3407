"""In Chromium at 390 px wide (a phone): a resident switches the resident space to
Arabic; the page reads right to left (``dir="rtl"`` on <html>, the layout mirrored: the
header's brand on the right, the text aligned right), and a screenshot is saved under
test-artifacts/languages/ and checked. The choice is remembered on the next page. axe
finds nothing serious on the home and "donner mon avis" pages in Arabic, Turkish and
English."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageStat

from maillage.core.roles import Role
from tests.accounts.helpers import PASSWORD
from tests.browser.support import assert_accessible, sign_in
from tests.factories import TerritoryFactory, member

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "languages"


def _box(page, selector):  # type: ignore[no-untyped-def]
    return page.locator(selector).first.bounding_box()


def test_a_resident_reads_the_resident_space_in_arabic_on_a_phone(page, transactional_db):
    page.set_viewport_size({"width": 390, "height": 844})
    territory = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014"
    )
    resident = member(territory, Role.RESIDENT, email="awa@essai.test", full_name="Awa Essai")
    base = f"/territoires/{territory.slug}/participer/"
    sign_in(page, resident.email, PASSWORD)
    page.goto(base)
    assert page.evaluate("document.documentElement.dir") == "ltr"
    french_title = _box(page, "h1")

    # The switcher names each language in itself; the resident chooses Arabic.
    arabic = page.get_by_role("button", name="العربية")
    assert arabic.get_attribute("lang") == "ar"
    arabic.click()
    page.wait_for_url(f"**{base}")
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("h1").inner_text() == "شارك"
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).direction") == "rtl"
    # Mirrored: the title now ends at the right edge, where the French one started left.
    title = _box(page, "h1")
    assert french_title["x"] < 40
    assert title["x"] + title["width"] > 390 - 40
    brand = _box(page, ".fr-header__service")
    assert brand["x"] + brand["width"] > 390 - 60
    assert_accessible(page)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = page.screenshot(full_page=False)
    (ARTIFACTS / "participer-ar-390.png").write_bytes(shot)
    image = Image.open(io.BytesIO(shot)).convert("L")
    assert image.size[0] == 390
    # Not a blank page: the screenshot has text and contrast.
    assert ImageStat.Stat(image).stddev[0] > 20
    # The right half of the header band holds more ink than in a blank right half would.
    header = image.crop((195, 0, 390, 120))
    assert ImageStat.Stat(header).extrema[0][0] < 100

    # Remembered: the next page is in Arabic too.
    page.get_by_role("link", name="أعطِ رأيك").first.click()
    page.wait_for_url(f"**{base}donner-mon-avis/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.get_by_text("ماذا تريد أن تقول؟").count() == 1
    assert_accessible(page)

    # Turkish and English, left to right, axe clean on both pages.
    for code, name, heading in (("tr", "Türkçe", "Katılın"), ("en", "English", "Take part")):
        page.goto(base)
        page.get_by_role("button", name=name).click()
        page.wait_for_url(f"**{base}")
        assert page.evaluate("document.documentElement.lang") == code
        assert page.evaluate("document.documentElement.dir") == "ltr"
        assert page.locator("h1").inner_text() == heading
        assert_accessible(page)
        page.goto(f"{base}donner-mon-avis/")
        assert page.evaluate("document.documentElement.lang") == code
        assert_accessible(page)
