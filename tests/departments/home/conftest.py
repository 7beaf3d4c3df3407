"""The departmental home's scene: a département with three communes sharing
everything in detail (A), aggregates only (B) and nothing (C), each with a fiche, a body,
a held séance and its decision, a convention and a population figure; a fourth commune of
the département has no PST (D)."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from maillage.core import sharing
from maillage.core.roles import Role, Visibility
from maillage.governance import services as governance
from maillage.governance.models import Meeting
from maillage.observatory.catalogue import install_catalogue
from maillage.territories.models import GeoUnit, Partnership
from tests.factories import GeoUnitFactory, OrganisationFactory, TerritoryFactory, member
from tests.governance import builders as gov
from tests.observatory import builders as obs
from tests.programme import factories as prog

_sequence = itertools.count()

LEVELS = {"A": sharing.Level.DETAILS, "B": sharing.Level.AGGREGATES, "C": sharing.Level.NONE}
POPULATION = {"A": 11111, "B": 22222, "C": 33333}


def square(x: float, y: float) -> dict[str, Any]:
    ring = [[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


@dataclass
class Scene:
    departement: Any
    communes: dict[str, Any]
    focus: Any
    agent: Any
    coordinators: dict[str, Any]
    partners: dict[str, Any]


def fill(commune: Any, name: str, focus: Any, agent: Any, *, contour: bool = True) -> None:
    """One commune's PST: an axis, a fiche piloted by ``focus``, a body with a held séance
    and a decision, a séance to come, a convention to review."""
    today = timezone.localdate()
    departement = commune.parent
    Partnership.objects.get_or_create(territory=commune, organisation=focus)
    prog.axis(commune, 1, short_name=f"Axe secret {name}")
    prog.action(
        commune,
        title=f"Fiche secrète {name}",
        status="ongoing",
        pilots=[focus],
        visibility=Visibility.PUBLIC,
    )
    body = gov.body(
        commune, name=f"Comité secret {name}", members=[focus], titulars={focus.pk: agent}
    )
    held = gov.meeting(body, days=-20, status=Meeting.Status.HELD)
    governance.record_decision(actor=None, meeting=held, text=f"Décision secrète {name}")
    gov.meeting(body, days=12, title=f"Séance secrète {name}", status=Meeting.Status.CONVENED)
    governance.create_agreement(
        actor=None,
        territory=commune,
        kind="convention",
        title=f"Convention secrète {name}",
        signed_on=datetime.date(2020, 1, 1),
        review_on=today + datetime.timedelta(days=40),
        reminder_days=30,
        visibility=Visibility.PARTNERS,
        signatories=[(focus, "")],
    )
    if contour:
        n = next(_sequence)
        GeoUnitFactory(
            territory=departement,
            kind=GeoUnit.Kind.COMMUNE,
            code=commune.insee_code,
            name=commune.name,
            geometry=square(2.0 + 0.1 * (n % 30), 48.0 + 0.1 * (n // 30)),
        )


@pytest.fixture
def scene(db) -> Scene:  # type: ignore[no-untyped-def]
    install_catalogue()
    departement = TerritoryFactory(
        departement=True, name="Département d’essai", slug="dep-essai", insee_code="97"
    )
    communes = {
        key: TerritoryFactory(
            name=f"Commune {key}",
            slug=f"commune-{key.lower()}",
            insee_code=f"9700{index}",
            parent=departement,
            department_sharing=sharing.everything(level),
        )
        for index, (key, level) in enumerate(LEVELS.items(), 1)
    }
    focus = OrganisationFactory(
        name="Service départemental",
        kind="departements",
        partner_of=[departement, *communes.values()],
    )
    agent = member(departement, Role.PARTNER, focus)
    coordinators, partners = {}, {}
    for key, commune in communes.items():
        fill(commune, key, focus, agent)
        ville = OrganisationFactory(name=f"Ville {key}", partner_of=[commune])
        coordinators[key] = member(commune, Role.COORDINATOR, ville)
        partners[key] = member(commune, Role.PARTNER, ville)
    GeoUnitFactory(
        territory=departement,
        kind=GeoUnit.Kind.COMMUNE,
        code="97099",
        name="Commune D",
        geometry=square(3.5, 48.5),
    )
    rows = "".join(f"{communes[k].insee_code};{v}\n" for k, v in POPULATION.items())
    obs.dataset(departement, focus, "CODGEO;P21_POP\n" + rows)
    return Scene(departement, communes, focus, agent, coordinators, partners)
