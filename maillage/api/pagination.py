"""Page-number pagination for every list of the API: ``?page=2&page_size=100``, answered as
``{"items": [...], "count": <total>}``.

Both numbers are bounded, and a number beyond its bound is refused (422, in the API's
French error shape) rather than clamped: an absurd page would otherwise become an SQL
offset the database cannot represent (a 500), and a silently shortened page misleads the
caller. ``tests/api/test_pagination.py`` walks every list of the OpenAPI document to hold
each one to these rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination, paginate

from maillage.core import write_generation

MAX_PAGE = 100_000
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class Rows:
    """A queryset whose rows the list turns into answers one by one (the data·inclusion
    feeds build each item in Python): only the requested page is converted."""

    queryset: Any
    convert: Callable[[Any], Any]


@cache
def page_input(default: int, maximum: int) -> type[Schema]:
    """The query parameters of a list whose page holds ``default`` items unless the caller
    asks for up to ``maximum``; one class per pair, named apart for the OpenAPI document."""
    standard = (default, maximum) == (settings.API_PAGE_SIZE, MAX_PAGE_SIZE)
    name = "PageInput" if standard else f"PageInput{default}To{maximum}"
    return type(
        name,
        (Schema,),
        {
            "__module__": __name__,
            "__annotations__": {"page": int, "page_size": int},
            "page": Field(
                1, ge=1, le=MAX_PAGE, description=f"Numéro de la page, de 1 à {MAX_PAGE}"
            ),
            "page_size": Field(
                default,
                ge=1,
                le=maximum,
                description=f"Nombre d’éléments par page, de 1 à {maximum}",
            ),
        },
    )


class Pagination(PageNumberPagination):
    Input = page_input(settings.API_PAGE_SIZE, MAX_PAGE_SIZE)  # type: ignore[assignment]

    def __init__(
        self, *, page_size: int | None = None, max_page_size: int = MAX_PAGE_SIZE, **kwargs: Any
    ) -> None:
        page_size = page_size or settings.API_PAGE_SIZE
        super().__init__(page_size=page_size, max_page_size=max_page_size, **kwargs)
        # Ninja reads the query parameters from the instance: each list its own bounds.
        self.Input = page_input(page_size, max_page_size)

    def _items_count(self, queryset: Any) -> int:
        """The total of the answer's ``count``, kept until the next write (a list read again
        by every client of a feed counted its whole table each time)."""
        if isinstance(queryset, QuerySet):
            return write_generation.kept_count(queryset)
        return int(super()._items_count(queryset))

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        convert = None
        if isinstance(queryset, Rows):
            queryset, convert = queryset.queryset, queryset.convert
        result = super().paginate_queryset(queryset, pagination, request, **params)
        if convert is not None:
            items: Iterable[Any] = result[self.items_attribute]
            result[self.items_attribute] = [convert(item) for item in items]
        return result


def paginated(**params: Any) -> Callable[[Callable[..., Any]], Any]:
    """``@paginated()`` under the route decorator: the one way a list is paginated
    (``page_size=`` sets the default page, ``max_page_size=`` its bound)."""
    return paginate(Pagination, **params)
