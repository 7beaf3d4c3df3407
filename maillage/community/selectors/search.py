"""The territory's one search, built only from what the reader may see.

Every row of the index (``SearchEntry``) names an object; the rows kept are those whose
object ``core.access.visible`` lets the reader see, asked of the objects themselves at
every search. Results, the facets by kind and their counts all come from that narrowed
set, so a hidden object is never found, named or counted. Words are matched and ranked
by ``core/search.py`` (PostgreSQL full-text or SQLite FTS5).

**Text first, access second** (``find``): the rows matching the text are read first —
at most ``CANDIDATE_LIMIT`` per kind, through each kind's own full-text index on
PostgreSQL (migration 0005), in one query (a ``UNION ALL`` of one capped subquery per
kind) — then every kind's access filter is asked of those objects only, by primary key
(one query per kind found). A word found in half of 100,000 rows costs a few thousand
primary-key lookups, never a scan of everything the reader may see. A kind with more
matching rows than the cap says « N+ »: its count is a lower bound, made of visible
objects only."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain, zip_longest
from typing import Any

from django.db.models import QuerySet

from maillage.community import indexing
from maillage.community.models import SearchEntry
from maillage.community.selectors.common import union_rows
from maillage.core import access, search

# A word found in tens of thousands of rows is read at most this many times per kind:
# each candidate costs its access check and its ranking, and past a few hundred the
# reader refines the search rather than pages on (« plus de 300 résultats : précisez »).
# At 1,000 the search over 100,000 items took 89 ms, at 300 64 ms (bench/README.md).
RANK_LIMIT = 1000  # candidates ranked per search
FACET_CAP = 300  # matches counted per kind; beyond, « 300+ »
CANDIDATE_LIMIT = FACET_CAP  # matching rows per kind whose object’s access is asked


@dataclass(frozen=True)
class Facet:
    kind: str
    label: str
    count: int
    more: bool = False  # there are more than ``count`` (the cap)


@dataclass
class Hit:
    kind: str
    kind_label: str
    title: str
    summary: str
    url: str
    rank: float


@dataclass
class Matches:
    """What one search found that the reader may see: per kind, the index rows (their
    primary keys, at most ``CANDIDATE_LIMIT``) and the kinds with more matching rows."""

    text: str
    rows: dict[str, list[int]] = field(default_factory=dict)
    beyond: set[str] = field(default_factory=set)


def _candidates(territory: Any, text: str, kinds: list[str]) -> dict[str, list[tuple[int, int]]]:
    """Per kind, the (row, object) ids of up to ``CANDIDATE_LIMIT + 1`` rows matching
    ``text`` (not checked for access: only ``find`` uses them)."""
    per_kind = [
        search.match(SearchEntry.objects.filter(territory=territory, kind=kind), text, rank=False)
        .order_by()
        .values_list("kind", "pk", "object_id")[: CANDIDATE_LIMIT + 1]
        for kind in kinds
    ]
    grouped: dict[str, list[tuple[int, int]]] = {}
    with search.through_text_indexes(per_kind[0].db):
        rows = union_rows(per_kind)
    for kind, pk, object_id in rows:
        grouped.setdefault(kind, []).append((pk, object_id))
    return grouped


def find(user: Any, territory: Any, text: str, kinds: list[str] | None = None) -> Matches:
    """The rows matching ``text`` whose object ``user`` may see now (of ``kinds``, or all)."""
    matches = Matches(text)
    if not search.terms(text):
        return matches
    wanted = [s.kind for s in indexing.SOURCES if kinds is None or s.kind in kinds]
    found = _candidates(territory, text, wanted)
    for kind, rows in found.items():
        if len(rows) > CANDIDATE_LIMIT:
            matches.beyond.add(kind)
            rows = rows[:CANDIDATE_LIMIT]
        # The kind's access filter, asked of its candidates only, by primary key (one
        # query per kind found: side by side in a UNION, PostgreSQL plans them in
        # parallel workers and answers later).
        objects = indexing.BY_KIND[kind].of_territory(territory)
        seen = set(
            access.visible(user, objects.filter(pk__in=[o for _, o in rows]))
            .order_by()
            .values_list("pk", flat=True)
        )
        kept = [pk for pk, object_id in rows if object_id in seen]
        if kept:
            matches.rows[kind] = kept
    return matches


def facets(user: Any, territory: Any, text: str, *, matches: Matches | None = None) -> list[Facet]:
    """One facet per kind with at least one visible match, in the sources' order, each
    counted up to ``FACET_CAP`` (« 300+ ») among what the reader may see."""
    if matches is None:
        matches = find(user, territory, text)
    return [
        Facet(
            source.kind,
            str(source.label),
            min(len(matches.rows[source.kind]), FACET_CAP),
            len(matches.rows[source.kind]) > FACET_CAP or source.kind in matches.beyond,
        )
        for source in indexing.SOURCES
        if matches.rows.get(source.kind)
    ]


def ranked_pool(matches: Matches, kind: str = "") -> list[int]:
    """The rows to rank: at most ``RANK_LIMIT``, taken in turn from each kind so that a
    kind with many matches leaves room for the others."""
    if kind:
        return matches.rows.get(kind, [])[:RANK_LIMIT]
    turns = zip_longest(*matches.rows.values())
    return [pk for pk in chain.from_iterable(turns) if pk is not None][:RANK_LIMIT]


def results(
    user: Any,
    territory: Any,
    text: str,
    kind: str = "",
    *,
    matches: Matches | None = None,
) -> QuerySet:
    """The visible rows matching ``text`` (of one ``kind`` when given), best first."""
    if kind not in indexing.BY_KIND:
        kind = ""
    if matches is None:
        matches = find(user, territory, text, [kind] if kind else None)
    pool = ranked_pool(matches, kind)
    if not pool:
        return search.ranked(SearchEntry.objects.none(), "")
    return search.match(SearchEntry.objects.filter(pk__in=pool), text).order_by(
        "-search_rank", "title", "pk"
    )


def hits(rows: Any, territory: Any) -> list[Hit]:
    """The page's rows as links (no query: the URL is built from the row)."""
    found = []
    for row in rows:
        source = indexing.BY_KIND.get(row.kind)
        if source is None:
            continue
        found.append(
            Hit(
                kind=row.kind,
                kind_label=str(source.label),
                title=row.title,
                summary=row.summary,
                url=source.url(territory.slug, row.object_id),
                rank=float(getattr(row, "search_rank", 0.0) or 0.0),
            )
        )
    return found
