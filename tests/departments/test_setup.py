"""A new territory in minutes (docs/departments.md, "Nouveau territoire"): a commune from
its INSEE code, then its programme from another PST's structure, without content or
people."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from maillage.core.models import AuditEntry
from maillage.core.roles import Role, Visibility
from maillage.departments import services_setup
from maillage.governance.models import Body, BodyMembership, Decision, Meeting
from maillage.observatory.catalogue import install_catalogue
from maillage.observatory.models import Dataset, Indicator, ReportConfig
from maillage.observatory.services import configure_report
from maillage.programme.models import Action, Axis, Objective
from maillage.programme.models import Indicator as ActionIndicator
from maillage.territories import setup
from maillage.territories.models import Membership, Organisation, Partnership, Territory
from tests.factories import OrganisationFactory, TerritoryFactory, UserFactory, member
from tests.governance import builders
from tests.programme import factories as programme

NEW = "94028"  # Créteil: no factory territory uses a 94 code


@pytest.fixture
def admin(db):
    return UserFactory(admin=True, email="admin@plateforme.test")


@pytest.fixture
def clichy(db):
    """A PST with content and people in every capability that has a structure."""
    install_catalogue()
    departement = TerritoryFactory(
        departement=True, name="Seine-Saint-Denis", slug="seine-saint-denis", insee_code="93"
    )
    clichy = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy", insee_code="93014", parent=departement
    )
    ville = OrganisationFactory(name="Ville de Clichy-sous-Bois", partner_of=[clichy])
    caf = OrganisationFactory(name="CAF", partner_of=[clichy])
    coordinator = member(clichy, Role.COORDINATOR, ville, email="coord@clichy.test")
    titular = member(clichy, Role.PARTNER, caf, email="caf@clichy.test")
    first = programme.axis(clichy, 1, title="Accès aux droits", colour="#6a6af4")
    programme.axis(clichy, 2, title="Réussite éducative")
    programme.objective(clichy, "1.1", 1)
    programme.objective(clichy, "1.2", 1)
    programme.objective(clichy, "2.1", 2)
    action = programme.action(clichy, "1.1.1", pilots=[ville])
    programme.indicator(action)
    body = builders.body(
        clichy,
        name="Comité technique Accès aux droits",
        members=[caf],
        titulars={caf.pk: titular},
        secretary=coordinator,
    )
    Body.objects.filter(pk=body.pk).update(axis=first, rhythm="trimestriel")
    builders.body(clichy, name="Conseil citoyen", kind=Body.Kind.CITIZEN_COUNCIL)
    builders.body(clichy, name="Groupe réservé", visibility=Visibility.MEMBERS, members=[caf])
    builders.meeting(body)
    configure_report(
        actor=None,
        territory=clichy,
        title="ABS de Clichy",
        introduction="Texte propre à Clichy.",
        indicators=list(Indicator.objects.order_by("code")[:3]),
    )
    return clichy


@pytest.fixture
def new_commune(admin):
    return setup.create_commune_from_cog(admin, NEW)


# --------------------------------------------------------------------------- creation


def test_a_commune_from_its_insee_code_under_its_departement_created_from_the_cog(admin):
    territory = setup.create_commune_from_cog(admin, NEW)
    assert (territory.name, territory.insee_code, territory.kind) == (
        "Créteil",
        "94028",
        Territory.Kind.COMMUNE,
    )
    assert territory.slug == "creteil"
    assert territory.epci_siren == "200054781"
    assert territory.epci_name == "Métropole du Grand Paris"
    assert territory.cog_vintage == 2026
    assert territory.department_sharing == {}
    parent = territory.parent
    assert (parent.name, parent.insee_code, parent.kind) == (
        "Val-de-Marne",
        "94",
        Territory.Kind.DEPARTEMENT,
    )
    town = setup.town_organisation(territory)
    assert town is not None and town.name == "Ville de Créteil"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"territory.create", "organisation.create"} <= actions


def test_an_existing_departement_is_reused(admin):
    departement = TerritoryFactory(
        departement=True, name="Val-de-Marne", slug="vdm", insee_code="94"
    )
    territory = setup.create_commune_from_cog(admin, NEW, slug="ville-creteil")
    assert territory.parent == departement
    assert territory.slug == "ville-creteil"
    assert Territory.objects.filter(kind=Territory.Kind.DEPARTEMENT).count() == 1


def test_a_duplicate_is_refused_clearly(new_commune, admin):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        setup.create_commune_from_cog(admin, NEW)
    assert caught.value.message_dict["code"] == [
        "Le territoire Créteil (94028) existe déjà sur la plateforme, à l’adresse « creteil »."
    ]
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("99999", "Le code INSEE 99999 ne correspond à aucune commune du COG 2026."),
        (
            "93059",
            "La commune 93059 (Pierrefitte-sur-Seine) a fusionné dans Saint-Denis (93066) : "
            "créez le territoire avec 93066.",
        ),
        (
            "9",
            "« 9 » n’est pas un code INSEE de commune : il compte 5 caractères, par exemple 93014.",
        ),
    ],
)
def test_an_unknown_or_outdated_code_writes_nothing(admin, code, message):
    with pytest.raises(ValidationError) as caught:
        setup.create_commune_from_cog(admin, code)
    assert caught.value.message_dict["code"] == [message]
    assert not Territory.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_taken_slug_is_refused(admin):
    TerritoryFactory(slug="prise", insee_code="77001")
    with pytest.raises(ValidationError) as caught:
        setup.create_commune_from_cog(admin, NEW, slug="prise")
    assert "slug" in caught.value.message_dict
    assert not Territory.objects.filter(insee_code=NEW).exists()


# --------------------------------------------------------------------------- the copy


def _content_counts():
    return {
        "actions": Action.objects.count(),
        "action_indicators": ActionIndicator.objects.count(),
        "meetings": Meeting.objects.count(),
        "decisions": Decision.objects.count(),
        "body_memberships": BodyMembership.objects.count(),
        "memberships": Membership.objects.count(),
        "organisations": Organisation.objects.count(),
        "partnerships": Partnership.objects.count(),
        "datasets": Dataset.objects.count(),
    }


def test_the_structure_is_copied_without_content_or_people(clichy, new_commune, admin):
    before = _content_counts()
    copied = services_setup.copy_structure(actor=admin, source=clichy, target=new_commune)
    assert (copied.axes, copied.objectives, copied.bodies, copied.indicators) == (2, 3, 3, 3)
    axes = list(Axis.objects.filter(territory=new_commune))
    assert [(a.number, a.title, a.colour) for a in axes] == [
        (1, "Accès aux droits", "#6a6af4"),
        (2, "Réussite éducative", "#000091"),
    ]
    assert sorted(
        Objective.objects.filter(axis__territory=new_commune).values_list("code", flat=True)
    ) == ["1.1", "1.2", "2.1"]
    bodies = {b.name: b for b in Body.objects.filter(territory=new_commune)}
    assert set(bodies) == {"Comité technique Accès aux droits", "Conseil citoyen", "Groupe réservé"}
    technical = bodies["Comité technique Accès aux droits"]
    assert technical.axis == axes[0]
    assert technical.rhythm == "trimestriel"
    assert technical.secretary is None and technical.chair is None
    config = ReportConfig.objects.get(territory=new_commune)
    assert config.title == "ABS de Clichy"
    assert config.introduction == ""
    assert config.indicators.count() == 3
    # No content and no people: nothing of the kind was created anywhere.
    assert _content_counts() == before
    assert not Action.objects.filter(territory=new_commune).exists()
    assert not Meeting.objects.filter(body__territory=new_commune).exists()
    assert not BodyMembership.objects.filter(body__territory=new_commune).exists()
    assert not Membership.objects.filter(territory=new_commune).exists()
    assert not Dataset.objects.filter(territory=new_commune).exists()
    entry = AuditEntry.objects.get(action="territory.copy_structure")
    assert entry.territory_id == new_commune.pk
    assert entry.changes["source"] == [None, "clichy"]


def test_a_body_hidden_from_the_person_is_not_copied(clichy, new_commune):
    coordinator = member(
        new_commune, Role.COORDINATOR, setup.town_organisation(new_commune), email="c@n.test"
    )
    copied = services_setup.copy_structure(actor=coordinator, source=clichy, target=new_commune)
    assert copied.bodies == 2
    assert not Body.objects.filter(territory=new_commune, name="Groupe réservé").exists()


def test_no_copy_into_a_territory_that_has_a_programme(clichy, new_commune, admin):
    programme.axis(new_commune, 1)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services_setup.copy_structure(actor=admin, source=clichy, target=new_commune)
    assert "Créteil a déjà un programme" in caught.value.message_dict["source"][0]
    assert AuditEntry.objects.count() == before
    assert not Body.objects.filter(territory=new_commune).exists()


def test_a_source_without_programme_or_itself_is_refused(clichy, new_commune, admin):
    with pytest.raises(ValidationError):
        services_setup.copy_structure(actor=admin, source=new_commune, target=clichy)
    with pytest.raises(ValidationError):
        services_setup.copy_structure(actor=admin, source=clichy, target=clichy)


# --------------------------------------------------------------------------- pages


NEW_URL = "/plateforme/territoires/nouveau/"


def test_the_admin_previews_then_creates_then_invites(client_for, admin):
    client = client_for(admin)
    page = client.get(NEW_URL)
    assert page.status_code == 200
    assert "Code INSEE de la commune" in page.content.decode()
    preview = client.post(NEW_URL, {"code": NEW, "visibility": "public"})
    assert preview.status_code == 200
    body = preview.content.decode()
    for text in ("Créteil", "Val-de-Marne", "Métropole du Grand Paris", "COG 2026"):
        assert text in body
    assert not Territory.objects.exists()
    done = client.post(NEW_URL, {"code": NEW, "visibility": "public", "confirm": "1"})
    assert done.status_code == 302
    assert done["Location"] == "/territoires/creteil/invitations/"
    invitations = client.get(done["Location"]).content.decode()
    assert "Ville de Créteil" in invitations


def test_the_page_says_why_a_code_is_refused(client_for, admin):
    client = client_for(admin)
    for code, text in (
        ("93059", "a fusionné dans Saint-Denis (93066)"),
        ("99999", "ne correspond à aucune commune du COG 2026"),
        ("abc", "n’est pas un code INSEE de commune"),
    ):
        for data in (
            {"code": code, "visibility": "public"},
            {"code": code, "visibility": "public", "confirm": "1"},
        ):
            response = client.post(NEW_URL, data)
            assert response.status_code == 400
            assert text in response.content.decode()
    assert not Territory.objects.exists()


def test_the_coordinator_sees_then_copies_a_structure(client_for, clichy, new_commune):
    coordinator = member(
        new_commune, Role.COORDINATOR, setup.town_organisation(new_commune), email="c@n.test"
    )
    client = client_for(coordinator)
    url = f"/territoires/{new_commune.slug}/demarrage/"
    page = client.get(url, {"source": "clichy"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Accès aux droits" in body and "1.2 Objectif 1.2" in body
    assert "Conseil citoyen" in body and "Groupe réservé" not in body
    done = client.post(url, {"source": "clichy"})
    assert done.status_code == 302
    assert done["Location"] == f"/territoires/{new_commune.slug}/programme/"
    assert Axis.objects.filter(territory=new_commune).count() == 2
    again = client.get(url).content.decode()
    assert "a déjà un programme" in again
    refused = client.post(url, {"source": "clichy"})
    assert refused.status_code == 400
    assert Axis.objects.filter(territory=new_commune).count() == 2


def test_the_setup_page_queries_do_not_grow(client_for, clichy, new_commune):
    from tests.queries import assert_constant_queries

    coordinator = member(
        new_commune, Role.COORDINATOR, setup.town_organisation(new_commune), email="c@n.test"
    )

    def grow(times: int) -> None:
        for n in range(times):
            other = TerritoryFactory(
                name=f"Autre {n}", slug=f"autre-{n}", insee_code=f"{77100 + n}"
            )
            programme.objective(other, "1.1", 1)
            programme.objective(clichy, f"1.{n + 3}", 1)
            programme.axis(clichy, n + 3)
            builders.body(clichy, name=f"Groupe {n}")

    assert_constant_queries(
        client_for(coordinator), f"/territoires/{new_commune.slug}/demarrage/?source=clichy", grow
    )


# --------------------------------------------------------------------------- API


def test_the_api_looks_up_creates_and_copies(client_for, clichy, admin):
    client = client_for(admin)
    found = client.get(f"/api/v1/cog/communes/{NEW}")
    assert found.status_code == 200
    assert found.json()["name"] == "Créteil"
    assert found.json()["existing_territory"] is None
    merged = client.get("/api/v1/cog/communes/93059")
    assert merged.status_code == 422
    assert "a fusionné dans Saint-Denis (93066)" in merged.json()["errors"]["code"][0]
    created = client.post("/api/v1/territories", {"code": NEW}, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["parent"] == "val-de-marne"
    assert created.json()["epci_siren"] == "200054781"
    again = client.post("/api/v1/territories", {"code": NEW}, content_type="application/json")
    assert again.status_code == 422
    assert "existe déjà" in again.json()["errors"]["code"][0]
    assert client.get("/api/v1/territories").status_code == 200
    copied = client.post(
        "/api/v1/territories/creteil/copy-structure",
        {"source": "clichy"},
        content_type="application/json",
    )
    assert copied.status_code == 201, copied.content
    assert copied.json() == {
        "source": "clichy",
        "axes": 2,
        "objectives": 3,
        "bodies": 3,
        "indicators": 3,
    }
    refused = client.post(
        "/api/v1/territories/creteil/copy-structure",
        {"source": "clichy"},
        content_type="application/json",
    )
    assert refused.status_code == 422
    unknown = client.post(
        "/api/v1/territories/clichy/copy-structure",
        {"source": "nulle-part"},
        content_type="application/json",
    )
    assert unknown.status_code == 422


def test_the_coordinator_finds_the_setup_page_until_the_programme_exists(
    client_for, clichy, new_commune, admin
):
    coordinator = member(
        new_commune, Role.COORDINATOR, setup.town_organisation(new_commune), email="c@n.test"
    )
    partner = member(
        new_commune, Role.PARTNER, setup.town_organisation(new_commune), email="p@n.test"
    )
    link = f'href="/territoires/{new_commune.slug}/demarrage/"'
    home = f"/territoires/{new_commune.slug}/"
    overview = f"/territoires/{new_commune.slug}/programme/"
    assert link in client_for(coordinator).get(home).content.decode()
    assert link in client_for(coordinator).get(overview).content.decode()
    assert link not in client_for(partner).get(overview).content.decode()
    services_setup.copy_structure(actor=admin, source=clichy, target=new_commune)
    assert link not in client_for(coordinator).get(home).content.decode()
    assert link not in client_for(coordinator).get(overview).content.decode()
