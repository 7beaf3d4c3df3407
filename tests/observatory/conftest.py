from dataclasses import dataclass
from typing import Any

import pytest

from maillage.core.roles import Role
from maillage.observatory.catalogue import install_catalogue
from tests.factories import GeoUnitFactory, OrganisationFactory, TerritoryFactory, member


@dataclass
class Scene:
    departement: Any
    territory: Any
    caf: Any
    ville: Any
    caf_user: Any
    ville_user: Any
    coordinator: Any


@pytest.fixture
def catalogue(db):  # type: ignore[no-untyped-def]
    """The preloaded indicators (a flushed database lost the migration's rows)."""
    install_catalogue()


@pytest.fixture
def scene(db, catalogue):  # type: ignore[no-untyped-def]
    departement = TerritoryFactory(
        departement=True, name="Seine-Saint-Denis", slug="seine-saint-denis", insee_code="93"
    )
    territory = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy", insee_code="93014", parent=departement
    )
    caf = OrganisationFactory(
        name="CAF de la Seine-Saint-Denis", acronym="CAF", partner_of=[territory]
    )
    ville = OrganisationFactory(name="Ville de Clichy-sous-Bois", partner_of=[territory])
    for index, name in enumerate(["Quartier A", "Quartier B", "Quartier C", "Quartier D"], 1):
        GeoUnitFactory(territory=territory, kind="iris", code=f"93014010{index}", name=name)
    GeoUnitFactory(territory=territory, kind="qpv", code="QN09301M", name="Grand Ensemble")
    return Scene(
        departement=departement,
        territory=territory,
        caf=caf,
        ville=ville,
        caf_user=member(territory, Role.PARTNER, caf, email="caf@essai.test"),
        ville_user=member(territory, Role.PARTNER, ville, email="ville@essai.test"),
        coordinator=member(territory, Role.COORDINATOR, ville, email="coordination@essai.test"),
    )
