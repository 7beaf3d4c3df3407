"""In Chromium: a coordinator signs in with their second factor and invites a partner; the
partner opens the link from the e-mail, sets a password and lands on their organisation."""

from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.core.roles import Role
from tests.accounts.helpers import NEW_PASSWORD, PASSWORD, link_in_last_email, totp_code
from tests.browser.support import assert_accessible, field, sign_in
from tests.factories import OrganisationFactory, TerritoryFactory, member


def test_coordinator_invites_a_partner_who_joins(page, live_server, transactional_db):
    territory = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014"
    )
    ville = OrganisationFactory(
        name="Direction des Solidarités", kind="direction-municipale", partner_of=[territory]
    )
    caf = OrganisationFactory(
        name="CAF de la Seine-Saint-Denis", kind="caf", partner_of=[territory]
    )
    coordinator = member(
        territory,
        Role.COORDINATOR,
        ville,
        email="coordination@clichy.test",
        full_name="Camille Coordinel",
    )
    coordinator.current_territory = territory
    coordinator.save()
    device = TOTPDevice.objects.create(user=coordinator, name="Téléphone", confirmed=True)

    # The coordinator signs in, then passes the second factor.
    page.goto("/connexion/")
    assert_accessible(page)
    sign_in(page, coordinator.email, PASSWORD)
    page.wait_for_url("**/compte/verification/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Vérification en deux étapes"
    assert_accessible(page)
    field(page, "Code à 6 chiffres, ou code de secours").fill(totp_code(device))
    page.get_by_role("button", name="Valider").click()
    page.wait_for_url("**/territoires/clichy-sous-bois/")
    assert_accessible(page)

    # … and invites a professional of the CAF.
    page.get_by_role("link", name="Inviter un partenaire").click()
    page.wait_for_url("**/territoires/clichy-sous-bois/invitations/")
    assert_accessible(page)
    field(page, "Adresse électronique").fill("nadia@caf.test")
    field(page, "Prénom et nom").fill("Nadia Nouvelle")
    field(page, "Rôle").select_option("partner")
    field(page, "Organisation").select_option(label="CAF de la Seine-Saint-Denis")
    field(page, "Fonction").fill("Conseillère territoriale")
    page.get_by_role("button", name="Envoyer l’invitation").click()
    page.get_by_text("Invitation envoyée à nadia@caf.test.").wait_for()
    assert page.get_by_role("cell", name="nadia@caf.test CAF de la Seine-Saint-Denis").is_visible()
    assert_accessible(page)
    assert [m.to for m in mail.outbox] == [["nadia@caf.test"]]
    link = link_in_last_email("nadia@caf.test")

    # The partner, in their own browser, opens the link and creates the account.
    partner_page = page.context.browser.new_context(
        base_url=live_server.url, locale="fr-FR", timezone_id="Europe/Paris"
    ).new_page()
    partner_page.goto(link)
    assert partner_page.get_by_role("heading", level=1).inner_text() == (
        "Rejoindre le projet social de territoire de Clichy-sous-Bois"
    )
    assert_accessible(partner_page)
    assert field(partner_page, "Prénom et nom").input_value() == "Nadia Nouvelle"
    field(partner_page, "Téléphone professionnel").fill("01 23 45 67 00")
    field(partner_page, "Mot de passe").fill("court")
    field(partner_page, "Confirmation du mot de passe").fill("court")
    partner_page.get_by_role("button", name="Créer mon compte").click()
    partner_page.get_by_text("Ce mot de passe est trop court.").first.wait_for()
    assert_accessible(partner_page)
    field(partner_page, "Mot de passe").fill(NEW_PASSWORD)
    field(partner_page, "Confirmation du mot de passe").fill(NEW_PASSWORD)
    partner_page.get_by_role("button", name="Créer mon compte").click()
    partner_page.wait_for_url(f"**/territoires/clichy-sous-bois/partenaires/{caf.pk}/")
    assert (
        partner_page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("CAF de la Seine-Saint-Denis")
    )
    partner_page.get_by_text("Bienvenue ! Vous avez rejoint Clichy-sous-Bois.").wait_for()
    # Signed in, a partner sees the members' contact details.
    assert partner_page.get_by_role("cell", name="Nadia Nouvelle").is_visible()
    assert partner_page.get_by_role("link", name="nadia@caf.test").is_visible()
    assert partner_page.get_by_role(
        "link", name="Nadia", exact=True
    ).is_visible()  # the account link in the header
    assert_accessible(partner_page)

    # The link has served: opening it again says so.
    partner_page.goto(link)
    partner_page.get_by_text("Cette invitation a déjà été utilisée.").wait_for()
    assert_accessible(partner_page)
    partner_page.context.close()
