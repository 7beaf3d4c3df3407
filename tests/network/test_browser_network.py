"""The réseau in Chromium: a partner updates a service and marks it up to date; a
professional finds the right contact for a housing problem in one search; every page of
the réseau passes axe."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.core.roles import Role, Visibility
from maillage.network.models import ImportBatch, Service
from tests.browser.support import assert_accessible
from tests.factories import GeoUnitFactory, OrganisationFactory, TerritoryFactory, member
from tests.network.builders import days_ago, make_contact, make_procedure, make_service

PASSWORD = "mot-de-passe-de-test-1"


def sign_in(page, email: str, password: str) -> None:  # type: ignore[no-untyped-def]
    """The sign-in form, by its fields' ids (their labels carry the required marker)."""
    page.goto("/connexion/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_load_state()


@pytest.fixture
def town(transactional_db):  # type: ignore[no-untyped-def]
    territory = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy-sous-bois", insee_code="93014"
    )
    GeoUnitFactory(territory=territory, name="Bas-Clichy", code="BAS-CLICHY")
    ccas = OrganisationFactory(
        name="Centre communal d’action sociale",
        acronym="CCAS",
        kind="ccas-cias",
        partner_of=[territory],
    )
    social = OrganisationFactory(
        name="Service social départemental", kind="departements", partner_of=[territory]
    )
    caf = OrganisationFactory(
        name="Caisse d’allocations familiales", kind="caf", partner_of=[territory]
    )
    return {
        "territory": territory,
        "ccas": ccas,
        "social": social,
        "caf": caf,
        "ccas_user": member(
            territory, Role.PARTNER, ccas, email="ccas@essai.test", full_name="Nadia Exempier"
        ),
        "caf_user": member(
            territory, Role.PARTNER, caf, email="caf@essai.test", full_name="Karim Modelin"
        ),
    }


def test_a_partner_updates_a_service_and_marks_another_up_to_date(page, town):
    territory = town["territory"]
    old = make_service(
        territory, town["ccas"], name="Domiciliation administrative", date_maj=days_ago(420)
    )
    stale = make_service(
        territory, town["ccas"], name="Aide au maintien dans le logement", date_maj=days_ago(250)
    )
    sign_in(page, "ccas@essai.test", PASSWORD)
    page.goto(f"/territoires/{territory.slug}/reseau/fraicheur/")
    assert page.get_by_role("heading", level=1).inner_text() == "Fraîcheur des informations"
    assert page.get_by_text("Mise à jour requise").first.is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Domiciliation administrative").click()
    assert_accessible(page)
    page.get_by_role("link", name="Modifier").click()
    # Opening hours are entered day by day (network/hours.py), Monday to Friday mornings.
    for day in ("Mo", "Tu", "We", "Th", "Fr"):
        page.locator(f'input[name="horaires_accueil-{day}-0-open"]').fill("09:00")
        page.locator(f'input[name="horaires_accueil-{day}-0-close"]').fill("12:00")
    page.get_by_label("Téléphone", exact=True).fill("01 23 45 67 89")
    # "À jour" is no longer ticked for the partner: they say so themselves.
    page.locator("label[for=id_confirm]").click()
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(re.compile(r"/services/\d+/$"))
    assert page.get_by_text("Les modifications sont enregistrées.").is_visible()
    assert page.get_by_text("Horaires : Du lundi au vendredi : 9 h – 12 h").is_visible()
    assert page.locator(".fr-badge", has_text="À jour").first.is_visible()
    old.refresh_from_db()
    assert old.date_maj == timezone.localdate() and old.telephone == "01 23 45 67 89"

    page.goto(f"/territoires/{territory.slug}/reseau/fraicheur/")
    row = page.locator("li", has=page.get_by_role("link", name="Aide au maintien dans le logement"))
    row.get_by_role("button", name="Marquer comme à jour").click()
    page.locator(f"#freshness-{stale.pk} .fr-badge", has_text="À jour").wait_for()
    assert_accessible(page)
    stale.refresh_from_db()
    assert stale.date_maj == timezone.localdate()


