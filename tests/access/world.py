"""The world every access test runs in.

- ``departement`` (D) contains ``territory`` (T, a commune); ``foreign`` (F) is another
  commune elsewhere.
- ``org_member`` is the organisation an object belongs to (pilot, body member, producer…);
  ``org_other`` is another partner of T; ``org_dept`` is a Département service, partner of
  D and T; ``org_foreign`` is a partner of F only.
- One user per actor of the truth table.
"""

from dataclasses import dataclass, field
from typing import Any

from maillage.core.roles import Role
from maillage.territories.models import Organisation, Territory
from tests.factories import OrganisationFactory, TerritoryFactory, UserFactory, member

ACTORS: tuple[str, ...] = (
    "anonymous",
    "resident",
    "partner",
    "member",
    "elected",
    "coordinator",
    "departement",
    "foreign",
    "admin",
)


@dataclass
class World:
    departement: Territory
    territory: Territory
    foreign: Territory
    org_member: Organisation
    org_other: Organisation
    org_dept: Organisation
    org_foreign: Organisation
    users: dict[str, Any]
    # Objects built by subject builders, cached per test.
    cache: dict[str, Any] = field(default_factory=dict)

    def user(self, actor: str) -> Any:
        return self.users[actor]


def build_world() -> World:
    departement = TerritoryFactory(
        departement=True, name="Département d’essai", slug="dep-essai", insee_code="99"
    )
    territory = TerritoryFactory(
        name="Commune d’essai", slug="commune-essai", insee_code="99001", parent=departement
    )
    foreign = TerritoryFactory(
        name="Commune étrangère", slug="commune-etrangere", insee_code="98001"
    )
    org_member = OrganisationFactory(name="Organisation membre", partner_of=[territory])
    org_other = OrganisationFactory(name="Autre partenaire", partner_of=[territory])
    org_dept = OrganisationFactory(
        name="Service départemental", kind="departements", partner_of=[departement, territory]
    )
    org_foreign = OrganisationFactory(name="Partenaire étranger", partner_of=[foreign])
    users = {
        "anonymous": None,
        "resident": member(territory, Role.RESIDENT, email="habitant@essai.test"),
        "partner": member(territory, Role.PARTNER, org_other, email="partenaire@essai.test"),
        "member": member(territory, Role.PARTNER, org_member, email="membre@essai.test"),
        "elected": member(territory, Role.ELECTED, org_other, email="elu@essai.test"),
        "coordinator": member(
            territory, Role.COORDINATOR, org_other, email="coordination@essai.test"
        ),
        "departement": member(departement, Role.PARTNER, org_dept, email="departement@essai.test"),
        "foreign": member(foreign, Role.COORDINATOR, org_foreign, email="etranger@essai.test"),
        "admin": UserFactory(admin=True, email="admin@essai.test"),
    }
    return World(
        departement=departement,
        territory=territory,
        foreign=foreign,
        org_member=org_member,
        org_other=org_other,
        org_dept=org_dept,
        org_foreign=org_foreign,
        users=users,
    )
