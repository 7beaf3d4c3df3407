"""In Chromium: a Département agent compares the poverty rate of the communes on the map,
the ranked chart and the table, their chosen commune highlighted; axe finds nothing
serious."""

from tests.browser.support import assert_accessible
from tests.departments import compare_scene
from tests.programme.browser import sign_in


def test_an_agent_compares_the_poverty_rate_of_the_communes(transactional_db, page):  # type: ignore[no-untyped-def]
    scene = compare_scene.build()
    page.set_default_timeout(60_000)  # the first pages compile their templates
    sign_in(page, scene.agent.email)
    page.goto(f"/territoires/{scene.department.slug}/comparer/")
    page.locator("#id_indicateur").select_option("taux-pauvrete")
    page.locator("#id_commune").select_option("aulnay")
    page.get_by_role("button", name="Comparer").click()
    page.wait_for_url("**/comparer/?*indicateur=taux-pauvrete*")

    assert page.locator("h2#indicateur").text_content().startswith("Taux de pauvreté")
    # The map: one area per commune, Aulnay outlined, Bondy (shares nothing) hatched.
    assert page.locator("svg#carte-communes path.maillage-map__area").count() == 6
    assert page.locator('path[data-code="93005"]').get_attribute("data-highlight") == "true"
    assert "Non partagé par la commune" in (
        page.locator('path[data-code="93010"] title').text_content() or ""
    )
    page.locator('path[data-code="93014"]').focus()
    assert page.locator("svg#carte-communes .maillage-map__label").text_content() == (
        "Clichy-sous-Bois"
    )
    # The ranked chart and the table: Clichy first, Aulnay highlighted.
    assert page.locator("svg.obs-bars--ranked rect[data-highlight]").count() == 1
    first = page.locator("#compare-table tbody tr").first
    assert "Clichy-sous-Bois" in (first.text_content() or "")
    highlighted = page.locator("#compare-table tr.obs-highlight")
    assert "Aulnay-sous-Bois" in (highlighted.text_content() or "")
    assert "25,1" in (highlighted.text_content() or "")
    assert "27,7" not in page.content()  # Aulnay's partners-only figure
    assert_accessible(page)
