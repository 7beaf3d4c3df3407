"""The platform home and a territory's partner list render, accessibly, in Chromium."""

from tests.browser.support import assert_accessible
from tests.factories import OrganisationFactory, TerritoryFactory


def test_home_and_partners_are_accessible(page, transactional_db):
    territory = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014"
    )
    OrganisationFactory(name="Mission locale", kind="mission-locale", partner_of=[territory])
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Les projets sociaux de territoire"
    assert_accessible(page)
    page.get_by_role("link", name="Clichy-sous-Bois").first.click()
    page.get_by_role("link", name="Partenaires").first.click()
    assert page.get_by_role("link", name="Mission locale").is_visible()
    assert_accessible(page)
