"""The territory's one search, built only from what the reader may see.

Every row of the index (``SearchEntry``) names an object; the rows kept are those whose
object ``core.access.visible`` lets the reader see — one subquery per kind, asked of the
objects themselves at every search. Results, the facets by kind and their counts all come
from that narrowed set, so a hidden object is never found, named or counted. Words are
matched and ranked by ``core/search.py`` (PostgreSQL full-text or SQLite FTS5)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from maillage.community import indexing
from maillage.community.models import SearchEntry
from maillage.core import access, search

RANK_LIMIT = 1000  # candidates ranked per search
FACET_CAP = 1000  # matches counted per kind; beyond, « plus de 1 000 »


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


def visible_entries(user: Any, territory: Any, kinds: list[str] | None = None) -> QuerySet:
    """The index rows of ``territory`` whose object ``user`` may see now."""
    # One OR of the kinds, built at once: combining Q objects one by one would copy the
    # growing tree (and clone its subqueries) at every step.
    allowed = [
        Q(
            kind=source.kind,
            object_id__in=access.visible(user, source.of_territory(territory)).values("pk"),
        )
        for source in indexing.SOURCES
        if kinds is None or source.kind in kinds
    ]
    if not allowed:
        return SearchEntry.objects.none()
    return SearchEntry.objects.filter(territory=territory).filter(Q(*allowed, _connector=Q.OR))


def facets(user: Any, territory: Any, text: str) -> list[Facet]:
    """One facet per kind with at least one visible match, in the sources' order. Each
    kind is counted on its own rows up to ``FACET_CAP`` (a common word found in half of
    100,000 rows answers « plus de 1 000 » at the cost of a thousand rows, not fifty
    thousand): one query per kind, whatever the data size."""
    found = []
    for source in indexing.SOURCES:
        rows = search.match(visible_entries(user, territory, [source.kind]), text, rank=False)
        count = rows.order_by().values("pk")[: FACET_CAP + 1].count()
        if count:
            found.append(
                Facet(source.kind, str(source.label), min(count, FACET_CAP), count > FACET_CAP)
            )
    return found


def results(
    user: Any, territory: Any, text: str, kind: str = "", *, entries: QuerySet | None = None
) -> QuerySet:
    """The visible rows matching ``text`` (of one ``kind`` when given), best first."""
    rows = entries if entries is not None else visible_entries(user, territory)
    if kind in indexing.BY_KIND:
        rows = rows.filter(kind=kind)
    return search.ranked(rows, text, limit=RANK_LIMIT).order_by("-search_rank", "title", "pk")


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
