"""The *write generation*: a token the shared cache holds, replaced whenever something is
written to the database, so that whatever is cached under it is forgotten at once
(``page_cache.py`` keeps anonymous pages under it; docs/decisions/0024-anonymous-page-cache.md).
Everything else kept (``kept_until_written``) is kept under the tables it was made from
and forgotten when one of those is written (``table_generations.py``,
docs/decisions/0027-kept-values-under-the-tables-they-read.md).

Writes are seen where every write passes, whatever wrote it (a service, a bulk
``update()``, a migration, a task, raw SQL through Django's cursor): an execute wrapper
installed on every database connection (``install``). A statement that inserts, updates
or deletes rows replaces the token

- when its transaction commits (``on_commit``; at once in autocommit): what other
  processes cached meanwhile, from what they could read before the commit, is forgotten;
- and at once, when this thread has kept something since the token last changed: the
  only reader who can see an uncommitted write is the connection that made it, so what
  this thread kept before the write must not be served after it (tests run inside one
  transaction that never commits).

The token is random rather than a counter: a cache that loses it (evicted, Redis
restarted) makes a new one, and no page kept under an earlier token can match it.

Schema changes are not writes: a deployment's ``migrate`` replaces the token once it is
done (``install``). Writes to tables no page shows (sessions, the database cache itself,
the sign-in attempts django-axes records) do not change it: a signed-in visitor's session
saved on each request would otherwise empty the cache of anonymous pages."""

from __future__ import annotations

import datetime
import hashlib
import logging
import pickle
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from maillage.core import table_generations
from maillage.core.counting import rows_to_count
from maillage.core.db_cache import DATABASE_CACHE_BACKENDS

logger = logging.getLogger("maillage.write_generation")
T = TypeVar("T")

KEY = "maillage:write-generation"
_WRITE = re.compile(
    r"""^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+["`]?([\w.]+)"""
    r"""|^\s*(?:TRUNCATE|COPY|MERGE)\b""",
    re.IGNORECASE,
)
# A savepoint rolled back undoes writes this connection may have shown on a kept page.
_UNDO = re.compile(r"^\s*ROLLBACK\s+TO\b", re.IGNORECASE)
# Tables whose rows no page shows, and which requests write on their own.
_SILENT_TABLES = frozenset(
    {
        "django_session",
        "axes_accessattempt",
        "axes_accesslog",
        "axes_accessfailurelog",
    }
)
# A sign-in records its time on the account (Django's ``update_last_login``): the one
# column no kept page shows (the administration's, never kept, does). Every reader's
# parts depend on the accounts table (the request reads its reader there first).
_SILENT_STATEMENT = re.compile(
    r"""^\s*UPDATE\s+"accounts_user"\s+SET\s+"last_login"\s*=\s*%s\s+WHERE\b""",
    re.IGNORECASE,
)


class _Kept(threading.local):
    """Whether this thread kept something under the current token since it last changed
    (see the module's docstring: the immediate replacement); and, during a request, the
    token read at its first use: a first screen keeping ten figures reads the token once,
    not once per figure (a write by this thread replaces it here too; one by another
    process is seen by the next request, as if this one had read it at its start)."""

    since_change = False
    in_request = False
    token = ""


_kept = _Kept()


def current() -> str:
    """The current token (made when the cache has none). Empty when the cache cannot be
    read: nothing should then be kept or served."""
    if _kept.token:
        return _kept.token
    try:
        token = cache.get(KEY)
        if token is None:
            cache.add(KEY, secrets.token_hex(8), None)
            token = cache.get(KEY)
    except DatabaseError:  # the database cache, with the database gone
        return ""
    if _kept.in_request:
        _kept.token = str(token or "")
    return str(token or "")


def note_kept() -> None:
    """Something was just kept under the current token by this thread."""
    _kept.since_change = True


def replace() -> None:
    """Everything kept is forgotten: the anonymous pages' token and the epoch of every
    table's (a migration, a setting changed, a ``TRUNCATE``; the benches' first visit after
    a write, at its worst)."""
    try:
        table_generations.publish_epoch(secrets.token_hex(8))
    except DatabaseError:
        _say_unreachable()
    replace_page_token()


def replace_page_token() -> None:
    """A new token for anonymous pages (``page_cache.py``): whatever was kept under the old
    one is never served again."""
    _kept.since_change = False
    _kept.token = ""
    token = secrets.token_hex(8)
    try:
        cache.set(KEY, token, None)
        if _kept.in_request:
            _kept.token = token
        # The database cache counts, and culls, its table after a write (core/db_cache.py).
        cull = getattr(cache, "cull_after_write", None)
        if cull is not None:
            cull()
    except DatabaseError:
        _say_unreachable()


def _say_unreachable() -> None:
    # The database cache's table missing (a first ``migrate``) or the database gone:
    # nothing can be served from that cache either. Said once a minute at most.
    now = time.monotonic()
    if now - _unreachable_said[0] > 60:
        _unreachable_said[0] = now
        logger.warning("write generation not replaced: the cache is unreachable")