def test_a_professional_finds_the_housing_contact_in_one_search(page, town):
    territory = town["territory"]
    make_service(
        territory,
        town["social"],
        name="Accompagnement social et prévention des expulsions",
        visibility=Visibility.PARTNERS,
    )
    make_contact(
        territory,
        town["social"],
        function="Référente prévention des expulsions",
        phone="01 00 00 01 01",
        notes="À saisir dès le premier impayé.",
    )
    make_contact(
        territory,
        town["caf"],
        thematique="sante--acces-aux-soins",
        function="Conseillère santé",
        phone="01 00 00 02 02",
    )
    sign_in(page, "caf@essai.test", PASSWORD)
    page.goto(f"/territoires/{territory.slug}/reseau/")
    assert page.get_by_role("heading", name="Je cherche un interlocuteur pour…").is_visible()
    assert_accessible(page)
    page.get_by_label("Rechercher un service, un interlocuteur, une démarche").fill(
        "expulsion logement"
    )
    page.get_by_role("button", name="Rechercher").click()
    contact = page.get_by_role("link", name=re.compile("Référente prévention des expulsions"))
    contact.wait_for()
    assert page.get_by_text("01 00 00 01 01").first.is_visible()
    assert page.get_by_text("Conseillère santé").count() == 0
    assert_accessible(page)
    contact.click()
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Référente prévention des expulsions")
    )
    assert page.get_by_role("link", name="01 00 00 01 01").is_visible()
    assert_accessible(page)


def _sign_in_coordinator(page, territory, organisation):  # type: ignore[no-untyped-def]
    user = member(territory, Role.COORDINATOR, organisation, email="coordination@essai.test")
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    sign_in(page, user.email, PASSWORD)
    page.locator(
        "input[name=otp_token], form input[type=text], form input[inputmode=numeric]"
    ).first.fill(
        f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    )
    page.get_by_role("button", name="Valider").click()
    page.wait_for_url(re.compile(r"^(?!.*verification).*$"))
    return user


def test_every_page_of_the_network_passes_axe(page, town):
    territory = town["territory"]
    service = make_service(territory, town["ccas"], partners=[town["caf"]], date_maj=days_ago(300))
    contact = make_contact(territory, town["social"], service=service)
    procedure = make_procedure(
        territory, town["ccas"], services=[service], contact_points=[contact]
    )
    batch = ImportBatch.objects.create(
        territory=territory,
        state=ImportBatch.State.INVALID,
        error_count=1,
        services_name="services.json",
        errors=[
            {
                "file": "services.json",
                "line": 12,
                "field": "thematiques",
                "message": "Thématique inconnue : « x ».",
            }
        ],
    )
    _sign_in_coordinator(page, territory, town["ccas"])
    base = f"/territoires/{territory.slug}/reseau/"
    paths = [
        base,
        base + "?q=logement",
        base + "?thematique=logement-hebergement&public=familles",
        service.get_absolute_url(),
        base + f"services/{service.pk}/modifier/",
        base + f"services/{service.pk}/supprimer/",
        base + "services/ajouter/",
        contact.get_absolute_url(),
        base + f"interlocuteurs/{contact.pk}/modifier/",
        base + "interlocuteurs/ajouter/",
        procedure.get_absolute_url(),
        base + f"demarches/{procedure.pk}/modifier/",
        base + "demarches/ajouter/",
        base + "fraicheur/",
        base + "fraicheur/regles/",
        base + "echanges/",
        batch.get_absolute_url(),
        base + "guide/?thematique=logement-hebergement",
        base + "cooperations/",
    ]
    for path in paths:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert_accessible(page)
    # The suggestions under the search box, and a form that comes back with errors.
    page.goto(base)
    page.get_by_label("Rechercher un service, un interlocuteur, une démarche").press_sequentially(
        "loge", delay=50
    )
    page.locator("#suggestions a").first.wait_for()
    assert_accessible(page)
    page.goto(base + "services/ajouter/")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Le formulaire contient des erreurs").is_visible()
    assert_accessible(page)
    assert Service.objects.count() == 1
