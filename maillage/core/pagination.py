from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

from maillage.core.counting import rows_to_count
from maillage.core.write_generation import kept_count, kept_for_query


def paginate(
    request: HttpRequest,
    queryset: QuerySet | list[Any],
    per_page: int = 25,
    param: str = "page",
    count: int | None = None,
) -> Page:
    """The requested page, or the nearest valid one for an out-of-range or bad number.
    ``param`` names the page number's parameter when a page has two paged lists (the
    template passes it to ``includes/pagination.html`` as ``page_param``); ``count``, when
    the caller already knows it (a cached count), spares the list counting its rows; a
    queryset's count is otherwise kept until the next write (``kept_count``)."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count
    elif isinstance(queryset, QuerySet):
        # Kept until the next write, as a bounded list's (``count_up_to``).
        paginator.count = kept_count(queryset)
    return paginator.get_page(request.GET.get(param))


def querystring_without(request: HttpRequest, *keys: str) -> str:
    params = request.GET.copy()
    for key in keys:
        params.pop(key, None)
    return params.urlencode()


# Lists that grow without limit (a register of 50,000 decisions) count at most this many
# rows: past it the page says "plus de 1 000" and the reader narrows with the filters.
COUNT_CAP = 1000


def count_up_to(queryset: QuerySet, cap: int = COUNT_CAP) -> int:
    """How many rows ``queryset`` has, counting at most ``cap + 1`` of them (more than
    ``cap`` means "plus de …"); kept until the next write (``kept_count``): a reader paging
    through a list, or coming back to it, reads the same count on each page."""
    return kept_count(rows_to_count(queryset)[: cap + 1])


class BoundedPaginator(Paginator):
    """A paginator whose count stops at ``cap``: counting reads at most ``cap + 1`` rows
    (``SELECT COUNT(*) FROM (… LIMIT cap + 1)``), once until the next write, and no page
    lies deeper than ``cap`` rows, so neither the count nor the OFFSET grows with the
    table."""

    def __init__(self, object_list: Any, per_page: int, cap: int = COUNT_CAP) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def seen(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return count_up_to(self.object_list, self.cap)
        return min(len(self.object_list), self.cap + 1)

    @cached_property
    def count(self) -> int:
        return min(self.seen, self.cap)

    @property
    def capped(self) -> bool:
        """More rows match than are counted and listed."""
        return self.seen > self.cap


def paginate_bounded(
    request: HttpRequest,
    queryset: QuerySet | list[Any],
    per_page: int = 25,
    cap: int = COUNT_CAP,
    param: str = "page",
) -> Page:
    """Like ``paginate``, over the first ``cap`` rows only (``BoundedPaginator``)."""
    return BoundedPaginator(queryset, per_page, cap).get_page(request.GET.get(param))


class FoundRows:
    """A list found by words, as a bounded paginator pages it: the ids of its first
    ``cap + 1`` rows, in its order, read in one walk and kept until the next write
    (``write_generation.kept_for_query``, under the SQL of the list, its access filter
    included); its length is their number, and a slice of it the rows of those ids, read
    by primary key. Finding the rows is what costs there (the partners of a commune whose
    names hold « jardins »: every partner is read for the word), and counting them and
    reading a page of them did it twice."""

    def __init__(self, queryset: QuerySet, cap: int = COUNT_CAP) -> None:
        self.queryset = queryset
        self.cap = cap

    @cached_property
    def ids(self) -> list[Any]:
        found = self.queryset.values_list("pk", flat=True)[: self.cap + 1]
        return kept_for_query(found, lambda: list(found), "ids")

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, rows: slice) -> list[Any]:
        return rows_by_ids(self.queryset, self.ids[rows])


def paginate_walked(
    request: HttpRequest,
    queryset: QuerySet,
    per_page: int = 25,
    cap: int = COUNT_CAP,
    param: str = "page",
) -> Page:
    """Like ``paginate_bounded``, the rows found once for the count and the page
    (``FoundRows``)."""
    return BoundedPaginator(FoundRows(queryset, cap), per_page, cap).get_page(
        request.GET.get(param)
    )


def rows_by_ids(queryset: QuerySet, ids: list[Any]) -> list[Any]:
    """The rows of ``queryset`` whose primary keys are ``ids``, in that order, with the
    tables it joins and prefetches (as ``first_rows``); read as ``queryset`` filtered by
    them when it computes columns of its own."""
    if not ids:
        return []
    if _computes_its_own_columns(queryset):
        rows = queryset.filter(pk__in=ids)
    else:
        rows = _same_rows(queryset, queryset.model._default_manager.filter(pk__in=ids))
    position = {pk: n for n, pk in enumerate(ids)}
    return sorted(rows, key=lambda row: position[row.pk])


def _computes_its_own_columns(queryset: QuerySet) -> bool:
    """A queryset with annotations, ``values()``, deferred fields, DISTINCT or a
    combination: read as it is, not as its model's rows."""
    query = queryset.query
    return bool(
        queryset._fields is not None  # type: ignore[attr-defined]
        or query.annotations
        or query.deferred_loading != (frozenset(), True)
        or query.distinct
        or query.combinator
    )


def _same_rows(queryset: QuerySet, rows: QuerySet) -> QuerySet:
    """``rows`` joining and prefetching what ``queryset`` does."""
    rows.query.select_related = queryset.query.select_related
    rows._prefetch_related_lookups = queryset._prefetch_related_lookups  # type: ignore[attr-defined]
    return rows


def first_rows(queryset: QuerySet, count: int) -> list[Any]:
    """The first ``count`` rows of ``queryset`` in its order, the tables it joins
    (``select_related``) read for those rows only, in one query.

    PostgreSQL joins before it sorts and cuts: when the filter keeps a few hundred rows in
    an order no index gives (a partner's done tasks by date of change), it joined each of
    them to its decision — a hash join reading the whole decisions table, 50,000 rows, to
    show ten (tests/core/test_pagination.py). The rows are chosen
    first by a subquery without the joins, ``WHERE id IN (SELECT id … ORDER BY … LIMIT
    count)``, then joined. Only ``select_related``, ``prefetch_related`` and the order are
    carried over: a queryset with annotations, ``values()`` or deferred fields is read as
    it is."""
    if _computes_its_own_columns(queryset):
        return list(queryset[:count])
    chosen = queryset.values("pk")[:count]
    rows = _same_rows(queryset, queryset.model._default_manager.filter(pk__in=chosen))
    order = queryset.query.order_by
    rows = rows.order_by(*order) if order else rows
    return list(rows)


def head_and_total(queryset: QuerySet, count: int) -> tuple[list[Any], int]:
    """The first ``count`` rows of a first screen's block and how many there are in all.

    The total is counted once until the next write (``write_generation.kept_count``: under
    the SQL and parameters of ``queryset``, its access filter and the day included, so two
    readers share it only when they count the same rows); the rows are read only when there
    are some. Counted on each request, a coordinator's late items read the whole
    territory's fiches, tasks and decisions: their cost grew with the data while the page
    showed five of each."""
    total = kept_count(queryset)
    return (list(queryset[:count]) if total else []), total
