"""Small presentation helpers for the programme's templates."""

from decimal import Decimal
from typing import Any

from django import template
from django.template.defaultfilters import date as date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from maillage.core.i18n import FixedTexts
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


ROW_TEXTS = FixedTexts(
    late=_("En retard"),
    late_milestone=_("Jalon en retard"),
    not_measured=_("non mesuré"),
    axis=_("Axe %(n)s"),
    no_axis=_("hors axe"),
)


def _progress_cell(value: Any, texts: dict[str, str]) -> SafeString:
    """As ``programme/includes_progress.html``: a bar and its percentage, or "non mesuré"."""
    if value is None:
        return format_html('<span class="maillage-muted">{}</span>', texts["not_measured"])
    return format_html(
        '<span class="programme-progress"><progress max="100" value="{}" aria-hidden="true">'
        "</progress><span>{}</span></span>",
        format(float(value), ".1f"),  # as the template's stringformat:".1f"
        percent(value),
    )


@register.simple_tag
def action_row(action: Any) -> SafeString:
    """One row of the actions list: code, title linked to the fiche, state with its late
    badges, progress, period, axis and objective, pilots. Written in Python rather than in
    the template (docs/architecture.md, « Rows written in Python »): the list shows 25
    rows, at about a millisecond each through three includes and a ``blocktranslate``."""
    texts = ROW_TEXTS()
    state = format_html(
        '<p class="fr-badge fr-badge--sm {}">{}</p>',
        status_badge(action.status),
        action.get_status_display(),
    )
    if action.is_late:
        state = format_html(
            '{} <span class="fr-badge fr-badge--sm fr-badge--error">{}</span>',
            state,
            texts["late"],
        )
    if action.has_late_milestone:
        state = format_html(
            '{} <span class="fr-badge fr-badge--sm fr-badge--warning">{}</span>',
            state,
            texts["late_milestone"],
        )
    period = date_format(action.starts_on, "m/Y") if action.starts_on else ""
    if action.ends_on:
        period = f"{period} → {date_format(action.ends_on, 'm/Y')}"
    if action.objective:
        axis = format_html(
            "{} — {}", texts["axis"] % {"n": action.objective.axis.number}, action.objective.code
        )
    else:
        axis = format_html('<span class="maillage-muted">{}</span>', texts["no_axis"])
    return format_html(
        '<tr><td class="programme-nowrap">{}</td><td><a href="{}">{}</a></td><td>{}</td>'
        '<td>{}</td><td class="programme-nowrap">{}</td><td>{}</td><td>{}</td></tr>',
        action.code,
        action.get_absolute_url(),
        action.title,
        state,
        _progress_cell(action.progress, texts),
        period,
        axis,
        ", ".join(pilot.name for pilot in action.pilots.all()),
    )
