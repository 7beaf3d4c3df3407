"""In Chromium at 390 px wide (a phone): a social-centre professional enters a resident's
answers to a consultation at a permanence (consent box, origin « Permanence »), a resident
answers online, and the coordinator reads the results split by origin. Every page passes
axe."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.core.roles import Role
from maillage.participation.models import Response
from tests.accounts.helpers import PASSWORD, totp_code
from tests.browser.support import assert_accessible, field, sign_in
from tests.factories import GeoUnitFactory, OrganisationFactory, TerritoryFactory, member
from tests.participation import builders


def test_assisted_and_online_answers_then_results_by_origin_on_a_phone(page, transactional_db):
    page.set_viewport_size({"width": 390, "height": 844})
    territory = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014"
    )
    bas = GeoUnitFactory(territory=territory, name="Bas-Clichy", code="BAS-CLICHY")
    centre = OrganisationFactory(name="Centre social du Bas-Clichy", partner_of=[territory])
    resident = member(territory, Role.RESIDENT, email="awa@essai.test", full_name="Awa Essai")
    pro = member(territory, Role.PARTNER, centre, email="accueil@essai.test")
    coordinator = member(territory, Role.COORDINATOR, centre, email="coordination@essai.test")
    device = TOTPDevice.objects.create(user=coordinator, name="Téléphone", confirmed=True)
    consultation = builders.consultation(territory, coordinator, quartiers=[bas])
    base = f"/territoires/{territory.slug}/participer/consultations/{consultation.pk}/"

    # The professional enters a resident's answers at the permanence.
    sign_in(page, pro.email, PASSWORD)
    page.goto(f"/territoires/{territory.slug}/participer/consultations/")
    assert_accessible(page)
    page.get_by_role("link", name="Vos besoins de garde d’enfants").click()
    page.wait_for_url(f"**{base}")
    assert_accessible(page)
    page.get_by_role("link", name="Saisir pour un·e habitant·e").click()
    page.wait_for_url(f"**{base}saisie-accompagnee/")
    assert_accessible(page)
    page.get_by_text("Après 19 heures", exact=True).click()
    page.get_by_text("Arabe", exact=True).click()
    page.get_by_text("Turc", exact=True).click()
    page.get_by_text("5 — Très difficile", exact=True).click()
    field(page, "Autre chose à nous dire ?").fill("Je travaille le soir au supermarché.")
    field(page, "Vous habitez dans quel quartier ?").select_option(label="Bas-Clichy")
    field(page, "Où avez-vous recueilli ces réponses ?").select_option(label="Permanence")
    field(page, "Votre structure").select_option(label="Centre social du Bas-Clichy")
    # Without the consent box: refused, nothing saved.
    page.get_by_role("button", name="Enregistrer les réponses").click()
    page.get_by_text("Il faut l’accord de l’habitant·e.").first.wait_for()
    assert_accessible(page)
    assert not Response.objects.exists()
    page.get_by_text("L’habitant·e est d’accord", exact=False).click()
    page.get_by_role("button", name="Enregistrer les réponses").click()
    page.get_by_text("Les réponses sont enregistrées. Merci à l’habitant·e.").wait_for()
    assert_accessible(page)
    entered = Response.objects.get()
    assert (entered.origin, entered.entered_by, entered.consent_given_at is not None) == (
        "permanence",
        pro,
        True,
    )
    page.context.clear_cookies()

    # A resident answers online.
    sign_in(page, resident.email, PASSWORD)
    page.goto(base)
    page.get_by_role("link", name="Répondre").click()
    page.wait_for_url(f"**{base}repondre/")
    assert_accessible(page)
    page.get_by_text("Avant 7 heures", exact=True).click()
    # "Français" is also the language switcher's button: the choice is the form's.
    page.locator("label").filter(has_text="Français").click()
    page.get_by_text("4", exact=True).click()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.get_by_text("Merci ! Votre réponse est enregistrée.").wait_for()
    page.get_by_text("Vous avez déjà répondu. Vous pouvez changer vos réponses.").wait_for()
    assert_accessible(page)
    assert Response.objects.filter(respondent=resident, origin="web").exists()
    page.context.clear_cookies()

    # The coordinator reads the results, split by origin.
    sign_in(page, coordinator.email, PASSWORD)
    page.wait_for_url("**/compte/verification/**")
    field(page, "Code à 6 chiffres, ou code de secours").fill(totp_code(device))
    page.get_by_role("button", name="Valider").click()
    page.wait_for_url(lambda url: "/compte/verification/" not in url)
    page.goto(base + "resultats/")
    assert_accessible(page)
    field(page, "Détailler par").select_option(label="Origine de la réponse")
    page.get_by_role("button", name="Voir", exact=True).click()
    page.wait_for_url("**par=origine**")
    page.get_by_role("columnheader", name="Permanence").first.wait_for()
    assert page.get_by_role("cell", name="moins de 5").count() >= 2  # two groups of one
    assert_accessible(page)
    page.goto(base + "a-relire/")
    page.get_by_text("Je travaille le soir au supermarché.").wait_for()
    assert_accessible(page)
