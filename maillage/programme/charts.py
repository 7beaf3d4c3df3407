"""An indicator's chart, drawn on the server as SVG: measurements as a line, the starting
value, and the yearly targets as a dashed line. The page shows the same figures in a table
right under it, and the SVG carries a title and a description for screen readers."""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from maillage.core.i18n import cached_per_language
from maillage.programme.tabular import french_number

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 20, 16, 40
MEASURE_COLOUR = "#000091"
TARGET_COLOUR = "#B34000"
GRID_COLOUR = "#DDDDDD"
TEXT_COLOUR = "#3A3A3A"


@dataclass(frozen=True)
class Point:
    on: datetime.date
    value: Decimal
    label: str


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about ``ticks`` intervals."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _fmt(value: float | Decimal) -> str:
    number = Decimal(str(round(float(value), 2))).normalize()
    return french_number(number)


# A fiche followed for years draws the same charts on each visit until a measurement is
# recorded: each chart and its table are drawn once per process for the same figures
# (hundreds of points, about 3 ms apiece), keyed by every argument and the language.
@cached_per_language(maxsize=512)
def render(
    *,
    chart_id: str,
    name: str,
    unit: str,
    measurements: Sequence[tuple[datetime.date, Decimal]],
    targets: Sequence[tuple[int, Decimal]],
    baseline: tuple[datetime.date, Decimal] | None,
) -> SafeString:
    measures = [Point(on, v, f"{on:%d/%m/%Y} : {_fmt(v)} {unit}") for on, v in measurements]
    goals = [
        Point(
            datetime.date(year, 12, 31),
            v,
            _("Cible %(year)d : %(value)s %(unit)s")
            % {"year": year, "value": _fmt(v), "unit": unit},
        )
        for year, v in targets
    ]
    start = (
        [
            Point(
                baseline[0],
                baseline[1],
                _("Départ le %(on)s : %(value)s %(unit)s")
                % {"on": f"{baseline[0]:%d/%m/%Y}", "value": _fmt(baseline[1]), "unit": unit},
            )
        ]
        if baseline
        else []
    )
    everything = start + measures + goals
    title = _("Évolution de l’indicateur « %s »") % name
    if not everything:
        return mark_safe(
            f'<p class="fr-text--sm maillage-muted">{escape(_("Aucune mesure pour le moment."))}</p>'
        )
    first_day = min(p.on for p in everything)
    last_day = max(p.on for p in everything)
    if (last_day - first_day).days < 60:
        first_day -= datetime.timedelta(days=180)
        last_day += datetime.timedelta(days=180)
    low = min(float(p.value) for p in everything)
    high = max(float(p.value) for p in everything)
    if low >= 0:
        low = 0.0
    if high == low:
        high = low + 1
    step = nice_step(high - low)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step

    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    span_days = (last_day - first_day).days or 1

    def x(on: datetime.date) -> float:
        return LEFT + (on - first_day).days / span_days * plot_w

    def y(value: float | Decimal) -> float:
        return TOP + plot_h - (float(value) - low) / (high - low) * plot_h

    parts: list[str] = []
    # Horizontal grid and value labels.
    tick = low
    while tick <= high + step / 2:
        ty = y(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{ty + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{TEXT_COLOUR}">{escape(_fmt(tick))}</text>'
        )
        tick += step
    # Years along the bottom.
    years = range(first_day.year + (first_day.month > 1 or first_day.day > 1), last_day.year + 1)
    shown = list(years)[:: max(1, math.ceil(len(years) / 8))] if len(years) else []
    for year in shown:
        tx = x(datetime.date(year, 1, 1))
        parts.append(
            f'<line x1="{tx:.1f}" y1="{TOP}" x2="{tx:.1f}" y2="{TOP + plot_h}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{tx:.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" font-size="12" '
            f'fill="{TEXT_COLOUR}">{year}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
        f'stroke="{TEXT_COLOUR}" stroke-width="1"/>'
    )
    # Targets: a dashed line from the start (or the first measure) to each yearly target.
    if goals:
        anchor = start[0] if start else (measures[0] if measures else None)
        path = ([anchor] if anchor else []) + goals
        coords = " ".join(f"{x(p.on):.1f},{y(p.value):.1f}" for p in path)
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{TARGET_COLOUR}" '
            f'stroke-width="2" stroke-dasharray="6 4"/>'
        )
        for p in goals:
            cx, cy = x(p.on), y(p.value)
            parts.append(
                f'<path class="chart-target" d="M{cx:.1f},{cy - 6:.1f} L{cx + 6:.1f},{cy:.1f} '
                f'L{cx:.1f},{cy + 6:.1f} L{cx - 6:.1f},{cy:.1f} Z" fill="{TARGET_COLOUR}">'
                f"<title>{escape(p.label)}</title></path>"
            )
    for p in start:
        cx, cy = x(p.on), y(p.value)
        parts.append(
            f'<rect class="chart-baseline" x="{cx - 5:.1f}" y="{cy - 5:.1f}" width="10" '
            f'height="10" fill="{TEXT_COLOUR}"><title>{escape(p.label)}</title></rect>'
        )
    if measures:
        coords = " ".join(f"{x(p.on):.1f},{y(p.value):.1f}" for p in measures)
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{MEASURE_COLOUR}" stroke-width="3"/>'
        )
        for p in measures:
            parts.append(
                f'<circle class="chart-point" cx="{x(p.on):.1f}" cy="{y(p.value):.1f}" r="5" '
                f'fill="{MEASURE_COLOUR}"><title>{escape(p.label)}</title></circle>'
            )
    description = describe(name, unit, measures, goals, start)
    svg = (
        f'<svg class="maillage-chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="{escape(chart_id)}-title '
        f'{escape(chart_id)}-desc" data-points="{len(measures)}" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>'
        + "".join(parts)
        + "</svg>"
    )
    return mark_safe(svg)


