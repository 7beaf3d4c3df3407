"""In Chromium: the coordinator opens the year's campaign; a CAF pilot fills in and
submits the bilan of her fiche; the social centre, partner of the fiche, comments and
co-signs it; the coordinator closes the collection and downloads the annual report.
Every page passes axe."""

import datetime

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.core.roles import Role
from maillage.evaluation.models import Bilan, Campaign, Snapshot
from tests.accounts.helpers import PASSWORD, totp_code
from tests.browser.support import assert_accessible, field, sign_in
from tests.evaluation import builders
from tests.factories import OrganisationFactory, TerritoryFactory, member


def test_a_campaign_from_opening_to_the_report(page, transactional_db):  # type: ignore[no-untyped-def]
    territory = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014"
    )
    caf = OrganisationFactory(
        name="CAF de la Seine-Saint-Denis", acronym="CAF", partner_of=[territory]
    )
    centre = OrganisationFactory(name="Centre social de l’Orange bleue", partner_of=[territory])
    ville = OrganisationFactory(name="Ville de Clichy-sous-Bois", partner_of=[territory])
    year = timezone.localdate().year
    fiche = builders.fiche(territory, "2.2.1", pilot=caf, partner=centre, year=year)
    pilot = member(territory, Role.PARTNER, caf, email="caf@essai.test")
    partner = member(territory, Role.PARTNER, centre, email="centre@essai.test")
    coordinator = member(territory, Role.COORDINATOR, ville, email="coordination@essai.test")
    device = TOTPDevice.objects.create(user=coordinator, name="Téléphone", confirmed=True)
    base = f"/territoires/{territory.slug}/evaluation/"
    due = timezone.localdate() + datetime.timedelta(days=30)

    # The coordinator opens the campaign.
    sign_in(page, coordinator.email, PASSWORD)
    page.wait_for_url("**/compte/verification/**")
    field(page, "Code à 6 chiffres, ou code de secours").fill(totp_code(device))
    page.get_by_role("button", name="Valider").click()
    page.wait_for_url(lambda url: "/compte/verification/" not in url)
    page.goto(base)
    assert_accessible(page)
    page.get_by_role("link", name="Ouvrir une campagne").click()
    page.wait_for_url(f"**{base}ouvrir/")
    assert_accessible(page)
    field(page, "Année évaluée").fill(str(year))
    field(page, "Collecte des bilans : date limite").fill(due.isoformat())
    field(page, "Questionnaire partenarial : date limite").fill(
        (due + datetime.timedelta(days=14)).isoformat()
    )
    page.get_by_role("button", name="Ouvrir la campagne").click()
    page.wait_for_url(f"**{base}{year}/")
    page.get_by_text("La campagne d’évaluation est ouverte.").wait_for()
    assert_accessible(page)
    campaign = Campaign.objects.get()
    bilan = Bilan.objects.get(campaign=campaign, action=fiche)
    page.context.clear_cookies()

    # The CAF pilot writes and submits the bilan.
    sign_in(page, pilot.email, PASSWORD)
    page.goto(f"{base}bilans/{bilan.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Rédiger le bilan").click()
    assert_accessible(page)
    field(page, "Réalisations").fill("Douze ateliers parents-enfants au centre social.")
    field(page, "Suite proposée").select_option(label="Poursuivre")
    field(page, "Appréciation de l’avancement").select_option(label="Bien avancée")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.get_by_text("Le bilan est enregistré (version 1).").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Soumettre à la coordination").click()
    page.get_by_text("Le bilan est soumis à la coordination.").wait_for()
    assert_accessible(page)
    page.context.clear_cookies()

    # The social centre comments and co-signs it.
    sign_in(page, partner.email, PASSWORD)
    page.goto(f"{base}bilans/{bilan.pk}/")
    page.get_by_role("link", name="Commenter ou cosigner").click()
    assert_accessible(page)
    field(page, "Commentaire").fill("Le centre social confirme ce bilan.")
    page.get_by_text("Notre organisation cosigne ce bilan").click()
    page.get_by_role("button", name="Enregistrer le commentaire").click()
    page.get_by_text("Votre commentaire est enregistré.").wait_for()
    page.get_by_text("Le centre social confirme ce bilan.").wait_for()
    assert_accessible(page)
    page.context.clear_cookies()

    # The coordinator closes the collection and downloads the annual report (the next
    # code: the first one may not be used twice).
    sign_in(page, coordinator.email, PASSWORD)
    page.wait_for_url("**/compte/verification/**")
    field(page, "Code à 6 chiffres, ou code de secours").fill(totp_code(device, 1))
    page.get_by_role("button", name="Valider").click()
    page.wait_for_url(lambda url: "/compte/verification/" not in url)
    page.goto(f"{base}{year}/")
    assert_accessible(page)
    page.get_by_role("button", name="Clore la collecte et figer l’année").click()
    page.wait_for_url(f"**{base}{year}/instantane/")
    page.get_by_text("Intègre").first.wait_for()
    assert_accessible(page)
    snapshot = Snapshot.objects.get()
    assert snapshot.sha256 in page.content()
    # The annual report is an edition made by the task worker (immediate in tests).
    page.get_by_role("button", name="Générer le bilan annuel").click()
    page.get_by_role("link", name="Bilan annuel (PDF)").wait_for()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Bilan annuel (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.goto(f"{base}{year}/instantane/")
    page.get_by_role("link", name="L’année en bref, pour les habitants").click()
    page.get_by_text("1 action du projet social a été évaluée").wait_for()
    assert_accessible(page)
