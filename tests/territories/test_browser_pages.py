"""In Chromium, the foundation's other pages, each checked by axe: the partner list and its
live search, an organisation and its form, the audit log, the account pages, the second
factor's set-up, and the error page."""

import re

from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.core.roles import Role
from maillage.territories import services
from tests.accounts.helpers import PASSWORD, totp_code
from tests.browser.support import assert_accessible, field, sign_in
from tests.factories import OrganisationFactory, TerritoryFactory, member


def _scene():  # type: ignore[no-untyped-def]
    territory = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014"
    )
    ville = OrganisationFactory(
        name="Direction des Solidarités", kind="direction-municipale", partner_of=[territory]
    )
    habitat = OrganisationFactory(
        name="Maison de l’Habitat", kind="association", partner_of=[territory]
    )
    OrganisationFactory(name="Élogie bailleur", kind="bailleur-social", partner_of=[territory])
    coordinator = member(
        territory,
        Role.COORDINATOR,
        ville,
        email="coordination@clichy.test",
        full_name="Camille Coordinel",
    )
    member(territory, Role.PARTNER, habitat, email="ines@habitat.test", full_name="Inès Conseil")
    services.update_organisation(
        actor=coordinator, organisation=habitat, territory=territory, phone="01 00 00 00 00"
    )
    return territory, habitat, coordinator


def test_partner_pages_and_coordination_pages(page, transactional_db):
    _territory, habitat, coordinator = _scene()
    device = TOTPDevice.objects.create(user=coordinator, name="Téléphone", confirmed=True)

    page.goto("/territoires/clichy-sous-bois/partenaires/")
    assert_accessible(page)
    # The search narrows the list as one types (htmx), accent-insensitively.
    field(page, "Rechercher par nom").fill("elogie")
    page.get_by_text("1 organisation").wait_for()
    assert page.get_by_role("link", name="Élogie bailleur").is_visible()
    assert not page.get_by_role("link", name="Maison de l’Habitat").is_visible()
    assert "q=elogie" in page.url
    assert_accessible(page)
    field(page, "Rechercher par nom").fill("")
    field(page, "Type d’organisation").select_option("association")
    page.get_by_role("link", name="Maison de l’Habitat").wait_for()
    page.get_by_role("link", name="Maison de l’Habitat").click()
    page.wait_for_url(re.compile(r".*/partenaires/\d+/$"))
    assert page.get_by_role("cell", name="Inès Conseil").is_visible()
    assert page.get_by_text(
        "Les coordonnées des membres sont réservées aux partenaires du territoire."
    ).is_visible()
    assert_accessible(page)

    sign_in(page, coordinator.email, PASSWORD)
    page.wait_for_url("**/compte/verification/**")
    field(page, "Code à 6 chiffres").fill(totp_code(device))
    page.get_by_role("button", name="Valider").click()
    # Signing in lands the coordinator on their territory's first screen.
    page.wait_for_url(re.compile(r".*/territoires/clichy-sous-bois/$"))

    page.goto(f"/territoires/clichy-sous-bois/partenaires/{habitat.pk}/")
    assert page.get_by_role("link", name="ines@habitat.test").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Modifier").click()
    page.wait_for_url("**/modifier/")
    assert_accessible(page)
    field(page, "SIRET").fill("443 061 841 00048")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text(
        "Ce SIRET n’est pas valide : la clé de contrôle ne correspond pas."
    ).first.wait_for()
    assert_accessible(page)
    field(page, "SIRET").fill("443 061 841 00047")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Les informations ont été enregistrées.").wait_for()

    page.goto("/territoires/clichy-sous-bois/journal/")
    assert page.get_by_role("cell", name="Organisation modifiée").first.is_visible()
    assert_accessible(page)

    page.goto("/territoires/clichy-sous-bois/partenaires/ajouter/")
    assert_accessible(page)
    page.goto("/territoires/clichy-sous-bois/invitations/")
    assert_accessible(page)

    page.goto("/compte/")
    assert_accessible(page)
    page.goto("/compte/jetons/")
    field(page, "Nom du jeton").fill("Tableau de bord")
    page.get_by_role("button", name="Créer le jeton").click()
    page.get_by_test_id("new-token").wait_for()
    assert_accessible(page)
    page.goto("/compte/mot-de-passe/")
    assert_accessible(page)
    page.goto("/une-page-qui-n-existe-pas/")
    assert page.get_by_role("heading", level=1).inner_text() == "Page introuvable"
    assert_accessible(page)


def test_second_factor_set_up_and_public_pages(page, transactional_db):
    territory, _habitat, coordinator = _scene()
    for path in (
        "/",
        "/connexion/",
        "/mot-de-passe-oublie/",
        "/inscription/",
        "/accessibilite/",
        "/mentions-legales/",
    ):
        page.goto(path)
        assert_accessible(page)
    sign_in(page, coordinator.email, PASSWORD)
    page.wait_for_url("**/compte/securite/**")
    assert page.get_by_role(
        "img", name="Code QR à scanner avec votre application d’authentification"
    ).is_visible()
    assert_accessible(page)
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    field(page, "Code à 6 chiffres").fill(totp_code(device))
    page.get_by_role("button", name="Activer").click()
    page.get_by_test_id("backup-codes").wait_for()
    assert len(page.get_by_test_id("backup-codes").get_by_role("listitem").all()) == 10
    assert_accessible(page)
    page.get_by_role("link", name="Continuer").click()
    # Then on to the territory's first screen, where signing in lands a coordinator.
    page.wait_for_url(re.compile(rf".*/territoires/{territory.slug}/$"))
    menu = page.get_by_role("navigation", name="Menu principal")
    assert menu.get_by_role("link", name=territory.name).is_visible()
