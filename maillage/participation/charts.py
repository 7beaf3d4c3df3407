"""A consultation question's chart, drawn on the server as SVG: one horizontal bar per
option or note, with its count and share. The page shows the same figures in a table right
under it; the SVG carries a title and a description for screen readers."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from maillage.observatory.charts import COLOURS
from maillage.participation.selectors.consultations import Row

WIDTH, ROW, LABEL = 360, 28, 150
TEXT_COLOUR = "#3A3A3A"


def bars(title: str, rows: Sequence[Row], *, element_id: str) -> SafeString:
    """Nothing when no one answered: the table says so."""
    if not rows or not any(r.count for r in rows):
        return mark_safe("")
    high = max(r.count for r in rows) or 1
    span = WIDTH - LABEL - 80
    height = ROW * len(rows) + 4
    title_id, desc_id = f"{element_id}-titre", f"{element_id}-description"
    sentences = [
        _("%(label)s : %(count)s (%(percent)s %%)")
        % {"label": r.label, "count": r.count, "percent": r.percent}
        for r in rows
    ]
    parts = [
        f'<svg class="participation-bars" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(" ; ".join(sentences))}.</desc>',
    ]
    colour = COLOURS[0]
    for index, row in enumerate(rows):
        y = 2 + index * ROW
        short = row.label if len(row.label) <= 24 else row.label[:23] + "…"
        length = row.count / high * span
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + 17}" text-anchor="end" font-size="12" '
            f'fill="{TEXT_COLOUR}">{escape(short)}</text>'
            f'<rect x="{LABEL}" y="{y + 5}" width="{length:.1f}" height="16" fill="{colour}"/>'
            f'<text x="{LABEL + length + 4:.1f}" y="{y + 17}" font-size="12" fill="#161616">'
            f"{row.count} ({escape(row.percent)} %)</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
