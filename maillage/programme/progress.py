"""How far an indicator, and an action, have gone towards their targets.

An indicator's progress is the share of the way covered from its starting value to its
final target (the target of its last year), by its latest measurement:

    progress = (latest − start) / (target − start), kept between 0 % and 100 %

It works for both directions: when lower is better, target − start is negative and so is
latest − start while things improve. Without a starting value, a "higher is better"
indicator starts from 0; a "lower is better" one cannot be measured and has no progress.
An action's progress is the mean of its indicators' progress."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
ONE_PLACE = Decimal("0.1")


def indicator_progress(
    *,
    direction: str,
    baseline: Decimal | None,
    latest: Decimal | None,
    target: Decimal | None,
) -> Decimal | None:
    if latest is None or target is None:
        return None
    if baseline is None:
        if direction != "up":
            return None
        baseline = Decimal(0)
    span = target - baseline
    if span == 0:
        reached = latest >= target if direction == "up" else latest <= target
        return HUNDRED if reached else Decimal(0)
    if (direction == "up") != (span > 0):
        # The target goes the wrong way for the indicator's direction: progress is
        # meaningless, and the form says so when the target is entered.
        return None
    share = (latest - baseline) / span * HUNDRED
    return min(max(share, Decimal(0)), HUNDRED).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def mean(values: Iterable[Decimal | None]) -> Decimal | None:
    known = [v for v in values if v is not None]
    if not known:
        return None
    return (sum(known, Decimal(0)) / len(known)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def target_for_year(targets: dict[int, Decimal], year: int) -> Decimal | None:
    """The target in force for ``year``: its own, or else the next one ahead, or else the
    last one (the indicator should have reached it by then)."""
    if not targets:
        return None
    if year in targets:
        return targets[year]
    ahead = [y for y in targets if y > year]
    return targets[min(ahead)] if ahead else targets[max(targets)]
