"""In Chromium: a platform admin creates Gournay-sur-Marne from its INSEE code (after a
refused merged code and a preview), invites its coordination; the new coordinator copies
Clichy's structure. Every page passes axe."""

from django.core import mail
from playwright.sync_api import expect

from maillage.core.roles import Role
from maillage.governance.models import Body, Meeting
from maillage.programme.models import Action, Axis
from maillage.territories import setup
from maillage.territories.models import Territory
from tests.browser.support import assert_accessible, field
from tests.factories import OrganisationFactory, TerritoryFactory, UserFactory, member
from tests.governance import builders
from tests.programme import factories as programme
from tests.programme.browser import sign_in_with_second_factor


def _clichy() -> Territory:
    departement = TerritoryFactory(
        departement=True, name="Seine-Saint-Denis", slug="seine-saint-denis", insee_code="93"
    )
    clichy = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014", parent=departement
    )
    ville = OrganisationFactory(name="Ville de Clichy-sous-Bois", partner_of=[clichy])
    programme.axis(clichy, 1, title="Accès aux droits")
    programme.objective(clichy, "1.1", 1)
    programme.objective(clichy, "2.1", 2)
    programme.action(clichy, "1.1.1", pilots=[ville])
    body = builders.body(clichy, name="Comité technique Accès aux droits", members=[ville])
    builders.meeting(body)
    return clichy


def test_a_new_commune_from_its_code_then_clichys_structure(
    page, chromium, live_server, transactional_db
):
    _clichy()
    admin = UserFactory(admin=True, email="admin@plateforme.test")
    sign_in_with_second_factor(page, admin)

    page.goto("/plateforme/territoires/nouveau/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau territoire")
    assert_accessible(page)
    field(page, "Code INSEE de la commune").fill("93059")
    page.get_by_role("button", name="Vérifier le code").click()
    expect(page.get_by_text("a fusionné dans Saint-Denis (93066)").first).to_be_visible()
    assert_accessible(page)

    field(page, "Code INSEE de la commune").fill("93033")
    page.get_by_role("button", name="Vérifier le code").click()
    table = page.get_by_role("table", name="La commune d’après le COG")
    expect(table).to_contain_text("Gournay-sur-Marne (93033)")
    expect(table).to_contain_text("Seine-Saint-Denis (93)")
    expect(table).to_contain_text("Métropole du Grand Paris")
    assert_accessible(page)
    page.get_by_role("button", name="Créer le territoire Gournay-sur-Marne").click()
    page.wait_for_url("**/territoires/gournay-sur-marne/invitations/")
    expect(page.get_by_text("Le territoire Gournay-sur-Marne est créé")).to_be_visible()
    assert_accessible(page)

    # Inviter la coordination: the town, created with the commune, is its organisation.
    field(page, "Adresse électronique").fill("coordination@gournay.test")
    field(page, "Rôle").select_option("coordinator")
    field(page, "Organisation").select_option(label="Ville de Gournay-sur-Marne")
    page.get_by_role("button", name="Envoyer l’invitation").click()
    page.get_by_text("Invitation envoyée à coordination@gournay.test.").wait_for()
    assert [m.to for m in mail.outbox] == [["coordination@gournay.test"]]

    # The coordinator (the invitation's own path is accounts' browser test) copies Clichy.
    gournay = Territory.objects.get(insee_code="93033")
    coordinator = member(
        gournay, Role.COORDINATOR, setup.town_organisation(gournay), email="c@gournay.test"
    )
    context = chromium.new_context(
        base_url=live_server.url, locale="fr-FR", timezone_id="Europe/Paris"
    )
    other = context.new_page()
    sign_in_with_second_factor(other, coordinator)
    other.goto("/territoires/gournay-sur-marne/demarrage/")
    expect(other.get_by_role("heading", level=1)).to_have_text(
        "Démarrer le projet social de territoire"
    )
    assert_accessible(other)
    field(other, "Voir la structure de").select_option(label="Clichy-sous-Bois")
    other.get_by_role("button", name="Voir ce qui sera copié").click()
    expect(
        other.get_by_role("heading", name="Ce qui sera copié de Clichy-sous-Bois")
    ).to_be_visible()
    expect(other.get_by_text("Comité technique Accès aux droits")).to_be_visible()
    assert_accessible(other)
    other.get_by_text("Clichy-sous-Bois", exact=True).last.click()
    other.get_by_role("button", name="Copier cette structure").click()
    other.wait_for_url("**/territoires/gournay-sur-marne/programme/")
    expect(other.get_by_text("Structure copiée : 2 axes, 2 objectifs, 1 instances")).to_be_visible()
    assert_accessible(other)
    context.close()

    assert Axis.objects.filter(territory=gournay).count() == 2
    assert Body.objects.filter(territory=gournay, memberships__isnull=True).count() == 1
    assert not Action.objects.filter(territory=gournay).exists()
    assert not Meeting.objects.filter(body__territory=gournay).exists()
