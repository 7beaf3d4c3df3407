"""``__in`` with a long integer list: one array parameter on PostgreSQL (core/lookups.py),
the same rows as Django's own ``IN (…)`` everywhere."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.core.lookups import ARRAY_FROM
from maillage.territories.models import Organisation, Partnership
from tests.factories import OrganisationFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


def _sql(queryset) -> tuple[list, str]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        rows = list(queryset)
    return rows, captured.captured_queries[-1]["sql"]


def test_long_integer_list_is_one_array_parameter_on_postgresql() -> None:
    orgs = OrganisationFactory.create_batch(3)
    ids = [o.pk for o in orgs] + list(range(10_000_000, 10_000_000 + ARRAY_FROM))
    rows, sql = _sql(Organisation.objects.filter(pk__in=ids).order_by("pk"))
    assert rows == sorted(orgs, key=lambda o: o.pk)
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and " IN (" not in sql
    else:
        assert " IN (" in sql


def test_foreign_keys_sets_and_none_behave_like_in() -> None:
    territory, other = TerritoryFactory(), TerritoryFactory()
    org = OrganisationFactory()
    mine = Partnership.objects.create(territory=territory, organisation=org)
    Partnership.objects.create(territory=other, organisation=org)
    ids = {territory.pk, None, *range(10_000_000, 10_000_000 + ARRAY_FROM)}
    by_id, sql = _sql(Partnership.objects.filter(territory_id__in=ids))
    by_relation, _ = _sql(Partnership.objects.filter(territory__in=ids))
    assert by_id == by_relation == [mine]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql


def test_short_lists_strings_and_empty_lists_keep_djangos_sql() -> None:
    org = OrganisationFactory(name="Centre social")
    _rows, sql = _sql(Organisation.objects.filter(pk__in=[org.pk]))
    assert " IN (" in sql
    names = ["Centre social", *(f"Autre {n}" for n in range(ARRAY_FROM))]
    rows, sql = _sql(Organisation.objects.filter(name__in=names))
    assert rows == [org] and "= ANY(" not in sql
    assert list(Organisation.objects.filter(pk__in=[])) == []
