"""Counts kept until the next write (core.write_generation.kept_count): keyed by the
query's own SQL and parameters, so two readers share one only when their queries — access
filter included — are the same; counted again after a write; never kept when the SQL reads
the clock. The API's lists count through it (api/pagination.py)."""

import datetime

import pytest
from django.db import connection
from django.db.models.functions import Now
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maillage.core import table_generations, write_generation
from maillage.core.roles import Visibility
from maillage.territories.models import Organisation
from tests.factories import OrganisationFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


def _counting(captured: CaptureQueriesContext) -> list[dict]:
    return [q for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]


def test_a_count_is_kept_until_the_next_write() -> None:
    OrganisationFactory.create_batch(3, kind="association")
    with CaptureQueriesContext(connection) as first:
        assert write_generation.kept_count(Organisation.objects.filter(kind="association")) == 3
    with CaptureQueriesContext(connection) as again:
        assert write_generation.kept_count(Organisation.objects.filter(kind="association")) == 3
    assert len(_counting(first)) == 1
    assert not _counting(again)
    OrganisationFactory(kind="association")
    assert write_generation.kept_count(Organisation.objects.filter(kind="association")) == 4


def test_another_query_or_other_parameters_count_apart() -> None:
    OrganisationFactory.create_batch(2, kind="association")
    OrganisationFactory(kind="caf", visibility=Visibility.PARTNERS)
    assert write_generation.kept_count(Organisation.objects.filter(kind="association")) == 2
    assert write_generation.kept_count(Organisation.objects.filter(kind="caf")) == 1
    public = Organisation.objects.filter(visibility=Visibility.PUBLIC)
    assert write_generation.kept_count(public) == 2
    assert write_generation.kept_count(public.filter(kind="caf")) == 0


