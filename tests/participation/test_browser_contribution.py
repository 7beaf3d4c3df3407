"""In Chromium at 390 px wide (a phone): a resident proposes a need, a coordinator
moderates it and answers it with a fiche action, a second resident says « moi aussi »,
and the first resident sees the answer. Every page passes axe."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.core.roles import Role, Visibility
from maillage.participation.models import Contribution
from tests.accounts.helpers import PASSWORD, totp_code
from tests.browser.support import assert_accessible, field, sign_in
from tests.factories import OrganisationFactory, TerritoryFactory, member
from tests.programme import factories as programme


def _sign_out(page):  # type: ignore[no-untyped-def]
    page.context.clear_cookies()


def test_a_need_is_moderated_answered_and_supported_on_a_phone(page, transactional_db):
    page.set_viewport_size({"width": 390, "height": 844})
    territory = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014"
    )
    centre = OrganisationFactory(name="Centre social du Bas-Clichy", partner_of=[territory])
    first = member(territory, Role.RESIDENT, email="awa@essai.test", full_name="Awa Essai")
    second = member(territory, Role.RESIDENT, email="jo@essai.test", full_name="Jo Essai")
    coordinator = member(territory, Role.COORDINATOR, centre, email="coordination@essai.test")
    device = TOTPDevice.objects.create(user=coordinator, name="Téléphone", confirmed=True)
    action = programme.action(
        territory, "2.2.1", title="Garderie éphémère", visibility=Visibility.PUBLIC
    )
    base = f"/territoires/{territory.slug}/participer/"

    # The first resident proposes a need.
    sign_in(page, first.email, PASSWORD)
    page.goto(base)
    assert_accessible(page)
    page.get_by_role("link", name="Donner mon avis").first.click()
    page.wait_for_url(f"**{base}donner-mon-avis/")
    assert_accessible(page)
    page.get_by_text("Dans mon quartier, il manque…", exact=True).click()
    field(page, "C’est à propos de quoi ?").select_option(label="Enfants et famille")
    field(page, "En quelques mots").fill("Une garde d’enfants le soir")
    field(page, "Votre message").fill("Je finis à 20 heures.\nPersonne ne garde mon fils.")
    field(page, "Votre prénom ou un pseudo").fill("Awa")
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_url(f"**{base}mes-messages/")
    page.get_by_text("Votre message est bien reçu").wait_for()
    assert_accessible(page)
    made = Contribution.objects.get()
    assert made.moderation == "pending"
    _sign_out(page)
    page.goto(base)
    assert "Une garde d’enfants le soir" not in page.content()

    # The coordinator publishes it, then answers with the fiche action.
    sign_in(page, coordinator.email, PASSWORD)
    page.wait_for_url("**/compte/verification/**")
    field(page, "Code à 6 chiffres, ou code de secours").fill(totp_code(device))
    page.get_by_role("button", name="Valider").click()
    page.wait_for_url(lambda url: "/compte/verification/" not in url)
    page.goto(base + "a-relire/")
    assert_accessible(page)
    page.get_by_role("link", name="Une garde d’enfants le soir").click()
    assert_accessible(page)
    page.get_by_text("Publiée", exact=True).click()
    page.get_by_role("button", name="Enregistrer la décision").click()
    page.get_by_text("La décision est enregistrée.").wait_for()
    page.goto(base + f"{made.pk}/")
    page.get_by_role("link", name="Répondre").click()
    assert_accessible(page)
    field(page, "Suite donnée").select_option(label="Intégrée à une fiche action")
    field(page, "Réponse aux habitants").fill("La garderie éphémère ouvre le soir en mars.")
    field(page, "Fiche action qui la reprend").select_option(label="2.2.1 — Garderie éphémère")
    page.get_by_role("button", name="Publier la réponse").click()
    page.get_by_text("La réponse est publiée.").wait_for()
    assert_accessible(page)
    _sign_out(page)

    # A second resident says « moi aussi ».
    sign_in(page, second.email, PASSWORD)
    page.goto(base)
    page.get_by_role("link", name="Une garde d’enfants le soir").click()
    page.get_by_role("button", name="Moi aussi").click()
    page.get_by_text("Merci, votre soutien est compté.").wait_for()
    page.get_by_text("1 personne dit « moi aussi »").first.wait_for()
    assert_accessible(page)
    _sign_out(page)

    # The first resident sees the answer, and where it went.
    sign_in(page, first.email, PASSWORD)
    page.goto(base + "mes-messages/")
    page.get_by_role("link", name="Une garde d’enfants le soir").click()
    page.get_by_text("La garderie éphémère ouvre le soir en mars.").wait_for()
    assert page.get_by_role("link", name="2.2.1 — Garderie éphémère").is_visible()
    assert_accessible(page)
    page.goto(base + "nous-avons-fait/")
    page.get_by_text("La garderie éphémère ouvre le soir en mars.").wait_for()
    assert_accessible(page)
    made.refresh_from_db()
    assert (made.status, made.action, made.supports_count) == ("integrated", action, 1)
