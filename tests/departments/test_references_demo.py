"""The demo's reference lists load through the services, twice without change."""

import pytest

from maillage.core.demo import DemoContext
from maillage.departments.demo_references import ITEMS, load_references
from maillage.departments.models_references import LocalMapping, ReferenceItem, ReferenceList
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def test_load_references_is_idempotent():
    ssd = TerritoryFactory(departement=True, slug="seine-saint-denis", name="Seine-Saint-Denis")
    TerritoryFactory(slug="clichy-sous-bois", name="Clichy-sous-Bois", parent=ssd)
    ctx = DemoContext(log=lambda message: None)
    load_references(ctx)
    load_references(ctx)
    assert ReferenceItem.objects.filter(published_in=1).count() == len(ITEMS)
    assert set(ReferenceList.objects.values_list("version", flat=True)) == {1}
    assert LocalMapping.objects.count() == 3