def describe(
    name: str, unit: str, measures: list[Point], goals: list[Point], start: list[Point]
) -> str:
    """One sentence a screen reader says instead of the picture."""
    bits = []
    if start:
        bits.append(start[0].label)
    if measures:
        bits.append(
            _("%(n)d mesure(s) du %(first)s au %(last)s, dernière valeur %(value)s %(unit)s")
            % {
                "n": len(measures),
                "first": f"{measures[0].on:%d/%m/%Y}",
                "last": f"{measures[-1].on:%d/%m/%Y}",
                "value": _fmt(measures[-1].value),
                "unit": unit,
            }
        )
    else:
        bits.append(_("aucune mesure"))
    if goals:
        bits.append(goals[-1].label)
    bits.append(_("le détail figure dans le tableau qui suit"))
    return f"{name} : " + " ; ".join(bits) + "."


@cached_per_language(maxsize=512)
def data_table(
    *,
    table_id: str,
    caption: str,
    unit: str,
    rows: Sequence[tuple[datetime.date, Decimal, str, str]],
) -> SafeString:
    """The chart's figures as a table (date, value, source, comment), built here rather
    than in a template loop: an indicator followed weekly for years has hundreds of rows."""
    head = (
        f'<table id="{escape(table_id)}"><caption>{escape(caption)}</caption><thead><tr>'
        f'<th scope="col">{escape(_("Date"))}</th><th scope="col">{escape(_("Valeur"))}</th>'
        f'<th scope="col">{escape(_("Source"))}</th>'
        f'<th scope="col">{escape(_("Commentaire"))}</th></tr></thead><tbody>'
    )
    unit_text = escape(unit)
    body = "".join(
        f'<tr><td class="programme-nowrap">{on:%d/%m/%Y}</td>'
        f'<td class="programme-nowrap">{escape(grouped_number(value))} {unit_text}</td>'
        f"<td>{escape(source)}</td><td>{escape(comment)}</td></tr>"
        for on, value, source, comment in rows
    )
    if not rows:
        body = f'<tr><td colspan="4">{escape(_("Aucune mesure."))}</td></tr>'
    return mark_safe(head + body + "</tbody></table>")


def grouped_number(value: Decimal) -> str:
    """1234.5 → "1 234,5" (narrow no-break space between thousands)."""
    text = french_number(Decimal(value))
    whole, _sep, fraction = text.partition(",")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    grouped = sign + "\u202f".join(groups)
    return f"{grouped},{fraction}" if fraction else grouped
