"""The monthly trend of signals by thématique, drawn on the server as SVG (one line per
thématique, the most reported first). The page prints the same counts in a table under
it, and the SVG carries a title and a description for screen readers."""

from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from maillage.observatory.charts import COLOURS, DASHES
from maillage.programme.charts import nice_step
from maillage.watch.reports import CHART_SERIES, Trend

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 20, 16, 40
LEGEND_ROW = 20


def describe(trend: Trend) -> str:
    if not trend.series:
        return _("Aucun signalement sur la période.")
    sentences = []
    for series in trend.series[:CHART_SERIES]:
        listed = ", ".join(
            f"{label} : {count}"
            for label, count in zip(trend.month_labels, series.counts, strict=True)
        )
        sentences.append(f"{series.label} — {listed}.")
    return " ".join(sentences)


def render(trend: Trend, title: str) -> SafeString:
    """The chart, or an empty string when no signal was reported in the period."""
    shown = trend.series[:CHART_SERIES]
    if not shown:
        return mark_safe("")
    high = max(max(series.counts) for series in shown) or 1
    step = max(1.0, nice_step(float(high)))
    top = math.ceil(high / step) * step
    count = len(trend.months)
    plot_height = HEIGHT - TOP - BOTTOM
    total_height = HEIGHT + LEGEND_ROW * len(shown)

    def x(index: int) -> float:
        if count == 1:
            return LEFT + (WIDTH - LEFT - RIGHT) / 2
        return LEFT + index * (WIDTH - LEFT - RIGHT) / (count - 1)

    def y(value: float) -> float:
        return TOP + (top - value) * plot_height / top

    parts = [
        f'<svg class="watch-chart" viewBox="0 0 {WIDTH} {total_height}" role="img" '
        'aria-labelledby="tendance-titre tendance-description" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="tendance-titre">{escape(title)}</title>',
        f'<desc id="tendance-description">{escape(describe(trend))}</desc>',
    ]
    tick = 0.0
    while tick <= top + step / 2:
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            'stroke="#DDDDDD"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="#3A3A3A">{int(tick)}</text>'
        )
        tick += step
    for index, label in enumerate(trend.month_labels):
        parts.append(
            f'<text x="{x(index):.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
            f'font-size="11" fill="#3A3A3A">{escape(label)}</text>'
        )
    for index, series in enumerate(shown):
        colour = COLOURS[index % len(COLOURS)] if index < len(COLOURS) else "#3A3A3A"
        dash = DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        points = " ".join(f"{x(i):.1f},{y(n):.1f}" for i, n in enumerate(series.counts))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"'
            f"{dash_attr}/>"
        )
        parts.extend(
            f'<circle cx="{x(i):.1f}" cy="{y(n):.1f}" r="3" fill="{colour}"/>'
            for i, n in enumerate(series.counts)
        )
        legend_y = HEIGHT + index * LEGEND_ROW
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + 24}" y1="{legend_y}" y2="{legend_y}" '
            f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            f'<text x="{LEFT + 30}" y="{legend_y + 4}" font-size="12" fill="#3A3A3A">'
            f"{escape(series.label)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
