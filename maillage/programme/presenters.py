"""What the action page shows of each indicator, built from prefetched rows (no query):
the chart, the measurements table and the year-by-year comparison with the targets."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from maillage.programme import charts, progress
from maillage.programme.models import Indicator, IndicatorTarget, Measurement


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
    measurements: list[Measurement]
    targets: list[IndicatorTarget]
    years: list[YearRow]
    table: SafeString

    @property
    def progress(self) -> Decimal | None:
        return self.indicator.progress


def indicator_view(indicator: Indicator) -> IndicatorView:
    measurements = sorted(indicator.measurements.all(), key=lambda m: (m.measured_on, m.pk))
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
        caption=_("Mesures de « %s »") % indicator.name,
        unit=indicator.unit,
        rows=[(m.measured_on, m.value, m.source, m.comment) for m in measurements],
    )
    return IndicatorView(indicator, chart, measurements, targets, years, table)
