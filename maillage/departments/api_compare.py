"""The comparison of a Département's communes in the API
(``GET /api/v1/departments/{slug}/comparisons?indicator=&year=``): the same figures, under
the same access rules and statistical secrecy, as the page and its export."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from maillage.api.auth import READ_AUTH
from maillage.api.schemas import READ_ERRORS
from maillage.core.http_api import require_api
from maillage.departments import selectors_compare as compare_selectors
from maillage.observatory.figures import Figure
from maillage.territories.selectors import territory_or_404

router = Router(tags=["Département"])


class CompareFigureOut(Schema):
    value: float | None = Field(None, description="Vide quand la valeur est secrète ou manquante.")
    status: str = Field(..., description="ok, secret ou missing.")
    reason: str = Field(..., description="Pourquoi la valeur n’est pas donnée, vide sinon.")
    source: str
    vintage: str


class CompareCommuneOut(Schema):
    code: str
    name: str
    rank: int | None = Field(None, description="Rang par valeur décroissante, vide sans valeur.")
    highlighted: bool
    similar_size: bool
    figure: CompareFigureOut | None


class ComparisonOut(Schema):
    indicator: str
    name: str
    unit: str
    year: int | None
    years: list[int]
    department: CompareFigureOut | None
    communes: list[CompareCommuneOut]


class ComparisonFilters(Schema):
    indicator: str = Field("taux-pauvrete", max_length=40)
    year: int | None = Field(None, ge=1900, le=2100)
    highlight: str = Field(
        "", max_length=80, description="Slug ou code INSEE de la commune à mettre en évidence."
    )


def _figure(figure: Figure | None) -> dict[str, Any] | None:
    if figure is None:
        return None
    return {
        "value": float(figure.value) if figure.value is not None else None,
        "status": figure.status,
        "reason": str(figure.reason),
        "source": figure.source,
        "vintage": figure.vintage,
    }


@router.get(
    "/departments/{slug}/comparisons",
    response={200: ComparisonOut, **READ_ERRORS},
    auth=READ_AUTH,
    url_name="departments_comparisons",
)
def comparisons(request: HttpRequest, slug: str, filters: Query[ComparisonFilters]) -> Any:
    """An indicator for every commune of the Département, ranked, with the Département's
    value; secret values come as null with status ``secret`` and their reason."""
    if not request.user.is_authenticated:
        raise HttpError(401, "Authentification requise.")
    department = territory_or_404(request.user, slug)
    require_api(request, "compare_communes", department)
    indicator = next(
        (i for i in compare_selectors.comparable_indicators() if i.code == filters.indicator), None
    )
    if indicator is None:
        raise HttpError(422, "Indicateur inconnu ou sans valeur par commune.")
    result = compare_selectors.compare(
        request.user, department, indicator, period=filters.year, highlight=filters.highlight
    )
    return {
        "indicator": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "year": result.period,
        "years": result.periods,
        "department": _figure(result.department),
        "communes": [
            {
                "code": row.commune.code,
                "name": row.commune.name,
                "rank": row.rank,
                "highlighted": row.highlighted,
                "similar_size": row.similar,
                "figure": _figure(row.figure),
            }
            for row in result.rows
        ],
    }
