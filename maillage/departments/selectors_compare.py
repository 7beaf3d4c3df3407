"""Comparing the communes of a Département (docs/departments.md, "Comparer les communes").

The communes are the département's commune-level GeoUnits and the commune territories
below it. Their figures come from the département's own datasets and from each commune's
datasets, for that commune only, where the commune shares its observatory at least as
aggregates (core/sharing.py); a commune that shares nothing is never read and shows as
withheld. Which datasets a reader reads is the access engine's business, and statistical
secrecy, within each dataset and across the levels (the département's total minus the
other communes), the observatory's (``observatory.selectors.sibling_figures``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from maillage.core import access
from maillage.core.sharing import Level, level_of
from maillage.departments.access import own_communes
from maillage.observatory import selectors as observatory
from maillage.observatory.figures import Figure, FigureStatus, GeoLevel
from maillage.observatory.models import Indicator
from maillage.observatory.svgmap import Area
from maillage.territories.models import GeoUnit, Territory

POPULATION = "population"
# "Communes de taille comparable": a population within this share of the highlighted
# commune's, both read for the same year (or each one's latest).
SIMILAR_SHARE = Decimal("0.30")


@dataclass
class Commune:
    code: str
    name: str
    territory: Territory | None = None
    geometry: dict[str, Any] | None = None

    @property
    def slug(self) -> str:
        return self.territory.slug if self.territory is not None else self.code

    @property
    def withheld(self) -> bool:
        return self.territory is not None and (
            level_of(self.territory, "observatory") == Level.NONE
        )


@dataclass
class Row:
    commune: Commune
    figure: Figure | None
    rank: int | None = None
    highlighted: bool = False
    similar: bool = False


@dataclass
class Comparison:
    indicator: Indicator
    period: int | None
    periods: list[int]
    rows: list[Row]
    department: Figure | None
    highlighted: Row | None = None
    population: Figure | None = None  # the highlighted commune's, for the size rule
    similar: list[Row] = field(default_factory=list)

    @property
    def ranked_count(self) -> int:
        return sum(1 for r in self.rows if r.rank is not None)

    @property
    def sources(self) -> list[str]:
        lines: list[str] = []
        for figure in [*(r.figure for r in self.rows), self.department]:
            if figure is not None and figure.source:
                line = f"{figure.source}, {figure.vintage}"
                if line not in lines:
                    lines.append(line)
        return lines

    def areas(self) -> list[Area]:
        return [Area(r.commune.code, r.commune.name, r.commune.geometry) for r in self.rows]

    def figures(self) -> list[Figure]:
        return [r.figure for r in self.rows if r.figure is not None]


def comparable_indicators() -> list[Indicator]:
    """The catalogue's indicators that have values per commune."""
    return [
        indicator
        for indicator in Indicator.objects.order_by("theme", "sort_order", "code")
        if GeoLevel.COMMUNE in (indicator.levels or [])
    ]


def communes(department: Territory) -> list[Commune]:
    """The communes of ``department``, by name: its commune-level GeoUnits and the commune
    territories below it (directly or through an EPCI), with their contours. Two queries."""
    territories = list(
        Territory.objects.filter(kind=Territory.Kind.COMMUNE)
        .filter(Q(parent=department) | Q(parent__parent=department))
        .only("pk", "name", "slug", "insee_code", "department_sharing", "parent_id")
    )
    by_code = {t.insee_code: Commune(t.insee_code, t.name, t) for t in territories}
    owners = [department.pk, *(t.pk for t in territories)]
    for unit in GeoUnit.objects.filter(territory_id__in=owners, kind=GeoUnit.Kind.COMMUNE).only(
        "territory_id", "code", "name", "geometry"
    ):
        commune = by_code.get(unit.code)
        if commune is None:
            if unit.territory_id != department.pk:
                continue  # a commune's unit for a code outside the département's list
            by_code[unit.code] = commune = Commune(unit.code, unit.name)
        if commune.geometry is None and unit.geometry:
            commune.geometry = unit.geometry
    return sorted(by_code.values(), key=lambda c: (c.name, c.code))


