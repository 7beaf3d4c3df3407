"""French number formatting shared by pages, charts, maps and reports."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

NARROW_NBSP = "\u202f"


def format_number(value: Decimal, *, decimals: int = 1) -> str:
    quantum = Decimal(1).scaleb(-decimals) if decimals > 0 else Decimal(1)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = NARROW_NBSP.join(groups)
    if decimals > 0:
        text += "," + fraction.ljust(decimals, "0")[:decimals]
    return sign + text


def format_value(value: Decimal, *, unit: str, decimals: int = 1) -> str:
    number = format_number(value, decimals=decimals)
    if not unit:
        return number
    return f"{number}{NARROW_NBSP}{unit}"