_unreachable_said = [-1e9]


class _Memory:
    """The kept values this process read or computed lately, as pickled copies (each
    reader unpickles its own, as from the shared cache: a caller may annotate what it
    gets). Under the same token a value is the same for every process, so a first screen
    keeping ten figures reads them from memory rather than from the shared cache — ten
    round trips to the database, with its cache, otherwise; the token itself is still read
    from the shared cache once per request, so another process's write is seen at once.
    Bounded: the least recently used go first."""

    SIZE = 4096
    SECONDS = 60

    def __init__(self) -> None:
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
        # Bytes this process pickled itself, never read from outside.
        return pickle.loads(entry[1])  # noqa: S301

    def set(self, key: str, value: Any, seconds: int) -> None:
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        expires = time.monotonic() + min(seconds, self.SECONDS)
        with self._lock:
            self._entries[key] = (expires, data)
            self._entries.move_to_end(key)
            while len(self._entries) > self.SIZE:
                self._entries.popitem(last=False)


_memory = _Memory()


def kept_until_written(
    key: str, compute: Callable[[], T], seconds: int = 300, *, into_request: bool = True
) -> T:
    """``compute()``, kept in the shared cache under ``key`` until one of the tables it was
    made from is written (``table_generations.py``: the tables it read, and those read
    before it in the request or in the value being made around it), or ``seconds`` pass
    (what a write missed while the cache was unreachable shows within them). Only for
    what depends on the data alone — never on who reads it: the caller checks access
    before, and keys by everything else the answer depends on. The process also keeps a
    copy for a minute at most (``_Memory``). ``into_request=False``: HTML sent as it is,
    on which nothing made after it in the request depends (``kept_parts.py``)."""
    generation = current()
    read = table_generations.tokens(generation) if generation else None
    if read is None:
        return compute()
    full_key = f"kept:{key}"
    entry = _memory.get(full_key)
    if entry is None or entry[1] != table_generations.signature(entry[0], read):
        try:
            entry = cache.get(full_key)
        except DatabaseError:
            return compute()
        if entry is not None and entry[1] == table_generations.signature(entry[0], read):
            _memory.set(full_key, entry, seconds)
        else:
            entry = None
    if entry is not None:
        table_generations.used(entry[0], into_request=into_request)
        return cast(T, entry[2])
    with table_generations.making() as made:
        value = compute()
    entry = (made.tables, table_generations.signature(made.tables, read), value)
    table_generations.used(made.tables, into_request=into_request)
    try:
        cache.set(full_key, entry, seconds)
    except DatabaseError:
        return value
    note_kept()
    _memory.set(full_key, entry, seconds)
    return value


# SQL that reads the clock: its answer changes without a write, so it is not kept.
_CLOCK = re.compile(
    r"\bNOW\s*\(|'NOW'|\b(?:CURRENT_(?:DATE|TIME|TIMESTAMP)|STATEMENT_TIMESTAMP|CLOCK_TIMESTAMP|LOCALTIME)",
    re.I,
)


def kept_for_query(queryset: Any, compute: Callable[[], T], what: str) -> T:
    """``compute()`` — ``what`` of ``queryset``: its count, its distinct values —, kept until
    the next write under the SQL and the parameters of ``queryset`` itself: two readers
    share an answer only when their queries, access filter included, are the same, hence
    read the same rows. A query that reads the clock — in its SQL (``NOW()``) or as a
    time of day among its parameters (the meetings to come: ``starts_at >= now``, a key
    that would change with each request and fill the cache) —, or that keeps nothing
    (``pk__in=[]``: no SQL at all), is computed each time; a date is kept for its day."""
    return _kept_for_sql(queryset, lambda _sql, _params: compute(), what)


