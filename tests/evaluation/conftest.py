from dataclasses import dataclass
from typing import Any

import pytest

from maillage.core.roles import Role
from tests.evaluation import builders
from tests.factories import OrganisationFactory, TerritoryFactory, UserFactory, member


@dataclass
class Scene:
    territory: Any
    caf: Any
    centre: Any
    ville: Any
    caf_user: Any
    centre_user: Any
    ville_user: Any
    coordinator: Any
    actions: list[Any]


@pytest.fixture
def scene(db):  # type: ignore[no-untyped-def]
    """A commune where the CAF pilots two fiches (the social centre is partner of both)
    and the Ville a third, without partner."""
    territory = TerritoryFactory(name="Clichy-sous-Bois", slug="clichy", insee_code="93014")
    caf = OrganisationFactory(
        name="CAF de la Seine-Saint-Denis", acronym="CAF", partner_of=[territory]
    )
    centre = OrganisationFactory(name="Centre social de l’Orange bleue", partner_of=[territory])
    ville = OrganisationFactory(name="Ville de Clichy-sous-Bois", partner_of=[territory])
    actions = [
        builders.fiche(territory, "1.1.1", pilot=caf, partner=centre),
        builders.fiche(territory, "1.1.2", pilot=caf, partner=centre),
        builders.fiche(territory, "1.1.3", pilot=ville, with_indicator=False),
    ]
    return Scene(
        territory=territory,
        caf=caf,
        centre=centre,
        ville=ville,
        caf_user=member(territory, Role.PARTNER, caf, email="caf@essai.test"),
        centre_user=member(territory, Role.PARTNER, centre, email="centre@essai.test"),
        ville_user=member(territory, Role.PARTNER, ville, email="ville@essai.test"),
        coordinator=member(territory, Role.COORDINATOR, ville, email="coordination@essai.test"),
        actions=actions,
    )


@pytest.fixture
def stranger(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="inconnu@essai.test")
