"""A pilot records a measurement and a milestone on their action, and sees the chart and
the tables change without leaving the page; a wrong value shows its error in place."""

import re

from playwright.sync_api import expect

from tests.browser.support import assert_accessible
from tests.programme.browser import build_scene, sign_in


def test_pilot_records_a_measurement_and_a_milestone(page, transactional_db):
    scene = build_scene()
    sign_in(page, scene.pilot.email)
    page.goto(scene.action.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Garderie éphémère")
    assert_accessible(page)

    indicator = page.locator("article[id^=indicator-]").first
    chart = indicator.locator("svg.maillage-chart")
    expect(chart).to_have_attribute("data-points", "2")
    expect(indicator.locator("circle.chart-point")).to_have_count(2)

    # A value that is not a number is refused, next to the field, nothing saved.
    form = indicator.locator("form[aria-label^='Ajouter une mesure']")
    form.get_by_label("Date de la mesure").fill("2025-06-30")
    form.get_by_label("Valeur").fill("abc")
    form.get_by_role("button", name="Enregistrer la mesure").click()
    expect(indicator.get_by_text("« abc » n’est pas un nombre.").first).to_be_visible()
    expect(chart).to_have_attribute("data-points", "2")
    assert_accessible(page)

    # A French number is accepted; the chart gains a point and the table a row.
    form = page.locator("article[id^=indicator-] form[aria-label^='Ajouter une mesure']").first
    form.get_by_label("Date de la mesure").fill("2025-06-30")
    form.get_by_label("Valeur").fill("1 234,5")
    form.get_by_label("Source").fill("Tableau de bord du centre social")
    form.get_by_role("button", name="Enregistrer la mesure").click()
    indicator = page.locator("article[id^=indicator-]").first
    expect(indicator.locator("svg.maillage-chart")).to_have_attribute("data-points", "3")
    expect(indicator.locator("circle.chart-point")).to_have_count(3)
    expect(indicator.get_by_role("cell", name="30/06/2025", exact=True)).to_be_visible()
    expect(indicator.get_by_text("La mesure a été enregistrée.")).to_be_visible()
    expect(indicator.locator("[data-latest]")).to_contain_text(re.compile(r"1\s234,5"))
    assert_accessible(page)

    # A milestone, added in place.
    milestones = page.locator("#milestones")
    milestones.get_by_role("textbox", name="Jalon", exact=True).fill("Comité de suivi avec la CAF")
    milestones.get_by_label("Date prévue").fill("2027-03-15")
    milestones.get_by_role("button", name="Ajouter le jalon").click()
    expect(
        page.locator("#milestones").get_by_role(
            "cell", name="Comité de suivi avec la CAF", exact=True
        )
    ).to_be_visible()
    expect(page.locator("#milestones").get_by_text("15/03/2027")).to_be_visible()
    assert_accessible(page)

    # What the page shows is what was saved.
    page.reload()
    indicator = page.locator("article[id^=indicator-]").first
    expect(indicator.locator("svg.maillage-chart")).to_have_attribute("data-points", "3")
    expect(
        page.locator("#milestones").get_by_role(
            "cell", name="Comité de suivi avec la CAF", exact=True
        )
    ).to_be_visible()
