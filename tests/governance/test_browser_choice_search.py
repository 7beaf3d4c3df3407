"""In Chromium: a secretary proposes a subject on a body's page, finding its presenter and
its fiche by typing in the form's search fields (the lists write only their first rows),
and sees the subject in the backlog with both. The page passes axe with the search's
results shown."""

from maillage.core.roles import Role
from maillage.core.search_select import SHOWN
from tests.browser.support import assert_accessible
from tests.factories import OrganisationFactory, TerritoryFactory, member
from tests.governance import builders
from tests.governance.test_browser_governance import PASSWORD, sign_in
from tests.programme import factories as programme


def test_a_secretary_finds_the_presenter_and_the_fiche_by_searching(page, transactional_db):
    territory = TerritoryFactory(name="Commune d’essai", slug="commune-essai", insee_code="99001")
    caf = OrganisationFactory(name="CAF d’essai", partner_of=[territory])
    secretary = member(
        territory, Role.PARTNER, caf, email="secretaire@essai.test", full_name="Alix Secrétaire"
    )
    for n in range(SHOWN + 10):
        member(territory, Role.PARTNER, caf, full_name=f"Agent {n:03}")
    wanted = member(territory, Role.PARTNER, caf, full_name="Ysaline Présentatrice")
    for n in range(SHOWN + 5):
        programme.action(territory, code=f"1.1.{n + 1}", title=f"Action courante {n}")
    fiche = programme.action(territory, code="3.2.1", title="Forum des assistantes maternelles")
    body = builders.body(territory, name="Comité technique Familles", secretary=secretary)
    sign_in(page, secretary.email, PASSWORD)
    page.goto(f"/territoires/{territory.slug}/instances/{body.pk}/")
    page.locator("#id_title").fill("Bilan du forum")

    presenter = page.locator("#id_presenter")
    # Past the first rows: not among the options until searched for.
    assert presenter.locator("option", has_text="Ysaline").count() == 0
    page.locator("#id_presenter_q").fill("ysaline")
    presenter.locator("option", has_text="Ysaline Présentatrice").wait_for(state="attached")
    page.locator("#id_presenter_status").get_by_text("1 résultat.").wait_for()
    page.locator("#id_presenter").select_option(str(wanted.pk))

    page.locator("#id_action_q").fill("forum")
    # Enter searches at once and does not send the half-filled form.
    page.locator("#id_action_q").press("Enter")
    page.locator("#id_action option", has_text="3.2.1").wait_for(state="attached")
    assert page.url.endswith(f"/instances/{body.pk}/")
    page.locator("#id_action").select_option(str(fiche.pk))
    assert_accessible(page)

    page.get_by_role("button", name="Ajouter aux sujets en attente").click()
    row = page.locator("tr", has_text="Bilan du forum")
    row.wait_for()
    assert "Ysaline Présentatrice" in row.inner_text()
    item = body.items.get(title="Bilan du forum")
    assert item.presenter == wanted and item.action == fiche
