"""The bounded paginator (core/pagination.py): a count that stops at the cap, pages that
never lie deeper than it, and a count query that reads only what changes the count."""

import pytest
from django.db import connection
from django.db.models import Count, F, Value
from django.db.models.functions import Upper
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from maillage.core.pagination import (
    BoundedPaginator,
    first_rows,
    paginate_bounded,
    paginate_walked,
    rows_by_ids,
)
from maillage.territories.models import Organisation
from tests.factories import OrganisationFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations() -> list[Organisation]:
    return OrganisationFactory.create_batch(7)


def _page(query: str, queryset, per_page: int = 2, cap: int = 5):  # type: ignore[no-untyped-def]
    return paginate_bounded(RequestFactory().get(f"/?{query}"), queryset, per_page, cap)


def test_the_count_stops_at_the_cap_and_says_so(organisations) -> None:  # type: ignore[no-untyped-def]
    page = _page("", Organisation.objects.order_by("pk"))
    assert (page.paginator.count, page.paginator.capped, page.paginator.num_pages) == (5, True, 3)
    under = _page("", Organisation.objects.order_by("pk"), cap=50)
    assert (under.paginator.count, under.paginator.capped) == (7, False)


def test_no_page_lies_deeper_than_the_cap(organisations) -> None:  # type: ignore[no-untyped-def]
    ordered = list(Organisation.objects.order_by("pk"))
    page = _page("page=99", Organisation.objects.order_by("pk"))
    assert page.number == 3
    assert list(page.object_list) == ordered[4:5]


def test_the_count_leaves_out_the_order_and_the_computed_columns(organisations) -> None:  # type: ignore[no-untyped-def]
    """An annotation's subquery would run once per counted row for nothing."""
    queryset = Organisation.objects.annotate(shout=Upper("name"), marker=Value(1)).order_by(
        "-shout"
    )
    with CaptureQueriesContext(connection) as captured:
        assert BoundedPaginator(queryset, 2, cap=5).count == 5
    (sql,) = [q["sql"] for q in captured.captured_queries]
    assert "COUNT" in sql.upper()
    assert "UPPER" not in sql.upper() and "ORDER BY" not in sql.upper()
    # The rows themselves keep their order and their columns.
    page = _page("", queryset)
    assert [o.shout for o in page.object_list] == sorted(
        (o.name.upper() for o in organisations), reverse=True
    )[:2]


def test_values_and_grouped_querysets_are_counted_as_they_are(organisations) -> None:  # type: ignore[no-untyped-def]
    kinds = Organisation.objects.values("kind").annotate(n=Count("pk")).order_by("kind")
    assert BoundedPaginator(kinds, 2, cap=5).count == len({o.kind for o in organisations})
    names = Organisation.objects.values_list("name", flat=True).order_by(F("name").desc())
    assert BoundedPaginator(names, 2, cap=50).count == 7


# --------------------------------------------------------------------------- first_rows


@pytest.fixture
def family() -> list[Organisation]:
    """Organisations, each but the first under a parent, two of them partners."""
    territory = TerritoryFactory()
    head = OrganisationFactory(name="Tête")
    rows = [head]
    for n in range(6):
        rows.append(
            OrganisationFactory(
                name=f"Branche {n}", parent=head, partner_of=territory if n < 2 else None
            )
        )
    return rows


def test_first_rows_are_the_querysets_first_rows_joined_in_one_query(family) -> None:  # type: ignore[no-untyped-def]
    queryset = (
        Organisation.objects.filter(parent__isnull=False)
        .select_related("parent")
        .order_by("-name", "pk")
    )
    with CaptureQueriesContext(connection) as captured:
        rows = first_rows(queryset, 3)
        parents = [row.parent.name for row in rows]
    assert [row.pk for row in rows] == [row.pk for row in queryset[:3]]
    assert parents == ["Tête"] * 3
    assert len(captured.captured_queries) == 1
    sql = captured.captured_queries[0]["sql"]
    # The rows are chosen by a subquery without the join, then joined.
    chosen = sql[sql.index("IN (SELECT") :]
    assert "LIMIT 3" in chosen and "JOIN" not in chosen
    assert "JOIN" in sql[: sql.index("IN (SELECT")]


def test_first_rows_carry_the_prefetches(family) -> None:  # type: ignore[no-untyped-def]
    queryset = Organisation.objects.prefetch_related("partnerships").order_by("name")
    with CaptureQueriesContext(connection) as captured:
        rows = first_rows(queryset, 4)
        partnered = [row.name for row in rows if list(row.partnerships.all())]
    assert [row.pk for row in rows] == [row.pk for row in queryset[:4]]
    assert partnered == ["Branche 0", "Branche 1"]
    assert len(captured.captured_queries) == 2


def test_first_rows_read_an_annotated_or_values_queryset_as_it_is(family) -> None:  # type: ignore[no-untyped-def]
    annotated = Organisation.objects.annotate(children_count=Count("children")).order_by("name")
    assert [(o.name, o.children_count) for o in first_rows(annotated, 2)] == [
        ("Branche 0", 0),
        ("Branche 1", 0),
    ]
    names = Organisation.objects.order_by("-name").values_list("name", flat=True)
    assert first_rows(names, 1) == ["Tête"]


