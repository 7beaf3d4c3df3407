"""The veille's aggregates in the API: open signals by place (fewer than 3 masked) and
the monthly trend by thématique, read for the caller like the pages (``reports``). No
free text of a signal is in them. Mounted by ``watch/api.py``."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from maillage.api.auth import READ_AUTH
from maillage.api.schemas import READ_ERRORS
from maillage.core.http_api import require_api
from maillage.territories.selectors import territory_or_404
from maillage.watch import reports

router = Router(tags=["Veille"])

PREFIX = "/territories/{slug}/watch"


class MapQuery(Schema):
    level: Literal["quartier", "iris", "qpv"] | None = None


class MapAreaOut(Schema):
    code: str
    name: str
    open_signals: int | None  # None when fewer than 3 (masked)
    below_threshold: bool


class SignalMapOut(Schema):
    level: str
    threshold: int
    areas: list[MapAreaOut]
    whole_territory_open_signals: int | None
    whole_territory_below_threshold: bool


class TrendSeriesOut(Schema):
    topic: str
    label: str
    counts: list[int]


class TrendOut(Schema):
    months: list[datetime.date]
    series: list[TrendSeriesOut]
    totals: list[int]


def _masked(count: int) -> tuple[int | None, bool]:
    below = count < reports.THRESHOLD
    return (None if below else count), below


@router.get(PREFIX + "/map", response={200: SignalMapOut, **READ_ERRORS}, auth=READ_AUTH)
def signal_map(request: HttpRequest, slug: str, query: Query[MapQuery]) -> Any:
    """Open signals by quartier, IRIS or QPV that the caller may see; an area with fewer
    than 3 has ``open_signals: null`` and ``below_threshold: true``."""
    territory = territory_or_404(request.user, slug)
    require_api(request, "use_watch", territory)
    counts = reports.open_counts_by_place(request.user, territory)
    result = reports.signal_map(request.user, territory, query.level, counts=counts)
    areas = []
    for row in result.choropleth.rows:
        value, below = _masked(counts.get((result.level, row.code), 0))
        areas.append(
            {"code": row.code, "name": row.name, "open_signals": value, "below_threshold": below}
        )
    whole, whole_below = _masked(counts.get((None, ""), 0))
    return {
        "level": result.level,
        "threshold": reports.THRESHOLD,
        "areas": areas,
        "whole_territory_open_signals": whole,
        "whole_territory_below_threshold": whole_below,
    }


@router.get(PREFIX + "/trend", response={200: TrendOut, **READ_ERRORS}, auth=READ_AUTH)
def signal_trend(request: HttpRequest, slug: str) -> Any:
    """Signals reported each month by thématique over the last 12 months, among those the
    caller may see."""
    territory = territory_or_404(request.user, slug)
    require_api(request, "use_watch", territory)
    trend = reports.monthly_trend(request.user, territory)
    return {
        "months": trend.months,
        "series": [
            {"topic": s.thematique, "label": s.label, "counts": s.counts} for s in trend.series
        ],
        "totals": trend.totals,
    }
