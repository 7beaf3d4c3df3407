"""The réseau's full-text search: its three searched tables, on the shared machinery of
``maillage/core/search.py`` (French configuration and tsvector columns on PostgreSQL,
FTS5 tables on SQLite; folding, stop words, matching and ranking)."""

from __future__ import annotations

from maillage.core import search as _core
from maillage.core.search import (
    CONFIG,
    MAX_TERMS,
    STOP_WORDS,
    Index,
    is_postgres,
    match,
    ranked,
    terms,
)

__all__ = [
    "CONFIG",
    "MAX_TERMS",
    "SEARCHED_TABLES",
    "STOP_WORDS",
    "Index",
    "is_postgres",
    "match",
    "postgres_drop_sql",
    "postgres_schema_sql",
    "ranked",
    "sqlite_drop_sql",
    "sqlite_schema_sql",
    "terms",
]

SEARCHED_TABLES = ("network_service", "network_contactpoint", "network_procedure")


def postgres_schema_sql() -> list[str]:
    return _core.postgres_schema_sql(SEARCHED_TABLES)


def postgres_drop_sql() -> list[str]:
    return _core.postgres_drop_sql(SEARCHED_TABLES)


def sqlite_schema_sql() -> list[str]:
    return _core.sqlite_schema_sql(SEARCHED_TABLES)


def sqlite_drop_sql() -> list[str]:
    return _core.sqlite_drop_sql(SEARCHED_TABLES)
