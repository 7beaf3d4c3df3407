"""Shared set-up of the reference lists' tests: a Département with a coordinator, a
commune with its coordinator, and a few published items."""

from dataclasses import dataclass
from typing import Any

from maillage.core.roles import Role
from maillage.departments import services_references as services
from maillage.departments.models_references import ReferenceItem, ReferenceKind
from tests.factories import OrganisationFactory, TerritoryFactory, member


@dataclass
class Setup:
    department: Any
    commune: Any
    dep_coordinator: Any
    coordinator: Any
    partner: Any
    dep_partner: Any
    org: Any


def setup() -> Setup:
    department = TerritoryFactory(departement=True, name="Département inventé")
    commune = TerritoryFactory(name="Commune inventée", parent=department)
    dep_org = OrganisationFactory(name="Service départemental inventé", kind="departements")
    org = OrganisationFactory(name="Centre social inventé", partner_of=[commune])
    return Setup(
        department=department,
        commune=commune,
        dep_coordinator=member(department, Role.COORDINATOR, dep_org),
        coordinator=member(commune, Role.COORDINATOR, org),
        partner=member(commune, Role.PARTNER, org),
        dep_partner=member(department, Role.PARTNER, dep_org),
        org=org,
    )


def published_item(
    s: Setup, kind: str, code: str, label: str, payload: dict[str, Any] | None = None
) -> ReferenceItem:
    item = services.create_item(
        actor=s.dep_coordinator,
        territory=s.department,
        kind=kind,
        code=code,
        label=label,
        payload=payload or {},
    )
    services.publish(actor=s.dep_coordinator, territory=s.department, kind=kind)
    item.refresh_from_db()
    return item


INDICATOR = {
    "unit": "%",
    "definition": "Part inventée pour les tests.",
    "source": "Source inventée",
    "formula": "P_POP0014 / P_POP * 100",
    "theme": "demography",
}
BODY = {"body_kind": "working_group", "mandate": "Mandat inventé.", "member_roles": ["Animation"]}
QUESTION = {"text": "Les habitants ont-ils été associés ?", "answer_type": "yes_no"}
THEMES = ReferenceKind.THEMES
