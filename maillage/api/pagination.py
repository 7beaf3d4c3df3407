"""Page-number pagination for every list of the API: ``?page=2&page_size=100``.

Bounds on both numbers keep an absurd page from turning into an SQL offset the database
cannot represent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 100_000
MAX_PAGE_SIZE = 200


class Pagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Numéro de la page, à partir de 1")
        page_size: int | None = Field(
            None,
            ge=1,
            le=MAX_PAGE_SIZE,
            description="Nombre d’éléments par page (par défaut API_PAGE_SIZE, 50)",
        )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=settings.API_PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)