def test_a_query_reading_the_clock_is_counted_each_time() -> None:
    # Made a minute ago: SQLite's NOW() has milliseconds, a row's time microseconds, so a
    # row made in the same millisecond as the count would not be "before now".
    # (``auto_now_add`` ignores a time given on creation).
    made = OrganisationFactory()
    Organisation.objects.filter(pk=made.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    write_generation.kept_count(Organisation.objects.filter(created_at__lte=Now()))
    with CaptureQueriesContext(connection) as again:
        assert write_generation.kept_count(Organisation.objects.filter(created_at__lte=Now())) == 1
    assert len(_counting(again)) == 1


def test_a_filter_that_keeps_nothing_runs_no_query() -> None:
    with CaptureQueriesContext(connection) as captured:
        assert write_generation.kept_count(Organisation.objects.filter(pk__in=[])) == 0
    assert not captured.captured_queries


def test_an_api_list_counts_once_until_the_next_write(client) -> None:  # type: ignore[no-untyped-def]
    TerritoryFactory.create_batch(3)
    TerritoryFactory(visibility=Visibility.PARTNERS)  # hidden from an anonymous caller
    assert client.get("/api/v1/territories").json()["count"] == 3
    with CaptureQueriesContext(connection) as again:
        assert client.get("/api/v1/territories").json()["count"] == 3
    assert not _counting(again)
    TerritoryFactory()
    assert client.get("/api/v1/territories").json()["count"] == 4


class _CountingCache:
    """The cache, counting the reads of the write generation and of the tables' tokens."""

    def __init__(self, cache) -> None:  # type: ignore[no-untyped-def]
        self.cache, self.token_reads, self.table_reads = cache, 0, 0

    def get(self, key, *args, **kwargs):  # type: ignore[no-untyped-def]
        if key == write_generation.KEY:
            self.token_reads += 1
        return self.cache.get(key, *args, **kwargs)

    def get_many(self, keys, *args, **kwargs):  # type: ignore[no-untyped-def]
        if table_generations.EPOCH in keys:
            self.table_reads += 1
        return self.cache.get_many(keys, *args, **kwargs)

    def __getattr__(self, name):  # type: ignore[no-untyped-def]
        return getattr(self.cache, name)


def test_a_request_reads_the_token_once_and_sees_its_own_writes(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A first screen keeps ten figures: the write generation is read at the first, then
    remembered until the request ends, and the tables' tokens with it — read in one
    round trip when it changed since the process last read them, not at all otherwise; a
    write during the request replaces its table's there too."""
    counting = _CountingCache(write_generation.cache)
    monkeypatch.setattr(write_generation, "cache", counting)
    monkeypatch.setattr(table_generations, "cache", counting)
    OrganisationFactory.create_batch(2, kind="association")
    associations = Organisation.objects.filter(kind="association")
    write_generation.replace()  # the tables' tokens: to be read again
    # What Django's request_started and request_finished signals call (sending those
    # would also close the test's connection).
    write_generation._request_started()
    try:
        assert write_generation.kept_count(associations) == 2
        assert write_generation.kept_count(Organisation.objects.filter(kind="caf")) == 0
        assert write_generation.kept_count(associations) == 2
        assert (counting.token_reads, counting.table_reads) == (1, 1)
        OrganisationFactory(kind="association")  # replaces the token, remembered as it is
        assert write_generation.kept_count(associations) == 3
        assert (counting.token_reads, counting.table_reads) == (1, 1)
    finally:
        write_generation._request_finished()
    # The next requests: the generation a write replaced, then the same one — the
    # tables' tokens this process read under it.
    for reads in [(2, 2), (3, 2)]:
        write_generation._request_started()
        try:
            assert write_generation.kept_count(associations) == 3
            assert (counting.token_reads, counting.table_reads) == reads
        finally:
            write_generation._request_finished()
    # Outside a request (a task, a shell), the generation is read each time.
    write_generation.kept_count(associations)
    write_generation.kept_count(associations)
    assert (counting.token_reads, counting.table_reads) == (5, 2)


def test_a_time_of_day_among_the_parameters_is_counted_each_time(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``created_at__lte=timezone.now()`` changes with each request: kept, it would miss
    each time and fill the cache with keys never read again. A date is kept for its day."""
    import datetime

    from django.utils import timezone

    kept_keys: list[str] = []
    real = write_generation.cache

    class _Recording(_CountingCache):
        def set(self, key, *args, **kwargs):  # type: ignore[no-untyped-def]
            kept_keys.append(key)
            return real.set(key, *args, **kwargs)

    monkeypatch.setattr(write_generation, "cache", _Recording(real))
    OrganisationFactory()
    for _ in range(2):
        assert (
            write_generation.kept_count(Organisation.objects.filter(created_at__lte=timezone.now()))
            == 1
        )
    assert not [key for key in kept_keys if key.startswith("kept:")]
    today = datetime.date.today()
    write_generation.kept_count(Organisation.objects.filter(created_at__date__lte=today))
    with CaptureQueriesContext(connection) as kept:
        write_generation.kept_count(Organisation.objects.filter(created_at__date__lte=today))
    assert not _counting(kept)
    assert len([key for key in kept_keys if key.startswith("kept:")]) == 1


def test_the_process_keeps_its_own_copy_under_the_same_token() -> None:
    """A kept value is read from the process's memory once read or computed (not from the
    shared cache: a round trip to the database with its cache), as a fresh copy each time;
    a new token — a write anywhere — is never answered from it."""
    computed: list[int] = []

    def compute() -> dict[str, list[int]]:
        computed.append(1)
        return {"rows": [1, 2]}

    first = write_generation.kept_until_written("test:memory", compute)
    write_generation.cache.delete("kept:test:memory")
    first["rows"].append(3)  # a caller annotating what it got
    again = write_generation.kept_until_written("test:memory", compute)
    assert again == {"rows": [1, 2]} and len(computed) == 1
    write_generation.replace()
    assert write_generation.kept_until_written("test:memory", compute) == {"rows": [1, 2]}
    assert len(computed) == 2