def siblings(department: Territory, found: list[Commune]) -> observatory.Siblings:
    sources: dict[int, frozenset[str] | None] = {department.pk: None}
    for commune in found:
        if commune.territory is not None and not commune.withheld:
            sources[commune.territory.pk] = frozenset({commune.code})
    return observatory.Siblings(
        parent=(GeoLevel.DEPARTEMENT, department.insee_code),
        children=tuple((GeoLevel.COMMUNE, c.code) for c in found),
        sources=sources,
        withheld=frozenset(c.code for c in found if c.withheld),
    )


def default_commune(user: Any, department: Territory, found: list[Commune]) -> str:
    """The reader's own commune in the département (the first, by name), or ""."""
    mine = own_communes(access.actor_for(user), department)
    codes = {c.code for c in found}
    return next((t.insee_code for t in mine if t.insee_code in codes), "")


def find_commune(found: list[Commune], key: str) -> Commune | None:
    """A commune by its territory's slug or its INSEE code."""
    return next((c for c in found if key and key in (c.slug, c.code)), None)


def compare(
    user: Any,
    department: Territory,
    indicator: Indicator,
    *,
    period: int | None = None,
    highlight: str = "",
) -> Comparison:
    """The comparison of ``indicator`` across the communes of ``department`` for one
    year (the latest with figures when ``period`` is None or has none), ranked by value,
    the ``highlight`` commune (slug or code) marked with the communes of comparable size.
    A constant number of queries, whatever the number of communes."""
    found = communes(department)
    population = Indicator.objects.filter(code=POPULATION).first()
    wanted = (
        [indicator] if population is None or population == indicator else [indicator, population]
    )
    figures = observatory.sibling_figures(user, siblings(department, found), indicators=wanted)
    mine = [f for f in figures if f.indicator_code == indicator.code]
    periods = sorted({f.period for f in mine if f.status != FigureStatus.MISSING}, reverse=True)
    if period not in periods:
        period = periods[0] if periods else None
    chosen = {(f.level, f.geo_code): f for f in mine if f.period == period}
    rows = [Row(c, chosen.get((GeoLevel.COMMUNE, c.code))) for c in found]
    ranked = sorted(
        (r for r in rows if r.figure is not None and r.figure.shown and r.figure.value is not None),
        key=lambda r: (-(r.figure.value or 0), r.commune.name),  # type: ignore[union-attr]
    )
    for index, row in enumerate(ranked, 1):
        row.rank = index
    others = [r for r in rows if r.rank is None]
    rows = ranked + others
    result = Comparison(
        indicator=indicator,
        period=period,
        periods=periods,
        rows=rows,
        department=chosen.get((GeoLevel.DEPARTEMENT, department.insee_code)),
    )
    target = find_commune(found, highlight)
    if target is None:
        return result
    result.highlighted = next(r for r in rows if r.commune is target)
    result.highlighted.highlighted = True
    sizes = _populations(figures, population, period)
    own = sizes.get(target.code)
    result.population = own
    if own is None or not own.shown or own.value is None or not own.value:
        return result
    low, high = own.value * (1 - SIMILAR_SHARE), own.value * (1 + SIMILAR_SHARE)
    for row in rows:
        size = sizes.get(row.commune.code)
        if row.commune is target or size is None or not size.shown or size.value is None:
            continue
        if low <= size.value <= high:
            row.similar = True
            result.similar.append(row)
    return result


def _populations(
    figures: list[Figure], population: Indicator | None, period: int | None
) -> dict[str, Figure]:
    """Each commune's population: for ``period`` where known, else its latest."""
    if population is None:
        return {}
    best: dict[str, Figure] = {}
    for figure in sorted(
        (f for f in figures if f.indicator_code == population.code and f.level == GeoLevel.COMMUNE),
        key=lambda f: (f.period == period, f.period),
    ):
        best[figure.geo_code] = figure
    return best
