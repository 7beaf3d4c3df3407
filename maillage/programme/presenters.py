"""What the action page shows of each indicator, built from prefetched rows and the
series of ``selectors.indicator_series`` (no query): the chart and its table, read from
the last measurement of each month, and the year-by-year comparison with the targets.
The full history is on the indicator's own paginated page."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from maillage.programme import charts, progress
from maillage.programme.models import Indicator, IndicatorTarget
from maillage.programme.selectors import IndicatorSeries, MonthlyMeasurement


@dataclass
class YearRow:
    year: int
    target: Decimal | None
    value: Decimal | None
    reached: bool | None


@dataclass
class IndicatorView:
    indicator: Indicator
    chart: SafeString
    measurements: list[MonthlyMeasurement]
    targets: list[IndicatorTarget]
    years: list[YearRow]
    table: SafeString
    count: int = 0

    @property
    def progress(self) -> Decimal | None:
        return self.indicator.progress


def indicator_views(
    indicators: list[Indicator], series: dict[int, IndicatorSeries]
) -> list[IndicatorView]:
    """The view of each indicator, from ``selectors.indicator_series(action)``."""
    return [indicator_view(i, series.get(i.pk) or IndicatorSeries()) for i in indicators]


def indicator_view(indicator: Indicator, series: IndicatorSeries) -> IndicatorView:
    # The last measurement of each month, oldest first: the last of a year is among them.
    measurements = series.monthly
    targets = sorted(indicator.yearly_targets.all(), key=lambda t: t.year)
    baseline = (
        (indicator.baseline_on, indicator.baseline_value)
        if indicator.baseline_on and indicator.baseline_value is not None
        else None
    )
    chart = charts.render(
        chart_id=f"chart-{indicator.pk}",
        name=indicator.name,
        unit=indicator.unit,
        measurements=[(m.measured_on, m.value) for m in measurements],
        targets=[(t.year, t.value) for t in targets],
        baseline=baseline,
    )
    by_target = {t.year: t.value for t in targets}
    last_of_year: dict[int, Decimal] = {}
    for m in measurements:
        last_of_year[m.measured_on.year] = m.value
    years = []
    for year in sorted(set(by_target) | set(last_of_year)):
        target = progress.target_for_year(by_target, year) if by_target else None
        value = last_of_year.get(year)
        reached = None
        if target is not None and value is not None and year in by_target:
            up = indicator.direction == Indicator.Direction.UP
            reached = value >= target if up else value <= target
        years.append(YearRow(year, by_target.get(year), value, reached))
    table = charts.data_table(
        table_id=f"measurements-{indicator.pk}",
        caption=_("Dernière mesure de chaque mois de « %s »") % indicator.name,
        unit=indicator.unit,
        rows=[(m.measured_on, m.value, m.source, m.comment) for m in measurements],
    )
    return IndicatorView(indicator, chart, measurements, targets, years, table, series.count)
