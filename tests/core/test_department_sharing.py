"""A commune decides, capability by capability, how far a Département's people reach into
it (core/sharing.py): the access engine gives them a partner's reading only where the
commune shares that capability in detail."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from maillage.core import access, sharing
from maillage.core.roles import Role, Visibility
from maillage.governance.models import Body
from maillage.programme.models import Action
from maillage.territories import services
from maillage.territories.models import Territory
from tests.factories import OrganisationFactory, TerritoryFactory, member
from tests.governance.builders import body
from tests.programme.factories import action

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():  # type: ignore[no-untyped-def]
    dep = TerritoryFactory(departement=True, slug="dep-partage", insee_code="97")
    commune = TerritoryFactory(slug="commune-partage", parent=dep, department_sharing={})
    service = OrganisationFactory(name="PMI", kind="departements", partner_of=[dep, commune])
    agent = member(dep, Role.PARTNER, service, email="agent@dep.test")
    fiche = action(commune, visibility=Visibility.PARTNERS)
    committee = body(commune, visibility=Visibility.PARTNERS)
    piloted = action(commune, code="1.1.2", visibility=Visibility.MEMBERS, pilots=[service])
    return dep, commune, service, agent, fiche, committee, piloted


def test_a_commune_that_shares_aggregates_hides_every_row(scene):  # type: ignore[no-untyped-def]
    _dep, commune, _service, agent, fiche, committee, piloted = scene
    assert sharing.level_of(commune, "programme") == sharing.Level.AGGREGATES
    assert not access.can(agent, "view", fiche)
    assert not access.can(agent, "view", piloted)
    assert not access.can(agent, "view", committee)
    assert not access.visible(agent, Action.objects.filter(territory=commune)).exists()
    assert not access.visible(agent, Body.objects.filter(territory=commune)).exists()


def test_sharing_one_capability_opens_that_one_only(scene):  # type: ignore[no-untyped-def]
    _dep, commune, _service, agent, fiche, committee, piloted = scene
    services.set_department_sharing(
        actor=None, territory=commune, levels={"programme": sharing.Level.DETAILS}
    )
    agent = type(agent).objects.get(pk=agent.pk)  # a new request, a new actor
    assert access.can(agent, "view", fiche)
    # The pilot organisation's people read what their organisation pilots.
    assert access.can(agent, "view", piloted)
    assert set(access.visible(agent, Action.objects.filter(territory=commune))) == {
        fiche,
        piloted,
    }
    assert not access.can(agent, "view", committee)
    assert not access.visible(agent, Body.objects.filter(territory=commune)).exists()
    # The unscoped actor, which code outside the policies reads, reaches no further than
    # the least shared capability.
    assert not access.actor_for(agent).is_partner_level(commune.pk)
    assert access.actor_for(agent).scoped("programme").is_partner_level(commune.pk)
    # Scoping a scoped actor starts again from the unscoped one.
    assert (
        not access.actor_for(agent)
        .scoped("programme")
        .scoped("governance")
        .is_partner_level(commune.pk)
    )


def test_sharing_everything_reads_as_a_partner(scene):  # type: ignore[no-untyped-def]
    _dep, commune, _service, agent, fiche, committee, _piloted = scene
    services.set_department_sharing(actor=None, territory=commune, levels=sharing.everything())
    agent = type(agent).objects.get(pk=agent.pk)
    assert access.actor_for(agent).is_partner_level(commune.pk)
    assert access.can(agent, "view", fiche) and access.can(agent, "view", committee)
    # Reading, never running.
    assert not access.actor_for(agent).is_coordinator(commune.pk)


def test_an_invitation_by_the_commune_keeps_its_own_reading(scene):  # type: ignore[no-untyped-def]
    _dep, commune, service, agent, fiche, committee, _piloted = scene
    invited = member(commune, Role.PARTNER, service, email="invite@dep.test")
    from maillage.territories.models import Membership

    Membership.objects.create(user=invited, territory=_dep, organisation=service, role=Role.PARTNER)
    assert access.can(invited, "view", fiche)
    assert access.can(invited, "view", committee)
    assert not access.can(agent, "view", fiche)


def test_an_intermediate_level_narrows_what_reaches_the_top() -> None:
    dep = TerritoryFactory(departement=True, slug="dep-chaine", insee_code="96")
    epci = TerritoryFactory(
        slug="epci-chaine",
        insee_code="200054781",
        kind=Territory.Kind.EPCI,
        parent=dep,
        department_sharing={"programme": sharing.Level.AGGREGATES},
    )
    commune = TerritoryFactory(slug="commune-chaine", parent=epci)
    service = OrganisationFactory(kind="departements", partner_of=[dep, commune])
    agent = member(dep, Role.PARTNER, service, email="agent@chaine.test")
    epci_agent = member(epci, Role.PARTNER, service, email="epci@chaine.test")
    fiche = action(commune, visibility=Visibility.PARTNERS)
    assert access.can(epci_agent, "view", fiche)
    assert not access.can(agent, "view", fiche)


def test_bad_levels_are_refused_in_french(scene):  # type: ignore[no-untyped-def]
    _dep, commune, *_ = scene
    with pytest.raises(ValidationError) as refused:
        services.set_department_sharing(actor=None, territory=commune, levels={"budget": "all"})
    assert "Capacité inconnue" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.set_department_sharing(actor=None, territory=commune, levels={"programme": "tout"})
    assert "Niveau de partage inconnu" in str(refused.value)
    commune.refresh_from_db()
    assert commune.department_sharing == {}


def test_the_actor_reads_only_the_tree_below_its_own_territories() -> None:
    """A Département agent reaches a commune two levels down (through an EPCI) that shares
    in detail; a commune's own partner reads no territory of the tree, however many the
    instance holds (the actor is built on every request)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    dep = TerritoryFactory(departement=True, slug="dep-arbre", insee_code="95")
    epci = TerritoryFactory(
        slug="epci-arbre", insee_code="200054782", kind=Territory.Kind.EPCI, parent=dep
    )
    details = dict.fromkeys(sharing.CAPABILITIES, sharing.Level.DETAILS)
    far = TerritoryFactory(slug="commune-arbre", parent=epci, department_sharing=details)
    near = TerritoryFactory(slug="commune-proche", parent=dep, department_sharing=details)
    for index in range(5):
        TerritoryFactory(slug=f"autre-{index}", parent=dep)
    service = OrganisationFactory(kind="departements", partner_of=[dep, far, near])
    agent = member(dep, Role.PARTNER, service, email="agent@arbre.test")
    assert access.actor_for(agent).is_partner_level(far.pk)
    assert access.actor_for(agent).is_partner_level(near.pk)
    assert access.can(agent, "view", action(far, visibility=Visibility.PARTNERS))

    local = member(near, Role.PARTNER, OrganisationFactory(partner_of=[near]), email="p@a.test")
    access.forget_actor(local)
    with CaptureQueriesContext(connection) as captured:
        actor = access.actor_for(local)
    assert actor.is_partner_level(near.pk) and not actor.is_partner_level(far.pk)
    tree_reads = [q["sql"] for q in captured.captured_queries if "department_sharing" in q["sql"]]
    assert len(tree_reads) == 1
    with connection.cursor() as cursor:
        cursor.execute(tree_reads[0])
        assert cursor.fetchall() == []
