"""core.db_cache: the database cache writes a value in one statement, counts (and culls)
its table now and then, is UNLOGGED on PostgreSQL, and is read from the primary even
inside a replica's scope."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from maillage.core import replica, write_generation
from maillage.core.db_cache import DatabaseCache

TABLE = "test_db_cache"
CACHE = {
    "BACKEND": "maillage.core.db_cache.DatabaseCache",
    "LOCATION": TABLE,
    "OPTIONS": {"MAX_ENTRIES": 5},
}


@pytest.fixture
def db_cache(transactional_db):  # type: ignore[no-untyped-def]
    """The cache on a table of its own, outside any transaction (as a request writes it:
    in autocommit), dropped afterwards (a flush empties only the models' tables)."""
    try:
        with override_settings(CACHES={"default": CACHE}):
            call_command("createcachetable", verbosity=0)
            cache = caches["default"]
            assert isinstance(cache, DatabaseCache)
            yield cache
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def test_a_value_is_written_in_one_statement_and_rewritten_in_place(db_cache):
    db_cache.set("warm", 0)  # the process's first write counts the table
    with CaptureQueriesContext(connection) as queries:
        db_cache.set("figure", {"actions": 12})
        db_cache.set("figure", {"actions": 13})
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["INSERT", "INSERT"]
    assert "ON CONFLICT" in queries.captured_queries[0]["sql"]
    assert db_cache.get("figure") == {"actions": 13}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE} WHERE cache_key LIKE '%%figure'")  # noqa: S608
        assert cursor.fetchone()[0] == 1


def test_add_touch_and_expiry_keep_django_s_meaning(db_cache):
    db_cache.set("kept", "a", 60)
    assert db_cache.add("kept", "b") is False
    assert db_cache.get("kept") == "a"
    db_cache.set("gone", "x", -1)  # already expired
    assert db_cache.get("gone") is None
    assert db_cache.touch("kept", 120) is True


def test_the_table_is_counted_by_cache_writes_once_in_a_while(db_cache, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("maillage.core.db_cache.time.monotonic", lambda: clock[0])
    db_cache._next_count = 0.0  # as in a new process
    counted = []
    for n in range(8):
        if n == 6:
            clock[0] += DatabaseCache.CULL_SECONDS  # ten minutes later
        with CaptureQueriesContext(connection) as queries:
            db_cache.set(f"part-{n}", n)
        counted.append(any("COUNT(*)" in q["sql"] for q in queries.captured_queries))
    # The process's first write, then none until CULL_SECONDS have passed.
    assert counted == [True, False, False, False, False, False, True, False]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")  # noqa: S608
        # Past MAX_ENTRIES (5) at the seventh write: culled by a third, as Django culls
        # (eight parts and the write generation written).
        assert cursor.fetchone()[0] < 9


def test_a_write_of_data_counts_and_culls_the_table(db_cache):
    for n in range(9):
        db_cache.set(f"part-{n}", n)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")  # noqa: S608
        assert cursor.fetchone()[0] == 9  # past MAX_ENTRIES: no cache write counted
    with CaptureQueriesContext(connection) as queries:
        write_generation.replace()  # what a write does once committed
    assert any("COUNT(*)" in q["sql"] for q in queries.captured_queries)
    assert any(q["sql"].startswith("DELETE") for q in queries.captured_queries)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")  # noqa: S608
        assert cursor.fetchone()[0] < 9


def test_no_cull_inside_the_writer_s_transaction(db_cache):
    """Replaced at once inside a transaction (core/write_generation.py), the generation
    culls nothing there: the rows deleted would stay locked until the writer commits."""
    for n in range(9):
        db_cache.set(f"part-{n}", n)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        write_generation.replace()
    assert not any("COUNT(*)" in q["sql"] for q in queries.captured_queries)
    assert not any(q["sql"].startswith("DELETE") for q in queries.captured_queries)


def test_the_cache_table_is_not_a_written_table(db_cache):
    assert not write_generation.is_write(f'INSERT INTO "{TABLE}" ("cache_key") VALUES (%s)')  # noqa: S608
    before = write_generation.current()
    db_cache.set("anything", 1)
    assert write_generation.current() == before


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="UNLOGGED tables are PostgreSQL's alone"
)
def test_createcachetable_makes_the_table_unlogged_and_is_idempotent(db_cache):
    def persistence() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = %s", [TABLE])
            return str(cursor.fetchone()[0])

    assert persistence() == "u"
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} SET LOGGED")  # a table from before this change
    with override_settings(CACHES={"default": CACHE}):
        call_command("createcachetable", verbosity=0)
        call_command("createcachetable", verbosity=0)
    assert persistence() == "u"


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_cache_is_read_from_the_primary_and_its_writes_are_not_the_request_s(db_cache):
    # Nested in the cache's override (pytest-django's ``settings`` would restore, at its
    # teardown, the settings it found — the cache's override included).
    with override_settings(REPLICA_READS=True):
        db_cache.set("figure", 7)
        secondary = CaptureQueriesContext(connections["replica"])
        with replica.request_scope() as scope, secondary, replica.use_replica():
            assert db_cache.get("figure") == 7
            db_cache.set("other", 8)
            # A kept value written is no write a later read of the request could miss.
            assert scope.wrote is False
            assert replica.alias() == replica.REPLICA
        assert secondary.captured_queries == []
