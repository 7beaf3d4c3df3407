"""Statistical secrecy, applied to raw cells before any indicator is computed.

The rules (docs/observatory.md):

1. a count strictly between 0 and the dataset's ``min_count`` is secret (primary);
2. a household-income value is secret where the area has fewer than
   ``income_min_households`` fiscal households, or where that number is unknown;
3. secondary suppression: in a group of sibling areas (the IRIS of one commune, the
   communes of one département) where exactly one count is secret, the next smallest is
   hidden too, so the secret one cannot be recomputed from the parent's total; across
   levels (``complementary``, ``protect_total``), wherever a view puts sibling areas
   beside their parent's total (the comparison of a département's communes), at least
   two hidden cells known to be non-zero, or the total hidden: the total minus the
   others never equals one hidden value;
4. with ``round_to_5``, the counts left are rounded to the nearest 5;
5. a cell the source itself marked ``s`` stays secret.

A figure computed from a secret cell is secret (``selectors``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
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
    # Why the rules hid it (a Why value), and whether it held a non-zero value: a hidden
    # zero protects nothing when the others are subtracted from a total.
    why: str = ""
    hid_nonzero: bool = False

    def __post_init__(self) -> None:
        if self.value is None:
            self.status = (
                FigureStatus.SECRET if self.missing == Missing.SECRET else FigureStatus.MISSING
            )
            if self.status == FigureStatus.SECRET:
                self.why = Why.SOURCE


class Why:
    """Why a cell is secret, for the reason a reader is given."""

    SOURCE = "source"  # marked ``s`` in the file
    SMALL_COUNT = "small_count"  # primary: 0 < count < min_count
    FEW_HOUSEHOLDS = "few_households"  # primary: household income on too few households
    COMPLEMENT = "complement"  # secondary: hidden so that another cannot be recomputed
    WITHHELD = "withheld"  # a commune that does not share its figures


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
                _hide(cell, Why.SMALL_COUNT)
            groups[
                (cell.variable, cell.level, cell.period, parent_code(cell.level, cell.geo_code))
            ].append(cell)
        if cell.variable in rules.income_variables:
            count = households.get((cell.level, cell.geo_code, cell.period))
            if count is None or count < rules.income_min_households:
                _hide(cell, Why.FEW_HOUSEHOLDS)

    for (_variable, _level, _period, parent), members in groups.items():
        if parent is None or len(members) < 2:
            continue
        secret = [c for c in members if c.status == FigureStatus.SECRET]
        shown = {c.geo_code: c for c in members if c.status == FigureStatus.OK and c.value}
        more, _total = complementary(
            {code: c.value for code, c in shown.items() if c.value is not None},
            hidden=len(secret),
            hidden_nonzero=sum(1 for c in secret if c.hid_nonzero),
        )
        # The parent's total is not in the dataset's group: views that show it beside its
        # children protect it themselves (``protect_total``).
        for code in more:
            _hide(shown[code], Why.COMPLEMENT)

    if rules.round_to_5:
        for cell in cells:
            if (
                cell.variable in rules.count_variables
                and cell.status == FigureStatus.OK
                and cell.value is not None
            ):
                cell.value = (cell.value / FIVE).quantize(Decimal(1), rounding=ROUND_HALF_UP) * FIVE


def _hide(cell: Cell, why: str) -> None:
    cell.hid_nonzero = cell.value is not None and cell.value != 0
    cell.value = None
    cell.status = FigureStatus.SECRET
    cell.why = why


# --------------------------------------------------------------------------- across levels


def complementary(
    shown: Mapping[str, Decimal], *, hidden: int, hidden_nonzero: int
) -> tuple[list[str], bool]:
    """Complementary suppression for one additive variable (a count, never negative) in a
    group of sibling areas that add up to their parent's total.

    ``shown`` are the values the reader would see, by code; ``hidden`` is how many siblings
    are already hidden, ``hidden_nonzero`` how many of those are known to hold a non-zero
    value (a withheld or source-secret cell is unknown: it may be zero). The total minus
    the shown siblings is the sum of the hidden ones; it equals none of them only when at
    least two hidden values are non-zero. Returns the codes to hide too (the smallest
    non-zero values, so as to lose the least) and, when not enough of them are left,
    ``True``: the total itself must be hidden."""
    if hidden <= 0:
        return [], False
    needed = max(0, 2 - hidden_nonzero)
    if not needed:
        return [], False
    candidates = sorted((value, code) for code, value in shown.items() if value > 0)
    if len(candidates) < needed:
        return [], True
    return [code for _value, code in candidates[:needed]], False


def protect_total(
    children: Sequence[Cell | None], total: Cell | None, *, withheld: int = 0
) -> None:
    """Cross-level secondary suppression, in place, for one additive variable and period:
    ``children`` are the cells of the sibling areas a view shows beside ``total``, their
    parent's cell (``None`` where absent); ``withheld`` counts siblings the view leaves out
    without reading them (their value unknown, maybe zero). Hides the complements that
    ``complementary`` names, or the total."""
    if total is None or total.status != FigureStatus.OK or total.value is None:
        return
    present = [c for c in children if c is not None]
    secret = [c for c in present if c.status == FigureStatus.SECRET]
    shown = {c.geo_code: c for c in present if c.status == FigureStatus.OK and c.value is not None}
    more, hide_total = complementary(
        {code: c.value for code, c in shown.items() if c.value is not None},
        hidden=len(secret) + withheld,
        hidden_nonzero=sum(1 for c in secret if c.hid_nonzero),
    )
    for code in more:
        _hide(shown[code], Why.COMPLEMENT)
    if hide_total:
        _hide(total, Why.COMPLEMENT)
