"""The observatory in the API: the indicator catalogue, datasets' metadata, and figures
under the same secrecy rules as the pages (they come from the same selectors)."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from maillage.api.auth import READ_AUTH, WRITE_AUTH
from maillage.api.pagination import paginated
from maillage.api.schemas import ERRORS, READ_ERRORS
from maillage.core.http_api import require_api
from maillage.observatory import selectors, services
from maillage.observatory.figures import Figure, GeoLevel
from maillage.observatory.models import Dataset, Indicator
from maillage.territories.selectors import territory_or_404

router = Router(tags=["Observatoire"])

LEVEL_PATTERN = "^(" + "|".join(GeoLevel.values) + ")$"


class ObsIndicatorOut(Schema):
    code: str
    name: str
    theme: str
    definition: str
    formula: str
    variables: list[str]
    unit: str
    decimals: int
    source: str
    levels: list[str]
    periodicity: str
    direction: str
    household_income: bool

    @staticmethod
    def resolve_variables(obj: Indicator) -> list[str]:
        return obj.variables()


class ObsDatasetOut(Schema):
    id: int
    title: str
    producer: str
    source: str
    vintage: str
    licence: str
    visibility: str
    value_count: int
    variables: list[str]
    min_count: int
    round_to_5: bool

    @staticmethod
    def resolve_producer(obj: Dataset) -> str:
        return str(obj.producer)

    @staticmethod
    def resolve_variables(obj: Dataset) -> list[str]:
        return [v.code for v in obj.variables.all()]


class ObsFigureOut(Schema):
    indicator: str
    level: str
    geo_code: str
    geo_name: str
    period: int
    value: float | None = Field(None, description="Vide quand la valeur est secrète ou manquante.")
    status: str = Field(..., description="ok, secret ou missing.")
    reason: str
    unit: str
    source: str

    @staticmethod
    def resolve_indicator(obj: Figure) -> str:
        return obj.indicator_code

    @staticmethod
    def resolve_value(obj: Figure) -> float | None:
        return float(obj.value) if obj.value is not None else None


class ObsFigureFilters(Schema):
    level: str = Field(GeoLevel.COMMUNE, pattern=LEVEL_PATTERN)
    period: int | None = Field(None, ge=1900, le=2100)


@router.get(
    "/observatory/indicators",
    response={200: list[ObsIndicatorOut], **READ_ERRORS},
    auth=READ_AUTH,
    url_name="observatory_indicators",
)
@paginated()
def list_indicators(request: HttpRequest) -> Any:
    return selectors.indicators()


@router.get(
    "/territories/{slug}/observatory/datasets",
    response={200: list[ObsDatasetOut], **READ_ERRORS},
    auth=READ_AUTH,
    url_name="observatory_datasets",
)
@paginated()
def list_datasets(request: HttpRequest, slug: str) -> Any:
    territory = territory_or_404(request.user, slug)
    return selectors.dataset_list(request.user, territory).prefetch_related("variables")


@router.get(
    "/territories/{slug}/observatory/indicators/{code}/figures",
    response={200: list[ObsFigureOut], **READ_ERRORS},
    auth=READ_AUTH,
    url_name="observatory_figures",
)
@paginated(page_size=100)
def list_figures(
    request: HttpRequest, slug: str, code: str, filters: Query[ObsFigureFilters]
) -> Any:
    """The indicator's figures in the territory at one level: the territory itself, its
    Département or France, or every IRIS or QPV of it; secret values come as null with
    status ``secret``."""
    territory = territory_or_404(request.user, slug)
    indicator = selectors.indicator_or_404(code)
    return selectors.territory_figures(
        request.user, territory, indicator=indicator, level=filters.level, period=filters.period
    )


# --------------------------------------------------------------------------- ABS report


class ObsReportEditionOut(Schema):
    year: int
    state: str = Field(..., json_schema_extra={"enum": ["pending", "ready", "failed"]})
    generated_at: datetime.datetime | None
    pdf_url: str | None = Field(None, description="Téléchargement du PDF, quand il est prêt")
    docx_url: str | None = Field(None, description="Téléchargement du DOCX, quand il est prêt")

    @staticmethod
    def _url(obj: Any, fmt: str) -> str | None:
        if obj.state != "ready":
            return None
        return reverse("observatory:report_download", args=[obj.territory.slug, obj.year, fmt])

    @staticmethod
    def resolve_pdf_url(obj: Any) -> str | None:
        return ObsReportEditionOut._url(obj, "pdf")

    @staticmethod
    def resolve_docx_url(obj: Any) -> str | None:
        return ObsReportEditionOut._url(obj, "docx")


@router.get(
    "/territories/{slug}/observatory/report/editions",
    response={200: list[ObsReportEditionOut], **ERRORS},
    auth=READ_AUTH,
    url_name="observatory_report_editions",
)
@paginated()
def list_report_editions(request: HttpRequest, slug: str) -> Any:
    """The ABS report's editions, one per year, for the territory's partners."""
    territory = territory_or_404(request.user, slug)
    require_api(request, "view_report", territory)
    return selectors.report_editions(request.user, territory).select_related("territory")


class ObsReportThemeOut(Schema):
    theme: str = Field(..., description="Clé du thème (demography, families, income…)")
    label: str
    indicators: list[str] = Field(..., description="Codes des indicateurs retenus du thème")
    text: str = Field(..., description="Analyse rédigée par la coordination, vide sinon")


class ObsReportThemeIn(Schema):
    text: str = Field(..., max_length=50_000, description="Vide : l’analyse est retirée")


def _theme_out(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "theme": entry["theme"],
        "label": str(entry["label"]),
        "indicators": [indicator.code for indicator in entry["indicators"]],
        "text": entry["text"].text if entry["text"] else "",
    }


@router.get(
    "/territories/{slug}/observatory/report/themes",
    response={200: list[ObsReportThemeOut], **ERRORS},
    auth=READ_AUTH,
    url_name="observatory_report_themes",
)
@paginated()
def list_report_themes(request: HttpRequest, slug: str) -> Any:
    """The themes of the report's chosen indicators with the coordinators' analysis."""
    territory = territory_or_404(request.user, slug)
    require_api(request, "view_report", territory)
    config = selectors.report_config(territory)
    return [_theme_out(entry) for entry in selectors.report_themes(request.user, config)]


@router.put(
    "/territories/{slug}/observatory/report/themes/{theme}",
    response={200: ObsReportThemeOut, **ERRORS},
    auth=WRITE_AUTH,
    url_name="observatory_report_theme_put",
)
def put_report_theme(request: HttpRequest, slug: str, theme: str, payload: ObsReportThemeIn) -> Any:
    """Write (or, with an empty text, remove) the analysis of one theme of the report."""
    territory = territory_or_404(request.user, slug)
    require_api(request, "manage_report", territory)
    services.set_report_theme_text(
        actor=request.user, territory=territory, theme=theme, text=payload.text
    )
    config = selectors.report_config(territory)
    entry = next(e for e in selectors.report_themes(request.user, config) if e["theme"] == theme)
    return Status(200, _theme_out(entry))
