"""In Chromium at 390 px wide (a phone), with the Content-Security-Policy enforced: a
resident without an account writes through the ALTCHA proof of work (solved by the widget
in its worker, the challenge kept small in the test settings) and is told the message
waits for relecture; a member of the Conseil citoyen publishes an avis that shows on the
fiche action's page. Every page passes axe."""

import datetime

import pytest

from maillage.core.roles import Role, Visibility
from maillage.participation.models import Avis, Contribution
from tests.accounts.helpers import PASSWORD
from tests.browser.support import assert_accessible, field, sign_in
from tests.factories import OrganisationFactory, TerritoryFactory, member
from tests.participation.council import council
from tests.programme import factories as programme

pytestmark = pytest.mark.browser


def test_anonymous_contribution_and_council_avis_on_a_phone(page, transactional_db):
    page.set_viewport_size({"width": 390, "height": 844})
    territory = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014"
    )
    centre = OrganisationFactory(name="Centre social du Bas-Clichy", partner_of=[territory])
    coordinator = member(territory, Role.COORDINATOR, centre, email="coordination@essai.test")
    resident = member(territory, Role.RESIDENT, email="nadia@essai.test", full_name="Nadia Essai")
    action = programme.action(
        territory, "2.2.1", title="Garderie éphémère", visibility=Visibility.PUBLIC
    )
    body = council(territory, coordinator, member=resident, name="Conseil citoyen de Clichy")
    base = f"/territoires/{territory.slug}/participer/"

    # A resident without an account writes, after the proof of work.
    page.goto(base)
    assert_accessible(page)
    page.get_by_role("link", name="Écrire sans compte").click()
    page.wait_for_url(f"**{base}sans-compte/")
    assert_accessible(page)
    page.get_by_text("Dans mon quartier, il manque…", exact=True).click()
    field(page, "C’est à propos de quoi ?").select_option(label="Enfants et famille")
    field(page, "En quelques mots").fill("Une garde le samedi matin")
    field(page, "Votre message").fill("Je travaille le samedi.\nLa crèche est fermée.")
    page.get_by_label("Je ne suis pas un robot").click()
    page.get_by_text("Vérifié").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_url(f"**{base}")
    page.get_by_text("en attente de relecture").wait_for()
    assert_accessible(page)
    made = Contribution.objects.get()
    assert made.moderation == "pending" and made.author is None
    assert "Une garde le samedi matin" not in page.content()

    # A member of the Conseil citoyen publishes an avis on the fiche action.
    sign_in(page, resident.email, PASSWORD)
    page.goto(body.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("link", name="Écrire un avis").click()
    assert_accessible(page)
    field(page, "Fiche action").select_option(label="2.2.1 — Garderie éphémère")
    field(page, "Titre de l’avis").fill("Ouvrir aussi le samedi matin")
    field(page, "Avis du Conseil citoyen").fill("Beaucoup de parents travaillent le samedi.")
    field(page, "Adopté par le Conseil le").fill(datetime.date.today().isoformat())
    page.get_by_text("Publier tout de suite", exact=False).click()
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("L’avis est publié.").wait_for()
    assert_accessible(page)
    assert Avis.objects.get().state == "published"
    page.context.clear_cookies()
    page.goto(action.get_absolute_url())
    page.get_by_role("heading", name="Avis du Conseil citoyen").wait_for()
    page.get_by_text("Ouvrir aussi le samedi matin").wait_for()
    assert_accessible(page)