def _kept_for_sql(
    queryset: Any, compute: Callable[[str | None, tuple[Any, ...]], T], what: str
) -> T:
    """``kept_for_query`` whose ``compute`` receives the SQL and parameters compiled for the
    key (``None`` when there is none: the query keeps nothing), so as not to compile them
    twice."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return compute(None, ())
    if _CLOCK.search(sql) or any(_is_time_of_day(param) for param in params):
        return compute(sql, params)
    digest = hashlib.sha256(f"{queryset.db}\x00{sql}\x00{params!r}".encode()).hexdigest()
    return kept_until_written(f"{what}:{digest}", lambda: compute(sql, params))


# A time of day as SQLite receives it (PostgreSQL's driver receives the datetime itself).
_TIME_OF_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")


def _is_time_of_day(param: Any) -> bool:
    return isinstance(param, datetime.datetime) or (
        isinstance(param, str) and _TIME_OF_DAY.match(param) is not None
    )


def kept_count(queryset: Any) -> int:
    """``queryset.count()`` kept as ``kept_for_query`` says. The API's lists count every
    row they could page through (45,000 published contributions: 20 ms a request, growing
    with the table)."""
    # Keyed by the SQL of the rows counted, not of the rows shown: compiling the columns
    # and joins a list selects (``select_related``) only to name its count cost as much
    # as counting a small territory's rows.
    counted = queryset if queryset.query.is_sliced else rows_to_count(queryset)

    def count(sql: str | None, params: tuple[Any, ...]) -> int:
        if sql is None:
            return 0  # no SQL: no row can match (``pk__in=[]``)
        # The rows' SQL, compiled once for the key, counted as Django counts a sliced or
        # distinct queryset: in a subquery (compiling ``count()`` anew cost as much again).
        with connections[counted.db].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) counted", params)  # noqa: S608
            return int(cursor.fetchone()[0])

    return int(_kept_for_sql(counted, count, "count"))


def _silent(table: str) -> bool:
    return table in _SILENT_TABLES or table in _cache_tables()


def _cache_tables() -> frozenset[str]:
    return frozenset(
        str(conf["LOCATION"])
        for conf in settings.CACHES.values()
        if conf.get("BACKEND") in DATABASE_CACHE_BACKENDS
    )


def is_write(sql: str) -> bool:
    """True for a statement that changes rows a page may show."""
    return _written_table(sql) is not _NOT_A_WRITE


# What ``_written_table`` answers for a read, or a write no kept page shows.
_NOT_A_WRITE = "\x00"


def _written_table(sql: str) -> str | None:
    """The table ``sql`` writes; ``None`` when any table may have changed (``TRUNCATE``,
    ``COPY``, ``MERGE``); ``_NOT_A_WRITE`` for a read, or a write no kept page shows."""
    match = _WRITE.match(sql)
    if match is None or _SILENT_STATEMENT.match(sql):
        return _NOT_A_WRITE
    table = match.group(1)
    if table is None:
        return None
    table = table.rsplit(".", 1)[-1]
    return _NOT_A_WRITE if _silent(table) else table


def _watch(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    result = execute(sql, params, many, context)
    if not isinstance(sql, str):
        return result
    if _UNDO.match(sql):
        table_generations.undone()
        if _kept.since_change:
            replace_page_token()
        return result
    table = _written_table(sql)
    if table is _NOT_A_WRITE:
        table_generations.note_read(sql)
        return result
    if _kept.since_change:
        replace_page_token()
    _written(context["connection"], table)
    return result


def _written(connection: BaseDatabaseWrapper, table: str | None) -> None:
    """``table`` written on ``connection`` (``None``: ``TRUNCATE``, ``COPY``, ``MERGE`` or a
    table no model declares — every table may have changed)."""
    if table is not None and table not in table_generations.tables():
        table = None
    if table is None:
        replace()
        if connection.in_atomic_block:
            transaction.on_commit(replace, using=connection.alias)
        return
    if not connection.in_atomic_block:
        _published({table})
        return
    table_generations.written(table)
    # Django's entries are (savepoints, callback, robust).
    for entry in connection.run_on_commit:
        callback = entry[1]
        if isinstance(callback, _Publish):
            callback.tables.add(table)
            return
    transaction.on_commit(_Publish({table}), using=connection.alias)


class _Publish:
    """What a transaction wrote, published when it commits."""

    def __init__(self, tables: set[str]) -> None:
        self.tables = tables

    def __call__(self) -> None:
        _published(self.tables)


def _published(tables: set[str]) -> None:
    try:
        table_generations.publish(tables)
    except DatabaseError:
        _say_unreachable()
    replace_page_token()


def _on_connection(*, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def _replaced(**kwargs: Any) -> None:
    replace()


def _request_started(**kwargs: Any) -> None:
    _kept.in_request = True
    _kept.token = ""
    table_generations.request_started(
        in_transaction=any(
            connection.in_atomic_block for connection in connections.all(initialized_only=True)
        )
    )


def _request_finished(**kwargs: Any) -> None:
    _kept.in_request = False
    _kept.token = ""
    table_generations.request_finished()


def _migrated(*, app_config: Any, **kwargs: Any) -> None:
    if app_config.label == "core":  # once per ``migrate``, not once per application
        replace()


def install() -> None:
    """Watch every connection opened from now on (called by ``CoreConfig.ready``); a
    deployment's migrations and a setting changed (in tests) replace the token too: the
    pages kept were made by other code or other settings."""
    from django.core.signals import request_finished, request_started, setting_changed
    from django.db import connections
    from django.db.backends.signals import connection_created
    from django.db.models.signals import post_migrate

    connection_created.connect(_on_connection, dispatch_uid="core.write_generation")
    post_migrate.connect(_migrated, dispatch_uid="core.write_generation.migrate")
    setting_changed.connect(_replaced, dispatch_uid="core.write_generation.setting")
    request_started.connect(_request_started, dispatch_uid="core.write_generation.started")
    request_finished.connect(_request_finished, dispatch_uid="core.write_generation.finished")
    for connection in connections.all(initialized_only=True):
        _on_connection(connection=connection)
