import pytest

from maillage.core.roles import Role
from tests.factories import OrganisationFactory, TerritoryFactory, UserFactory, member


class Place:
    """A commune with a resident, a second resident, a social-centre professional, a
    coordinator and a named Conseil citoyen moderator."""

    def __init__(self) -> None:
        from maillage.participation import services

        self.territory = TerritoryFactory(name="Commune test", slug="commune-test")
        self.other = TerritoryFactory(name="Autre commune", slug="autre-commune")
        self.centre = OrganisationFactory(name="Centre social", partner_of=[self.territory])
        self.resident = member(self.territory, Role.RESIDENT, email="r1@test.test")
        self.resident2 = member(self.territory, Role.RESIDENT, email="r2@test.test")
        self.pro = member(self.territory, Role.PARTNER, self.centre, email="pro@test.test")
        self.coordinator = member(
            self.territory, Role.COORDINATOR, self.centre, email="coord@test.test"
        )
        self.moderator = member(self.territory, Role.RESIDENT, email="cc@test.test")
        self.stranger = UserFactory(email="stranger@test.test")
        services.add_moderator(
            actor=self.coordinator, territory=self.territory, user=self.moderator
        )


@pytest.fixture
def place(db):  # type: ignore[no-untyped-def]
    return Place()