def test_head_and_total_reads_the_rows_and_keeps_the_total(organisations) -> None:  # type: ignore[no-untyped-def]
    """A first screen's block: its first rows, and the total kept until the next write."""
    from maillage.core.pagination import head_and_total

    ordered = Organisation.objects.order_by("name", "pk")
    rows, total = head_and_total(ordered, 3)
    assert (rows, total) == (list(ordered[:3]), 7)
    with CaptureQueriesContext(connection) as again:
        assert head_and_total(ordered, 3) == (rows, 7)
    sql = [q["sql"].upper() for q in again.captured_queries]
    assert len(sql) == 1 and "COUNT" not in sql[0]
    OrganisationFactory(name="Zzz dernière")
    assert head_and_total(ordered, 3)[1] == 8


def test_head_and_total_reads_no_row_when_there_is_none(organisations) -> None:  # type: ignore[no-untyped-def]
    from maillage.core.pagination import head_and_total

    none = Organisation.objects.filter(name="personne").order_by("name")
    with CaptureQueriesContext(connection) as captured:
        assert head_and_total(none, 5) == ([], 0)
    assert len(captured.captured_queries) == 1
    assert "COUNT" in captured.captured_queries[0]["sql"].upper()


def test_a_list_count_is_kept_until_the_next_write(organisations) -> None:  # type: ignore[no-untyped-def]
    """A reader paging through a list reads the same count on each page: counted once
    until something is written (bounded or not)."""
    from maillage.core.pagination import paginate

    ordered = Organisation.objects.order_by("pk")
    for page_of in (
        lambda q: paginate(RequestFactory().get(f"/?{q}"), ordered, 2),
        lambda q: _page(q, ordered, cap=50),
    ):
        total = Organisation.objects.count()
        assert page_of("").paginator.count == total
        with CaptureQueriesContext(connection) as second:
            page = page_of("page=2")
            assert page.paginator.count == total and len(page.object_list) == 2
        assert not [q for q in second.captured_queries if "COUNT" in q["sql"].upper()]
        OrganisationFactory()
        assert page_of("page=2").paginator.count == total + 1


def _walked(query: str, queryset, per_page: int = 2, cap: int = 5):  # type: ignore[no-untyped-def]
    return paginate_walked(RequestFactory().get(f"/?{query}"), queryset, per_page, cap)


@pytest.mark.parametrize("cap", [5, 50])
def test_a_walked_list_pages_as_a_bounded_one(organisations, cap) -> None:  # type: ignore[no-untyped-def]
    """Count, capping and every page (the last one included, and an out-of-range number)
    are those of ``paginate_bounded`` over the same list."""
    ordered = Organisation.objects.order_by("-name", "pk")
    for query in ("", "page=2", "page=3", "page=4", "page=99", "page=x"):
        walked, bounded = _walked(query, ordered, cap=cap), _page(query, ordered, cap=cap)
        assert walked.number == bounded.number
        assert [o.pk for o in walked.object_list] == [o.pk for o in bounded.object_list]
        assert (walked.paginator.count, walked.paginator.capped) == (
            bounded.paginator.count,
            bounded.paginator.capped,
        )


def test_a_walked_list_finds_its_rows_once_until_the_next_write(family) -> None:  # type: ignore[no-untyped-def]
    """One walk finds the rows for the count and every page; a page then reads its rows
    by primary key, joined; a write finds them again."""
    found = (
        Organisation.objects.filter(parent__isnull=False)
        .select_related("parent")
        .order_by("name", "pk")
    )
    with CaptureQueriesContext(connection) as first:
        page = _walked("", found)
        parents = {row.parent.name for row in page.object_list}
    assert page.paginator.count == 5 and parents == {"Tête"}
    assert len(first.captured_queries) == 2  # the ids, then the page's rows
    with CaptureQueriesContext(connection) as second:
        page = _walked("page=2", found)
        names = [row.name for row in page.object_list]
    assert names == ["Branche 2", "Branche 3"]
    assert len(second.captured_queries) == 1
    assert (
        "IN (" in second.captured_queries[0]["sql"] or "ANY(" in second.captured_queries[0]["sql"]
    )
    OrganisationFactory(name="Branche 0 bis", parent=family[0])
    assert [row.name for row in _walked("", found).object_list] == ["Branche 0", "Branche 0 bis"]


def test_rows_by_ids_reads_a_queryset_with_computed_columns_as_it_is(family) -> None:  # type: ignore[no-untyped-def]
    annotated = Organisation.objects.annotate(shout=Upper("name")).order_by("name")
    ids = [family[3].pk, family[1].pk]
    rows = rows_by_ids(annotated, ids)
    assert [row.pk for row in rows] == ids
    assert rows[0].shout == family[3].name.upper()
    assert rows_by_ids(annotated, []) == []
