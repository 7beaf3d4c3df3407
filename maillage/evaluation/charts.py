"""Server-side SVG charts of the evaluation (each page shows the data table beside)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

COLOURS = ("#000091", "#6a6af4", "#c9191e")


def scales_chart(
    title: str, years: list[tuple[int, list[float | None]]], labels: list[str]
) -> SafeString:
    """Grouped bars: for each year, one bar per scale (1 to 5)."""
    if not years:
        return mark_safe("")
    bar, gap, group_gap, height, top = 18, 4, 24, 160, 20
    group = len(labels) * (bar + gap) + group_gap
    width = 40 + group * len(years) + 140
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="scales-title" '
        f'width="{width}" height="{height + 50}" viewBox="0 0 {width} {height + 50}">'
        f'<title id="scales-title">{escape(title)}</title>'
    ]
    for level in range(1, 6):
        y = top + height - height * level / 5
        parts.append(
            f'<line x1="30" x2="{width - 140}" y1="{y:.0f}" y2="{y:.0f}" stroke="#ddd"/>'
            f'<text x="0" y="{y + 4:.0f}" font-size="11">{level}</text>'
        )
    for i, (year, values) in enumerate(years):
        x0 = 40 + i * group
        for j, value in enumerate(values):
            if value is None:
                continue
            h = height * value / 5
            parts.append(
                f'<rect x="{x0 + j * (bar + gap)}" y="{top + height - h:.0f}" width="{bar}" '
                f'height="{h:.0f}" fill="{COLOURS[j % len(COLOURS)]}"/>'
            )
        parts.append(f'<text x="{x0}" y="{top + height + 18}" font-size="12">{year}</text>')
    for j, label in enumerate(labels):
        y = top + 14 + j * 18
        parts.append(
            f'<rect x="{width - 130}" y="{y - 10}" width="12" height="12" fill="{COLOURS[j % len(COLOURS)]}"/>'
            f'<text x="{width - 112}" y="{y}" font-size="11">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
