"""What a count reads: shared by the paginators (core/pagination.py) and the counts kept
until the next write (core/write_generation.py), which key a count by its SQL."""

from django.db.models import QuerySet


def rows_to_count(qs: QuerySet) -> QuerySet:
    """The rows to count, without what changes no count: their order and the columns the
    page computes (an annotation's subquery would run for each counted row). A
    ``values()``, ``DISTINCT ON`` or combined queryset is counted as it is."""
    query = qs.query
    if qs._fields is not None or query.distinct_fields or query.combinator:  # type: ignore[attr-defined]
        return qs
    return qs.order_by().values("pk")
