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
