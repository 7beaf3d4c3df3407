"""French full-text search, on both databases, in one place (the réseau's services,
contacts and procedures; the veille's signals; the library and the territory's one search).

- PostgreSQL: a ``maillage_fr`` text search configuration (the French snowball stemmer
  behind ``unaccent``), and on each searched table a generated ``search_vector`` column
  (title weighted A, body B) with a GIN index. Ranked with ``ts_rank``.
- SQLite: an FTS5 table per searched table (``porter unicode61 remove_diacritics 2``),
  kept in step by triggers, external content. Ranked with ``bm25`` (title weighs 10×).

Each app's search migration creates one or the other for its own tables
(``postgres_schema_sql(tables)`` / ``sqlite_schema_sql(tables)``). Models keep two ordinary text
columns, ``search_title`` and ``search_body``, already folded (lower case, no accents,
apostrophes split: « d’enfants » → « d enfants »), so both engines see the same words.

Queries are folded the same way; French stop words are dropped; every remaining word
must match (a word is also matched as a prefix: « garde » finds « garderie »). When no
row matches every word, ``match`` can fall back to any word."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import BooleanField, Field, FloatField, Q, QuerySet, Value
from django.db.models.expressions import Expression
from django.db.models.functions import Coalesce

from maillage.core.text import fold

CONFIG = "maillage_fr"
MAX_TERMS = 10

# Words that carry no meaning for a search ("je cherche un interlocuteur pour…").
STOP_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cette",
        "d",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "et",
        "il",
        "ils",
        "je",
        "j",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "ma",
        "mais",
        "me",
        "mes",
        "moi",
        "mon",
        "n",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "s",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "t",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
        "est",
        "sont",
        "ai",
        "avoir",
        "etre",
        "cherche",
        "chercher",
        "trouver",
        "besoin",
        "aide",
        "comment",
        "quoi",
        "quel",
        "quelle",
        "quels",
        "quelles",
        "faire",
    ]
)


@dataclass(frozen=True)
class Index:
    """One searched table: its name, and the FTS5 table beside it on SQLite."""

    table: str

    @property
    def fts(self) -> str:
        return f"{self.table}_fts"


def terms(text: str) -> list[str]:
    words = [w for w in fold(text).split() if len(w) > 1 and w not in STOP_WORDS]
    return list(dict.fromkeys(words))[:MAX_TERMS]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def through_text_indexes(using: str) -> Iterator[None]:
    """On PostgreSQL, the queries run inside find their matches through the full-text
    (GIN) indexes, by bitmap scans, and never by a sequential or b-tree scan that stops
    at a ``LIMIT``. With a ``LIMIT`` and a word found in many rows, the planner expects
    the matches spread evenly through the table and reads it in its physical order; where
    they lie late (rows of one kind written together, rows a reindex moved to the end)
    it read 37,000 rows for the first thousand matches: 77 ms, against 7 ms through the
    index (bench/README.md, the one search). The settings last until the end of the
    transaction (``SET LOCAL``), opened here. Elsewhere: nothing to do."""
    if connections[using].vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT set_config('enable_seqscan', 'off', true), "
            "set_config('enable_indexscan', 'off', true)"
        )
        yield


def _fts5_query(words: list[str], any_word: bool, title_only: bool) -> str:
    joiner = " OR " if any_word else " AND "
    query = joiner.join(f'"{w}"*' for w in words)
    return f"search_title : ({query})" if title_only else query


def _tsquery(words: list[str], any_word: bool, title_only: bool) -> str:
    joiner = " | " if any_word else " & "
    # Every word is matched as a prefix of a stem: « garde » also finds « garderie ».
    # ``:*A`` keeps the words of the title only (weight A).
    suffix = ":*A" if title_only else ":*"
    return joiner.join(f"{w}{suffix}" for w in words)


class _OnRow(Expression):
    """SQL about the current row of the searched table, written with the alias Django
    gives that table in this query (``U0`` inside a subquery)."""

    template = ""

    def __init__(self, params: tuple, output_field: Field) -> None:
        super().__init__(output_field=output_field)
        self.params = params

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple]:
        query = compiler.query
        alias = compiler.quote_name_unless_alias(query.base_table)
        table = query.model._meta.db_table
        return self.template.format(alias=alias, fts=Index(table).fts), tuple(self.params)


class _Matches(_OnRow):
    conditional = True

    @property
    def template(self) -> str:  # type: ignore[override]
        if is_postgres():
            return "{alias}.search_vector @@ to_tsquery(%s::regconfig, %s)"
        return "{alias}.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)"


class _Rank(_OnRow):
    @property
    def template(self) -> str:  # type: ignore[override]
        if is_postgres():
            return "ts_rank({alias}.search_vector, to_tsquery(%s::regconfig, %s))"
        return "(SELECT -bm25({fts}, 10.0, 1.0) FROM {fts} WHERE {fts} MATCH %s AND rowid = {alias}.id)"


def _params(words: list[str], any_word: bool, title_only: bool) -> tuple:
    if is_postgres():
        return (CONFIG, _tsquery(words, any_word, title_only))
    return (_fts5_query(words, any_word, title_only),)


def match(
    queryset: QuerySet,
    text: str,
    *,
    any_word: bool = False,
    rank: bool = True,
    title_only: bool = False,
) -> QuerySet:
    """``queryset`` narrowed to rows matching ``text`` (every word, or any word), in
    the title only if asked, and annotated with ``search_rank`` (higher is better)
    unless ``rank`` is False. A query of stop words only matches nothing."""
    words = terms(text)
    if not words:
        return queryset.none()
    params = _params(words, any_word, title_only)
    narrowed = queryset.filter(_Matches(params, BooleanField()))
    if not rank:
        return narrowed
    return narrowed.annotate(search_rank=_Rank(_params(words, any_word, False), FloatField()))


def ranked(queryset: QuerySet, text: str, *, any_word: bool = False, limit: int = 1000) -> QuerySet:
    """The rows matching ``text``, best first, ranked among at most ``limit`` candidates,
    so that a word found in a third of the corpus costs the same at 10,000 rows as at
    100,000 (the count says « plus de 1 000 » and asks for a narrower search). Queries
    with fewer matches rank every one of them."""
    words = terms(text)
    if not words:
        # Nothing to search for (one letter, stop words): no rows, ordered like the others.
        return queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    candidates = match(queryset, text, any_word=any_word, rank=False).order_by()
    # The candidates' ids, then a primary-key lookup: the outer query never scans.
    pool = candidates.values("pk")[:limit]
    return queryset.model._default_manager.filter(pk__in=pool).annotate(
        search_rank=_Rank(_params(words, any_word, False), FloatField())
    )


class _TrigramMatches(_OnRow):
    """PostgreSQL's pg_trgm: the folded title is similar to the text (``%`` uses the GIN
    trigram index and ``pg_trgm.similarity_threshold``)."""

    conditional = True
    template = "{alias}.search_title %% %s"


class _TrigramSimilarity(_OnRow):
    template = "similarity({alias}.search_title, %s)"


def similar(queryset: QuerySet, text: str, *, limit: int = 5) -> QuerySet:
    """Rows that look like ``text``, most alike first, for "did you mean this one?"
    proposals while someone types: any word of the text (full-text, as ``match``), and
    on PostgreSQL also titles whose trigrams are close (a typo, a plural, a word cut
    short). Annotated with ``search_rank``. SQLite has no trigrams: the full-text path
    alone answers there."""
    words = terms(text)
    if not words:
        return queryset.none()
    params = _params(words, True, False)
    condition = Q(_Matches(params, BooleanField()))
    score: Any = _Rank(params, FloatField())
    if is_postgres():
        folded = " ".join(words)
        condition |= Q(_TrigramMatches((folded,), BooleanField()))
        score = Coalesce(score, 0.0) + _TrigramSimilarity((folded,), FloatField())
    return queryset.filter(condition).annotate(search_rank=score).order_by("-search_rank")[:limit]


# --------------------------------------------------------------------------- schema


def postgres_config_sql() -> list[str]:
    """The extension and the French configuration, shared by every searched table."""
    return [
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        f"""DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
                CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = french);
                ALTER TEXT SEARCH CONFIGURATION {CONFIG}
                    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
            END IF;
        END $$""",
    ]


def postgres_schema_sql(tables: Iterable[str]) -> list[str]:
    statements = postgres_config_sql()
    for table in tables:
        statements += [
            f"""ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(search_title, '')), 'A')
                || setweight(to_tsvector('{CONFIG}'::regconfig, coalesce(search_body, '')), 'B')
            ) STORED""",
            f"CREATE INDEX {table}_search_idx ON {table} USING GIN (search_vector)",
        ]
    return statements


def postgres_drop_sql(tables: Iterable[str]) -> list[str]:
    statements = []
    for table in tables:
        statements += [
            f"DROP INDEX IF EXISTS {table}_search_idx",
            f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
        ]
    return statements


def postgres_trigram_sql(tables: Iterable[str]) -> list[str]:
    """The pg_trgm extension and a trigram index on each table's folded title (for
    ``similar``)."""
    statements = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
    for table in tables:
        statements.append(
            f"CREATE INDEX {table}_trgm_idx ON {table} USING GIN (search_title gin_trgm_ops)"
        )
    return statements


def postgres_trigram_drop_sql(tables: Iterable[str]) -> list[str]:
    return [f"DROP INDEX IF EXISTS {table}_trgm_idx" for table in tables]


def sqlite_schema_sql(tables: Iterable[str]) -> list[str]:
    statements = []
    for table in tables:
        fts = Index(table).fts
        statements += [
            f"""CREATE VIRTUAL TABLE {fts} USING fts5(
                search_title, search_body, content='{table}', content_rowid='id',
                tokenize='porter unicode61 remove_diacritics 2')""",
            f"""CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN
                INSERT INTO {fts}(rowid, search_title, search_body)
                VALUES (new.id, new.search_title, new.search_body);
            END""",
            f"""CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN
                INSERT INTO {fts}({fts}, rowid, search_title, search_body)
                VALUES ('delete', old.id, old.search_title, old.search_body);
            END""",
            f"""CREATE TRIGGER {table}_fts_update AFTER UPDATE OF search_title, search_body
                ON {table} BEGIN
                INSERT INTO {fts}({fts}, rowid, search_title, search_body)
                VALUES ('delete', old.id, old.search_title, old.search_body);
                INSERT INTO {fts}(rowid, search_title, search_body)
                VALUES (new.id, new.search_title, new.search_body);
            END""",
            f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        ]
    return statements


def sqlite_drop_sql(tables: Iterable[str]) -> list[str]:
    statements = []
    for table in tables:
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_fts_insert",
            f"DROP TRIGGER IF EXISTS {table}_fts_delete",
            f"DROP TRIGGER IF EXISTS {table}_fts_update",
            f"DROP TABLE IF EXISTS {Index(table).fts}",
        ]
    return statements


def create_schema(schema_editor: Any, tables: Iterable[str]) -> None:
    """A migration's forward step: the search index of ``tables`` on this database."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = postgres_schema_sql(tables)
    elif vendor == "sqlite":
        statements = sqlite_schema_sql(tables)
    else:
        return
    for statement in statements:
        schema_editor.execute(statement)


def drop_schema(schema_editor: Any, tables: Iterable[str]) -> None:
    """A migration's backward step."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = postgres_drop_sql(tables)
    elif vendor == "sqlite":
        statements = sqlite_drop_sql(tables)
    else:
        return
    for statement in statements:
        schema_editor.execute(statement)
