"""In Chromium: a Département agent opens the departmental home and sees the map and the
communes' cards; a commune's coordinator lowers the sharing of its programme to
aggregates. Every page passes axe."""

from playwright.sync_api import expect

from maillage.core import sharing
from tests.browser.support import assert_accessible
from tests.programme.browser import sign_in, sign_in_with_second_factor


def test_the_departmental_home_and_the_sharing_setting(page, transactional_db, scene):  # type: ignore[no-untyped-def]
    sign_in(page, scene.agent.email)
    page.goto(f"/territoires/{scene.departement.slug}/")
    expect(page.locator("svg#carte-communes")).to_be_visible()
    cards = page.locator("article.maillage-commune-card")
    expect(cards).to_have_count(3)
    expect(page.get_by_role("heading", name="Commune B", level=3)).to_be_visible()
    expect(page.locator('[data-commune="commune-c"]')).to_contain_text(
        "Cette commune ne partage pas son programme d’actions avec le Département."
    )
    expect(page.get_by_role("link", name="Axe secret A")).to_have_count(0)
    expect(page.locator('[data-commune="commune-a"]')).to_contain_text("Axe secret A")
    assert_accessible(page)

    page.context.clear_cookies()
    commune = scene.communes["A"]
    sign_in_with_second_factor(page, scene.coordinators["A"])
    page.goto(f"/territoires/{commune.slug}/")
    page.get_by_role("link", name="Régler le partage avec le Département").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partage avec le Département")
    assert_accessible(page)
    # DSFR draws the radio on its label, which takes the click.
    page.locator('label[for="id_programme_1"]').click()
    expect(page.locator("#id_programme_1")).to_be_checked()
    page.get_by_role("button", name="Enregistrer le partage").click()
    expect(page.get_by_text("Le partage avec le Département est enregistré.")).to_be_visible()
    assert_accessible(page)
    commune.refresh_from_db()
    assert sharing.level_of(commune, "programme") == sharing.Level.AGGREGATES
    assert sharing.level_of(commune, "governance") == sharing.Level.DETAILS
