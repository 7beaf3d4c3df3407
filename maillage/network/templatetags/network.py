from typing import Any

from django import template

from maillage.network import hours, vocab
from maillage.network.models import Freshness

register = template.Library()

BADGES: dict[str, str] = {
    Freshness.FRESH: "fr-badge--success",
    Freshness.ADVISED: "fr-badge--warning",
    Freshness.REQUIRED: "fr-badge--error",
}


@register.filter
def freshness(day: Any, rules: Any) -> str:
    return rules.freshness(day) if rules is not None else Freshness.FRESH


@register.filter
def freshness_label(status: str) -> str:
    return str(Freshness(status).label) if status in Freshness.values else ""


@register.filter
def freshness_badge(status: str) -> str:
    return BADGES.get(status, "")


@register.filter
def topic(value: str) -> str:
    return vocab.topic_full_label(value) if value else ""


@register.filter
def category_label(value: str) -> str:
    return vocab.label(vocab.Categorie, value)


@register.filter
def opening_hours(value: str) -> str:
    """``{{ service.horaires_accueil|opening_hours }}``: the OpenStreetMap hours in French."""
    return hours.describe(value)
