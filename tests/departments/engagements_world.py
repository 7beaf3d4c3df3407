"""A Département with communes sharing at each level, and engagements of its services in
each (docs/departments.md, "Engagements")."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from maillage.core import sharing
from maillage.core.roles import Role, Visibility
from maillage.governance import services as governance
from maillage.governance.models import Meeting
from maillage.programme import services as programme
from maillage.territories.models import Organisation, Territory
from tests.factories import OrganisationFactory, TerritoryFactory, member
from tests.governance import builders
from tests.programme.factories import objective


@dataclass
class DepartmentWorld:
    department: Territory
    communes: dict[str, Territory]
    council: Organisation
    pmi: Organisation
    social: Organisation
    agent: Any


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def add_commune(world: DepartmentWorld, name: str, level: str) -> Territory:
    """A commune of the département sharing every capability at ``level``, where the
    council and its services each hold one engagement of every kind (the PMI's task late)."""
    commune = TerritoryFactory(
        name=name,
        parent=world.department,
        department_sharing=sharing.everything(level),
    )
    for organisation in (world.council, world.pmi, world.social):
        organisation.partnerships.get_or_create(territory=commune)
    action = programme.create_action(
        actor=None,
        territory=commune,
        title=f"Fiche PMI {name}",
        objective=objective(commune),
        status="ongoing",
        visibility=Visibility.PARTNERS,
        pilots=[world.pmi],
        starts_on=days(-400),
        ends_on=days(-30),
    )
    committee = builders.body(commune, name=f"Comité {name}", documents=Visibility.PARTNERS)
    held = builders.meeting(committee, days=-20, status=Meeting.Status.HELD)
    decision = governance.record_decision(
        actor=None,
        meeting=held,
        text=f"Décision service social {name}",
        owner=world.social,
        due_date=days(60),
    )
    governance.create_task(
        actor=None,
        title=f"Tâche PMI {name}",
        decision=decision,
        owner=world.pmi,
        due_date=days(-5),
    )
    governance.create_task(
        actor=None,
        title=f"Tâche sociale {name}",
        decision=decision,
        owner=world.social,
        due_date=days(20),
    )
    governance.create_agreement(
        actor=None,
        territory=commune,
        signatories=[(world.council, "La Présidente")],
        kind="convention",
        title=f"Convention {name}",
        signed_on=days(-100),
        visibility=Visibility.PARTNERS,
    )
    world.communes[name] = commune
    assert action.pk
    return commune


def build(levels: dict[str, str] | None = None) -> DepartmentWorld:
    department = TerritoryFactory(departement=True, name="Département d’essai")
    council = OrganisationFactory(
        name="Conseil départemental", kind="departements", partner_of=[department]
    )
    pmi = OrganisationFactory(name="PMI", kind="departements", parent=council)
    social = OrganisationFactory(name="Service social", kind="departements", parent=council)
    agent = member(department, Role.PARTNER, council, email="agent@departement.test")
    world = DepartmentWorld(
        department=department, communes={}, council=council, pmi=pmi, social=social, agent=agent
    )
    levels = levels or {
        "Aubeville": sharing.Level.DETAILS,
        "Brissac": sharing.Level.DETAILS,
        "Cormeil": sharing.Level.AGGREGATES,
        "Damery": sharing.Level.NONE,
    }
    for name, level in levels.items():
        add_commune(world, name, level)
    return world
