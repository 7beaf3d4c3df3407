"""The territory's one search, built only from what the reader may see.

Every row of the index (``SearchEntry``) names an object; the rows kept are those whose
object ``core.access.visible`` lets the reader see — one subquery per kind, asked of the
objects themselves at every search. Results, the facets by kind and their counts all come
from that narrowed set, so a hidden object is never found, named or counted. Words are
matched and ranked by ``core/search.py`` (PostgreSQL full-text or SQLite FTS5)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
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


def visible_ids(user: Any, territory: Any, kinds: list[str] | None = None) -> dict[str, QuerySet]:
    """For each kind (all, or ``kinds``), the ids of ``territory``'s objects of that kind
    ``user`` may see now, as an unevaluated subquery. Building them (``access.visible``
    of every kind) costs more than running them: a search builds them once and hands them
    to ``facets`` and ``results`` (``allowed=``)."""
    return {
        source.kind: access.visible(user, source.of_territory(territory)).values("pk")
        for source in indexing.SOURCES
        if kinds is None or source.kind in kinds
    }


def visible_entries(
    user: Any,
    territory: Any,
    kinds: list[str] | None = None,
    *,
    allowed: dict[str, QuerySet] | None = None,
) -> QuerySet:
    """The index rows of ``territory`` whose object ``user`` may see now."""
    if allowed is None:
        allowed = visible_ids(user, territory, kinds)
    # One OR of the kinds, built at once: combining Q objects one by one would copy the
    # growing tree (and clone its subqueries) at every step.
    conditions = [
        Q(kind=kind, object_id__in=ids)
        for kind, ids in allowed.items()
        if kinds is None or kind in kinds
    ]
    if not conditions:
        return SearchEntry.objects.none()
    return SearchEntry.objects.filter(territory=territory).filter(Q(*conditions, _connector=Q.OR))


def facets(
    user: Any, territory: Any, text: str, *, allowed: dict[str, QuerySet] | None = None
) -> list[Facet]:
    """One facet per kind with at least one visible match, in the sources' order. Each
    kind is counted on its own rows up to ``FACET_CAP`` (a common word found in half of
    100,000 rows answers « plus de 1 000 » at the cost of a thousand rows, not fifty
    thousand). The kinds are counted in one query whatever their number: one capped
    subquery per kind, side by side in a single SELECT."""
    if allowed is None:
        allowed = visible_ids(user, territory)
    sources = [source for source in indexing.SOURCES if source.kind in allowed]
    parts: list[str] = []
    params: list[Any] = []
    for source in sources:
        rows = search.match(
            SearchEntry.objects.filter(
                territory=territory, kind=source.kind, object_id__in=allowed[source.kind]
            ),
            text,
            rank=False,
        )
        capped = rows.order_by().values("pk")[: FACET_CAP + 1]
        try:
            sql, sql_params = capped.query.sql_with_params()
        except EmptyResultSet:  # nothing to search for, or nothing of that kind visible
            parts.append("0")
            continue
        # Django compiled ``sql`` itself; every value travels in ``params``.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) capped_{len(parts)})")  # noqa: S608
        params.extend(sql_params)
    if not any(part != "0" for part in parts):
        return []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        counts = cursor.fetchone()
    return [
        Facet(source.kind, str(source.label), min(count, FACET_CAP), count > FACET_CAP)
        for source, count in zip(sources, counts, strict=True)
        if count
    ]


def results(
    user: Any,
    territory: Any,
    text: str,
    kind: str = "",
    *,
    entries: QuerySet | None = None,
    allowed: dict[str, QuerySet] | None = None,
) -> QuerySet:
    """The visible rows matching ``text`` (of one ``kind`` when given), best first."""
    if entries is not None:
        rows = entries
        if kind in indexing.BY_KIND:
            rows = rows.filter(kind=kind)
    elif kind in indexing.BY_KIND:
        # One kind: only its subquery, not the OR of every kind.
        rows = visible_entries(user, territory, [kind], allowed=allowed)
    else:
        rows = visible_entries(user, territory, allowed=allowed)
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
