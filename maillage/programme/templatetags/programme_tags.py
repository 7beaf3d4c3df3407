"""Small presentation helpers for the programme's templates."""

from decimal import Decimal
from typing import Any

from django import template

from maillage.programme.charts import grouped_number

register = template.Library()

STATUS_BADGES = {
    "idea": "",
    "construction": "fr-badge--new",
    "ongoing": "fr-badge--info",
    "done": "fr-badge--success",
    "suspended": "fr-badge--warning",
    "abandoned": "fr-badge--error",
}


@register.filter
def status_badge(status: str) -> str:
    """The DSFR badge class for an action's status."""
    return STATUS_BADGES.get(str(status), "")


@register.filter
def count_status(summary: Any, status: str) -> int:
    """An axis summary's number of fiches in one status (selectors.AxisSummary)."""
    return int(summary.count(status))


@register.filter
def count_early(summary: Any) -> int:
    """An axis summary's fiches still being prepared: ideas and fiches in construction."""
    return int(summary.count("idea") + summary.count("construction"))


@register.filter
def fr_number(value: Any) -> str:
    """1234.50 → "1 234,5": a number written the French way, for reading."""
    if value is None or value == "":
        return ""
    return grouped_number(Decimal(str(value)))


@register.filter
def percent(value: Any) -> str:
    if value is None:
        return ""
    return f"{fr_number(Decimal(str(value)).quantize(Decimal('1')))} %"


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key, 0)
    except AttributeError:
        return None


@register.filter
def is_late(milestone: Any, today: Any) -> bool:
    return bool(milestone.is_late(today))
