"""Every write goes through a service: validated, in one transaction, with one audit entry
naming who changed which fields."""

import pytest
from django.core.exceptions import ValidationError

from maillage.core.models import AuditEntry
from maillage.core.roles import Role
from maillage.territories import services
from maillage.territories.models import Membership, Organisation, Partnership, Territory
from tests.factories import OrganisationFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_create_organisation_makes_it_a_partner_and_logs_every_field():
    territory = TerritoryFactory()
    actor = UserFactory(full_name="Camille Coordinel")
    organisation = services.create_organisation(
        actor=actor,
        territory=territory,
        name="Maison de l’habitat",
        kind="association",
        siret="443 061 841 00047",
        city="Clichy-sous-Bois",
    )
    assert Partnership.objects.filter(territory=territory, organisation=organisation).exists()
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.territory, entry.action) == (actor, territory, "organisation.create")
    assert entry.object_id == str(organisation.pk)
    assert entry.object_repr == "Maison de l’habitat"
    assert entry.changes["name"] == [None, "Maison de l’habitat"]
    assert entry.changes["siret"] == [None, "44306184100047"]
    assert entry.changes["city"] == [None, "Clichy-sous-Bois"]


def test_update_organisation_logs_only_what_changed():
    territory = TerritoryFactory()
    organisation = OrganisationFactory(name="CCAS", city="Clichy-sous-Bois", partner_of=[territory])
    actor = UserFactory()
    services.update_organisation(
        actor=actor,
        organisation=organisation,
        territory=territory,
        name="CCAS",
        acronym="CCAS",
        phone="01 43 88 00 00",
    )
    entry = AuditEntry.objects.get()
    assert entry.action == "organisation.update"
    assert entry.changes == {"acronym": ["", "CCAS"], "phone": ["", "01 43 88 00 00"]}


def test_update_without_change_writes_nothing():
    organisation = OrganisationFactory(name="CCAS")
    services.update_organisation(actor=None, organisation=organisation, name="CCAS")
    assert not AuditEntry.objects.exists()


def test_invalid_organisation_is_neither_saved_nor_logged():
    territory = TerritoryFactory()
    with pytest.raises(ValidationError) as caught:
        services.create_organisation(
            actor=None, territory=territory, name="Asso", kind="association", siret="12345678901234"
        )
    assert "siret" in caught.value.message_dict
    assert not Organisation.objects.exists()
    assert not Partnership.objects.exists()
    assert not AuditEntry.objects.exists()


def test_invalid_update_changes_nothing():
    organisation = OrganisationFactory(name="Avant", kind="association")
    with pytest.raises(ValidationError):
        services.update_organisation(actor=None, organisation=organisation, name="Après", kind="x")
    organisation.refresh_from_db()
    assert organisation.name == "Avant"
    assert not AuditEntry.objects.exists()


def test_unknown_organisation_field_is_a_programming_error():
    with pytest.raises(TypeError):
        services.create_organisation(
            actor=None, territory=TerritoryFactory(), name="X", kind="association", nope=1
        )


def test_territory_create_and_update_are_logged():
    departement = services.create_territory(
        actor=None, name="Seine-Saint-Denis", slug="ssd", insee_code="93", kind="departement"
    )
    commune = services.create_territory(
        actor=None,
        name="Clichy-sous-Bois",
        slug="clichy",
        insee_code="93014",
        kind="commune",
        parent=departement,
    )
    services.update_territory(actor=None, territory=commune, description="Le PST depuis 2014.")
    entries = list(AuditEntry.objects.filter(territory=commune).order_by("id"))
    assert [e.action for e in entries] == ["territory.create", "territory.update"]
    assert entries[0].changes["parent"] == [None, departement.pk]
    assert entries[1].changes == {"description": ["", "Le PST depuis 2014."]}


def test_invalid_territory_is_not_saved():
    with pytest.raises(ValidationError):
        services.create_territory(
            actor=None, name="Clichy", slug="clichy", insee_code="9301", kind="commune"
        )
    assert not Territory.objects.exists()
    assert not AuditEntry.objects.exists()


def test_geounit_create_is_logged():
    territory = TerritoryFactory()
    unit = services.create_geounit(
        actor=None, territory=territory, kind="iris", code="930140101", name="Centre"
    )
    entry = AuditEntry.objects.get()
    assert entry.object_id == str(unit.pk)
    assert entry.changes == {
        "code": [None, "930140101"],
        "kind": [None, "iris"],
        "name": [None, "Centre"],
    }


def test_membership_added_then_ended():
    territory = TerritoryFactory()
    organisation = OrganisationFactory(partner_of=[territory])
    user = UserFactory()
    membership = services.add_membership(
        actor=None,
        user=user,
        territory=territory,
        role=Role.PARTNER,
        organisation=organisation,
        job_title="Conseillère",
    )
    services.end_membership(actor=None, membership=membership)
    assert not Membership.objects.active().filter(pk=membership.pk).exists()
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["membership.create", "membership.end"]
    # Adding it again reopens the same membership rather than making a second one.
    services.add_membership(
        actor=None, user=user, territory=territory, role=Role.PARTNER, organisation=organisation
    )
    assert Membership.objects.get(pk=membership.pk).ended_on is None
    assert Membership.objects.count() == 1


def test_partnership_added_once():
    territory = TerritoryFactory()
    organisation = OrganisationFactory()
    services.add_partnership(actor=None, territory=territory, organisation=organisation)
    services.add_partnership(actor=None, territory=territory, organisation=organisation)
    assert Partnership.objects.count() == 1
    assert AuditEntry.objects.filter(action="partnership.create").count() == 1
