import datetime
from decimal import Decimal

import pytest

from maillage.core.roles import Role
from tests.factories import GeoUnitFactory, OrganisationFactory, TerritoryFactory, member
from tests.programme import factories


@pytest.fixture
def scene(db):  # type: ignore[no-untyped-def]
    """A commune with two partner organisations, a coordinator, a pilot (of the centre
    social), an outsider (of the CAF) and two actions, one with an indicator."""
    territory = TerritoryFactory(name="Clichy-sous-Bois", slug="clichy", insee_code="93014")
    centre = OrganisationFactory(name="Centre social", partner_of=[territory])
    caf = OrganisationFactory(
        name="Caisse d’allocations familiales", acronym="CAF", partner_of=[territory]
    )
    GeoUnitFactory(territory=territory, code="BAS-CLICHY", name="Bas-Clichy")
    coordinator = member(territory, Role.COORDINATOR, centre)
    pilot = member(territory, Role.PARTNER, centre)
    outsider = member(territory, Role.PARTNER, caf)
    garderie = factories.action(
        territory,
        "2.2.1",
        title="Garderie éphémère",
        pilots=[centre],
        status="construction",
        starts_on=datetime.date(2016, 1, 4),
    )
    clause = factories.action(territory, "2.1.1", title="Clause d’insertion", pilots=[caf])
    indicator = factories.indicator(
        garderie,
        "Enfants accueillis",
        measurements=[(datetime.date(2023, 12, 31), Decimal(71))],
    )
    return {
        "territory": territory,
        "centre": centre,
        "caf": caf,
        "coordinator": coordinator,
        "pilot": pilot,
        "outsider": outsider,
        "garderie": garderie,
        "clause": clause,
        "indicator": indicator,
    }


@pytest.fixture
def other(db):  # type: ignore[no-untyped-def]
    """Another commune, with its coordinator, its own partner and a programme."""
    territory = TerritoryFactory(name="Montfermeil", slug="montfermeil", insee_code="93047")
    mairie = OrganisationFactory(name="Ville de Montfermeil", partner_of=[territory])
    coordinator = member(territory, Role.COORDINATOR, mairie)
    partner = member(territory, Role.PARTNER, mairie)
    objective = factories.objective(territory, "3.1", 3)
    return {
        "territory": territory,
        "coordinator": coordinator,
        "partner": partner,
        "objective": objective,
    }
