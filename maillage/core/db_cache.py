"""The database cache, written in one statement (docs/decisions/0026-database-cache-
one-statement.md).

Django's ``DatabaseCache`` writes a value in five round trips: it counts the whole table
(to cull it past ``MAX_ENTRIES``), then opens a transaction, looks the key up, inserts or
updates, and commits — with PostgreSQL waiting for its journal on disk at each commit. A
first screen made after a write keeps ten values or so (the page for its reader, the
figures it counts, the reader's roles): half of its queries were the cache's own.

Here a value is written by one ``INSERT … ON CONFLICT DO UPDATE`` (PostgreSQL and SQLite
both know it), a single statement that needs no transaction of its own. The table is
counted, and culled past ``MAX_ENTRIES``, when something is written to the database (the
write generation replaced: what was kept before is dead weight) and by a process's cache
writes once every ``CULL_SECONDS`` — not at each, nor every so many (a page's queries
would then vary from one visit to the next): between writes it may grow past
``MAX_ENTRIES`` by what readers keep in that time. On
PostgreSQL the table is UNLOGGED (``manage.py createcachetable``, core's own): nothing in
it needs to survive a crash — the write generation it holds is made anew when missing
(core/write_generation.py) —, so its writes wait for no disk. A replica has no copy of an
unlogged table: the cache is always read from the primary (core/replica.py)."""

from __future__ import annotations

import base64
import pickle
import time
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now as tz_now

# The vendors whose SQL has ``ON CONFLICT … DO UPDATE`` (SQLite since 3.24).
_UPSERT_VENDORS = frozenset({"postgresql", "sqlite"})

APP_LABEL = "django_cache"  # what Django names the model of a cache table


def is_cache_model(model: Any) -> bool:
    """True for the stand-in model Django gives a database cache's table."""
    return getattr(getattr(model, "_meta", None), "app_label", None) == APP_LABEL


class DatabaseCache(DjangoDatabaseCache):
    # Seconds between two counts of the table by one process's cache writes (a write of
    # data also counts it: ``cull_after_write``).
    CULL_SECONDS = 600

    # Django's own, which its type stubs leave out.
    _table: str
    _base_set: Any
    _cull: Any

    def __init__(self, table: str, params: dict[str, Any]) -> None:
        super().__init__(table, params)
        self._next_count = 0.0  # the process's first cache write counts

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        if connection.vendor not in _UPSERT_VENDORS:
            self._base_set("set", key, value, timeout)
            return
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)
        expires = connection.ops.adapt_datetimefield_value(self._expiry(timeout))
        # The column is text: the pickled value as base64, as Django writes it (its reads
        # are Django's own).
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        key_, value_, expires_ = (quote_name(c) for c in ("cache_key", "value", "expires"))
        # Names quoted from the settings; every value is a parameter.
        sql = (
            f"INSERT INTO {table} ({key_}, {value_}, {expires_}) VALUES (%s, %s, %s) "  # noqa: S608
            f"ON CONFLICT ({key_}) DO UPDATE SET {value_} = EXCLUDED.{value_}, "
            f"{expires_} = EXCLUDED.{expires_}"
        )
        with connection.cursor() as cursor:
            self._cull_now_and_then(db, cursor)
            try:
                if connection.in_atomic_block:
                    # Inside a transaction a failed statement would break it: a savepoint.
                    with transaction.atomic(using=db):
                        cursor.execute(sql, [key, encoded, expires])
                else:
                    cursor.execute(sql, [key, encoded, expires])
            except DatabaseError:
                # As Django's: a write that fails (a race, a table dropped) is a miss later.
                return

    def _expiry(self, timeout: Any) -> datetime:
        seconds = self.get_backend_timeout(timeout)
        if seconds is None:
            expires = datetime.max
        else:
            tz = UTC if settings.USE_TZ else None
            expires = datetime.fromtimestamp(seconds, tz=tz)
        return expires.replace(microsecond=0)

    def _cull_now_and_then(self, db: str, cursor: Any) -> None:
        now = time.monotonic()
        if now < self._next_count:
            return
        self._next_count = now + self.CULL_SECONDS
        self._count_and_cull(db, cursor)

    def cull_after_write(self) -> None:
        """Count the table, and cull it past ``MAX_ENTRIES``: called when the write
        generation is replaced (core/write_generation.py) — a write, after which what was
        kept under the old generation is dead weight, and a request that writes already."""
        db = router.db_for_write(self.cache_model_class)
        if connections[db].in_atomic_block:
            # Inside the writer's transaction the cull would lock the rows it deletes until
            # it commits; the generation is replaced again once it has, and culls then.
            return
        try:
            with connections[db].cursor() as cursor:
                self._count_and_cull(db, cursor)
        except DatabaseError:
            return  # the table missing (a first ``migrate``) or the database gone

    def _count_and_cull(self, db: str, cursor: Any) -> None:
        table = connections[db].ops.quote_name(self._table)
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 (a name from settings)
        entries = cursor.fetchone()[0]
        if entries > self._max_entries:
            self._cull(db, cursor, tz_now().replace(microsecond=0), entries)


DATABASE_CACHE_BACKENDS = frozenset(
    {
        "django.core.cache.backends.db.DatabaseCache",
        f"{DatabaseCache.__module__}.{DatabaseCache.__qualname__}",
    }
)
