from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property


def paginate(request: HttpRequest, queryset: QuerySet | list[Any], per_page: int = 25) -> Page:
    """The requested page, or the nearest valid one for an out-of-range or bad number."""
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def querystring_without(request: HttpRequest, *keys: str) -> str:
    params = request.GET.copy()
    for key in keys:
        params.pop(key, None)
    return params.urlencode()


# Lists that grow without limit (a register of 50,000 decisions) count at most this many
# rows: past it the page says "plus de 1 000" and the reader narrows with the filters.
COUNT_CAP = 1000


class BoundedPaginator(Paginator):
    """A paginator whose count stops at ``cap``: counting reads at most ``cap + 1`` rows
    (``SELECT COUNT(*) FROM (… LIMIT cap + 1)``) and no page lies deeper than ``cap``
    rows, so neither the count nor the OFFSET grows with the table."""

    def __init__(self, object_list: Any, per_page: int, cap: int = COUNT_CAP) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def seen(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return self.object_list[: self.cap + 1].count()
        return min(len(self.object_list), self.cap + 1)

    @cached_property
    def count(self) -> int:
        return min(self.seen, self.cap)

    @property
    def capped(self) -> bool:
        """More rows match than are counted and listed."""
        return self.seen > self.cap


def paginate_bounded(
    request: HttpRequest, queryset: QuerySet | list[Any], per_page: int = 25, cap: int = COUNT_CAP
) -> Page:
    """Like ``paginate``, over the first ``cap`` rows only (``BoundedPaginator``)."""
    return BoundedPaginator(queryset, per_page, cap).get_page(request.GET.get("page"))
