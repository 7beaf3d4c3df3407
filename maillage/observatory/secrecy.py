"""Statistical secrecy, applied to raw cells before any indicator is computed.

The rules (docs/observatory.md):

1. a count strictly between 0 and the dataset's ``min_count`` is secret (primary);
2. a household-income value is secret where the area has fewer than
   ``income_min_households`` fiscal households, or where that number is unknown;
3. secondary suppression: in a group of sibling areas (the IRIS of one commune, the
   communes of one département) where exactly one count is secret, the next smallest is
   hidden too, so the secret one cannot be recomputed from the parent's total;
4. with ``round_to_5``, the counts left are rounded to the nearest 5;
5. a cell the source itself marked ``s`` stays secret.

A figure computed from a secret cell is secret (``selectors``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from maillage.observatory.figures import FigureStatus, GeoLevel
from maillage.observatory.models import Missing

FIVE = Decimal(5)


@dataclass
class Cell:
    """One value of one dataset as a reader will receive it."""

    variable: str
    level: str
    geo_code: str
    period: int
    value: Decimal | None
    missing: str  # a Missing value, "" when there is a value
    status: str = FigureStatus.OK
    source: str = ""  # the dataset's source and vintage, for the figure's source line
    vintage: str = ""

    def __post_init__(self) -> None:
        if self.value is None:
            self.status = (
                FigureStatus.SECRET if self.missing == Missing.SECRET else FigureStatus.MISSING
            )


@dataclass(frozen=True)
class Rules:
    min_count: int
    income_min_households: int
    household_count_variable: str
    round_to_5: bool
    count_variables: frozenset[str]
    income_variables: frozenset[str]


def parent_code(level: str, code: str) -> str | None:
    """The area whose total a sibling group adds up to."""
    if level == GeoLevel.IRIS:
        return code[:5]
    if level == GeoLevel.COMMUNE:
        return code[:3] if code.startswith("97") else code[:2]
    return None


def apply(cells: list[Cell], rules: Rules) -> None:
    """Apply the rules in place to the cells of one dataset."""
    households: dict[tuple[str, str, int], Decimal | None] = {}
    for cell in cells:
        if cell.variable == rules.household_count_variable:
            households[(cell.level, cell.geo_code, cell.period)] = cell.value

    groups: dict[tuple[str, str, int, str | None], list[Cell]] = defaultdict(list)
    for cell in cells:
        if cell.status != FigureStatus.OK or cell.value is None:
            continue
        if cell.variable in rules.count_variables:
            if 0 < cell.value < rules.min_count:
                _hide(cell)
            groups[
                (cell.variable, cell.level, cell.period, parent_code(cell.level, cell.geo_code))
            ].append(cell)
        if cell.variable in rules.income_variables:
            count = households.get((cell.level, cell.geo_code, cell.period))
            if count is None or count < rules.income_min_households:
                _hide(cell)

    for (_variable, _level, _period, parent), members in groups.items():
        if parent is None or len(members) < 2:
            continue
        secret = [c for c in members if c.status == FigureStatus.SECRET]
        if len(secret) == 1:
            shown = sorted(
                (c for c in members if c.status == FigureStatus.OK and c.value),
                key=lambda c: (c.value, c.geo_code),
            )
            if shown:
                _hide(shown[0])

    if rules.round_to_5:
        for cell in cells:
            if (
                cell.variable in rules.count_variables
                and cell.status == FigureStatus.OK
                and cell.value is not None
            ):
                cell.value = (cell.value / FIVE).quantize(Decimal(1), rounding=ROUND_HALF_UP) * FIVE


def _hide(cell: Cell) -> None:
    cell.value = None
    cell.status = FigureStatus.SECRET
