"""In Chromium: a member of the cellule opens the veille's syntheses — the map of open
signals (fewer than 3 shown as « moins de 3 »), the monthly trend, the note de veille —
and downloads the note; every page passes axe and the CSP."""

from typing import Any

from django.urls import reverse

from maillage.core.roles import Role
from maillage.watch.models import Signal
from tests.browser.support import assert_accessible
from tests.factories import OrganisationFactory, TerritoryFactory, member
from tests.watch.reports import builders

PASSWORD = "mot-de-passe-de-test-1"


def sign_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/connexion/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url(lambda url: "/connexion/" not in url)


def test_the_syntheses(page, transactional_db):
    territory: Any = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014"
    )
    pmi: Any = OrganisationFactory(
        name="Protection maternelle et infantile", partner_of=[territory]
    )
    member(territory, Role.PARTNER, pmi, email="veille@essai.test", full_name="Sonia Veillel")
    builders.cell(territory, [pmi])
    bas, haut, _chene = builders.quartiers(territory, 3)
    for _n in range(4):
        builders.signal(territory, pmi, place=bas, trend=Signal.Trend.RISING)
    builders.signal(territory, pmi, place=haut, thematique=builders.ARREARS)
    slug = territory.slug

    sign_in(page, "veille@essai.test")
    page.goto(reverse("watch:reports", args=[slug]))
    assert_accessible(page)
    page.get_by_role(
        "link", name="Carte des signalements ouverts par quartier, IRIS ou QPV"
    ).click()
    page.wait_for_url(f"**{reverse('watch:map', args=[slug])}")
    assert page.locator("svg#carte-veille").count() == 1
    table = page.locator("table", has_text="Données de la carte")
    assert table.locator("tr", has_text="Quartier A").locator("td").nth(1).inner_text() == "4"
    assert "moins de 3" in table.locator("tr", has_text="Quartier B").inner_text()
    assert_accessible(page)
    page.get_by_label("Découpage").select_option("iris")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url("**niveau=iris**")
    assert_accessible(page)

    page.goto(reverse("watch:trend", args=[slug]))
    assert page.locator("svg.watch-chart").count() == 1
    assert page.locator("table", has_text="Signalements reçus par mois").count() == 1
    assert_accessible(page)

    page.goto(reverse("watch:note", args=[slug]))
    assert "moins de 3" in page.content()
    assert builders.SECRET_TITLE not in page.content()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger la note (PDF)").click()
    assert download.value.suggested_filename.startswith("note-de-veille-")
