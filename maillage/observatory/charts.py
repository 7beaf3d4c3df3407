"""An indicator's time series drawn on the server as SVG: one line per place (the
territory, its Département, France). Only shown figures are plotted; secret and missing
ones leave a gap. The page shows the same figures in a table under it, and the SVG has a
title and a description for screen readers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from maillage.observatory.figures import Figure
from maillage.observatory.formatting import format_number
from maillage.programme.charts import nice_step

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 16, 60
COLOURS = ("#000091", "#B34000", "#18753C", "#6E445A")
DASHES = ("", "6 4", "2 3", "8 3 2 3")


def render(title: str, series: Sequence[tuple[str, list[Figure]]], *, decimals: int) -> SafeString:
    shown = [
        (name, [f for f in figures if f.shown and f.value is not None]) for name, figures in series
    ]
    values = [float(f.value) for _n, figs in shown for f in figs if f.value is not None]
    periods = sorted({f.period for _n, figs in shown for f in figs})
    if not values:
        return mark_safe("")
    low = min(0.0, min(values))
    high = max(values)
    step = nice_step(high - low or 1.0)
    top = math.ceil(high / step) * step or step
    bottom = math.floor(low / step) * step
    first, last = periods[0], periods[-1]

    def x(period: int) -> float:
        if first == last:
            return LEFT + (WIDTH - LEFT - RIGHT) / 2
        return LEFT + (period - first) * (WIDTH - LEFT - RIGHT) / (last - first)

    def y(value: float) -> float:
        return TOP + (top - value) * (HEIGHT - TOP - BOTTOM) / (top - bottom)

    parts = [
        f'<svg class="obs-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(describe(shown, decimals))}</desc>',
    ]
    tick = bottom
    while tick <= top + step / 2:
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#DDDDDD"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="12" fill="#3A3A3A">'
            f"{escape(format_number(_decimal(tick), decimals=0 if step >= 1 else decimals))}</text>"
        )
        tick += step
    for period in periods:
        parts.append(
            f'<text x="{x(period):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="12" '
            f'fill="#3A3A3A">{period}</text>'
        )
    for index, (name, figures) in enumerate(shown):
        if not figures:
            continue
        colour = COLOURS[index % len(COLOURS)]
        dash = DASHES[index % len(DASHES)]
        points = " ".join(f"{x(f.period):.1f},{y(float(f.value or 0)):.1f}" for f in figures)
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + "/>"
        )
        for figure in figures:
            parts.append(
                f'<circle cx="{x(figure.period):.1f}" cy="{y(float(figure.value or 0)):.1f}" r="3.5" fill="{colour}"/>'
            )
        legend_x = LEFT + index * 180
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 24}" y1="{HEIGHT - 14}" y2="{HEIGHT - 14}" stroke="{colour}" '
            f'stroke-width="2.5"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
            f'<text x="{legend_x + 30}" y="{HEIGHT - 10}" font-size="12" fill="#3A3A3A">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _decimal(value: float) -> Decimal:
    return Decimal(str(round(value, 6)))


def describe(shown: Sequence[tuple[str, list[Figure]]], decimals: int) -> str:
    sentences = []
    for name, figures in shown:
        if figures:
            listed = ", ".join(f"{f.period} : {f.display()}" for f in figures)
            sentences.append(f"{name} — {listed}.")
    return " ".join(sentences) or _("Aucune valeur diffusable.")


BAR_WIDTH, BAR_ROW, BAR_LABEL = 300, 26, 118


def comparison_bars(
    title: str, bars: Sequence[tuple[str, Figure | None]], *, element_id: str
) -> SafeString:
    """A key figure's small chart: one horizontal bar per place (the territory, its
    Département, France), latest value each; a secret or missing value has no bar and says
    why. The portrait's table gives the same figures."""
    values = [float(f.value) for _n, f in bars if f is not None and f.shown and f.value is not None]
    if not values:
        return mark_safe("")
    high = max(max(values), 0.0) or 1.0
    height = BAR_ROW * len(bars) + 4
    span = BAR_WIDTH - BAR_LABEL - 70
    title_id, desc_id = f"{element_id}-titre", f"{element_id}-description"
    sentences = [f"{name} : {figure.display() if figure else '—'}" for name, figure in bars]
    parts = [
        f'<svg class="obs-bars" viewBox="0 0 {BAR_WIDTH} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(" ; ".join(sentences))}.</desc>',
    ]
    for index, (name, figure) in enumerate(bars):
        y = 2 + index * BAR_ROW
        colour = COLOURS[index % len(COLOURS)]
        short = name if len(name) <= 18 else name[:17] + "…"
        parts.append(
            f'<text x="{BAR_LABEL - 6}" y="{y + 16}" text-anchor="end" font-size="12" '
            f'fill="#3A3A3A">{escape(short)}</text>'
        )
        if figure is not None and figure.shown and figure.value is not None:
            length = max(float(figure.value), 0.0) / high * span
            parts.append(
                f'<rect x="{BAR_LABEL}" y="{y + 4}" width="{length:.1f}" height="16" '
                f'fill="{colour}"/>'
                f'<text x="{BAR_LABEL + length + 4:.1f}" y="{y + 16}" font-size="12" '
                f'fill="#161616">{escape(figure.display())}</text>'
            )
        else:
            reason = figure.reason if figure is not None else "—"
            parts.append(
                f'<text x="{BAR_LABEL}" y="{y + 16}" font-size="12" font-style="italic" '
                f'fill="#3A3A3A">{escape(str(reason))}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))


RANK_WIDTH, RANK_ROW, RANK_LABEL = 640, 24, 190
RANK_COLOUR, RANK_HIGHLIGHT, RANK_REFERENCE = "#6A6AF4", "#000091", "#B34000"


def ranked_bars(
    title: str,
    bars: Sequence[tuple[str, Figure | None]],
    *,
    element_id: str,
    highlight: str = "",
    reference: tuple[str, Figure | None] | None = None,
) -> SafeString:
    """Many places ranked: one horizontal bar per place in the given order (the caller
    ranks them), the ``highlight`` one (by name) darker and bold, and a dashed line at the
    ``reference`` value (the Département's). Secret and missing places have no bar and say
    why. The page gives the same figures in a table."""
    values = [float(f.value) for _n, f in bars if f is not None and f.shown and f.value is not None]
    ref = reference[1] if reference else None
    if ref is not None and ref.shown and ref.value is not None:
        values.append(float(ref.value))
    if not values:
        return mark_safe("")
    high = max(max(values), 0.0) or 1.0
    top = 4 + (RANK_ROW if reference else 0)
    height = top + RANK_ROW * len(bars) + 4
    span = RANK_WIDTH - RANK_LABEL - 110
    title_id, desc_id = f"{element_id}-titre", f"{element_id}-description"
    sentences = [f"{name} : {figure.display() if figure else '—'}" for name, figure in bars]
    if reference:
        sentences.append(f"{reference[0]} : {ref.display() if ref else '—'}")
    parts = [
        f'<svg class="obs-bars obs-bars--ranked" viewBox="0 0 {RANK_WIDTH} {height}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(" ; ".join(sentences))}.</desc>',
    ]
    for index, (name, figure) in enumerate(bars):
        y = top + index * RANK_ROW
        mine = bool(highlight) and name == highlight
        weight = ' font-weight="bold"' if mine else ""
        short = name if len(name) <= 28 else name[:27] + "…"
        parts.append(
            f'<text x="{RANK_LABEL - 6}" y="{y + 15}" text-anchor="end" font-size="12" '
            f'fill="#161616"{weight}>{escape(short)}</text>'
        )
        if figure is not None and figure.shown and figure.value is not None:
            length = max(float(figure.value), 0.0) / high * span
            colour = RANK_HIGHLIGHT if mine else RANK_COLOUR
            parts.append(
                f'<rect x="{RANK_LABEL}" y="{y + 4}" width="{length:.1f}" height="15" '
                f'fill="{colour}"' + (' data-highlight="true"' if mine else "") + "/>"
                f'<text x="{RANK_LABEL + length + 4:.1f}" y="{y + 15}" font-size="12" '
                f'fill="#161616"{weight}>{escape(figure.display())}</text>'
            )
        else:
            reason = figure.reason if figure is not None else _("Non disponible")
            parts.append(
                f'<text x="{RANK_LABEL}" y="{y + 15}" font-size="12" font-style="italic" '
                f'fill="#3A3A3A">{escape(str(reason))}</text>'
            )
    if reference and ref is not None and ref.shown and ref.value is not None:
        x = RANK_LABEL + max(float(ref.value), 0.0) / high * span
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{height - 4}" '
            f'stroke="{RANK_REFERENCE}" stroke-width="2" stroke-dasharray="5 3"/>'
            f'<text x="{x:.1f}" y="{top - 8}" text-anchor="middle" font-size="12" '
            f'fill="{RANK_REFERENCE}">{escape(reference[0])} : {escape(ref.display())}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
