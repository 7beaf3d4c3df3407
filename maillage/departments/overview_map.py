"""The map of a département's communes: those running a PST in Maillage stand out, the
others are grey. Drawn on the server with the observatory's projection and paths
(observatory/svgmap.py); no contour stored means no map, and the page shows the list and
the table alone — never a broken drawing."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from maillage.core.theme import pdf_font_stack
from maillage.observatory.svgmap import (
    LEGEND_ROW,
    MISSING_COLOUR,
    STROKE_COLOUR,
    Area,
    fit,
    label_anchor,
    path_data,
)

PST_COLOUR = "#2c7fb8"


@dataclass(frozen=True)
class MapRow:
    code: str
    name: str
    runs_pst: bool
    drawn: bool


@dataclass(frozen=True)
class CommunesMap:
    svg: SafeString | None  # None when no contour is stored
    rows: list[MapRow]

    @property
    def rows_html(self) -> SafeString:
        """The table's rows, the map's accessible twin, written in Python: a Département
        of four hundred communes had its first screen grow with a template loop over
        them."""
        yes, no = escape(_("Oui")), escape(_("Non"))
        undrawn = f' <span class="fr-text--xs">({escape(_("pas de contour"))})</span>'
        return mark_safe(  # every value is escaped
            "".join(
                f'<tr><th scope="row">{escape(row.name)}</th><td>{escape(row.code)}</td>'
                f"<td>{yes if row.runs_pst else no}{'' if row.drawn else undrawn}</td></tr>"
                for row in self.rows
            )
        )


def communes_map(
    contours: Sequence[tuple[str, str, dict[str, Any] | None]],
    pst_codes: Collection[str],
    *,
    title: str,
    element_id: str = "carte-communes",
    width: int = 640,
    max_height: int = 520,
) -> CommunesMap:
    areas = [Area(code, name, geometry) for code, name, geometry in contours]
    fitted = fit(areas, width=width, max_height=max_height) if areas else None
    rows: list[MapRow] = []
    shapes: list[str] = []
    for area in areas:
        runs = area.code in pst_codes
        data = path_data(area.geometry, fitted[0]) if fitted else ""
        drawn = bool(data)
        rows.append(MapRow(area.code, area.name, runs, drawn))
        if not drawn or fitted is None:
            continue
        text = _("projet social de territoire dans Maillage") if runs else _("pas de PST suivi")
        named = f"{area.name} : {text}"
        x, y = label_anchor(area.geometry, fitted[0])
        shapes.append(
            f'<path d="{data}" fill="{PST_COLOUR if runs else MISSING_COLOUR}" '
            f'fill-rule="evenodd" stroke="{STROKE_COLOUR}" stroke-width="0.8" '
            f'data-code="{escape(area.code)}" data-pst="{"1" if runs else "0"}" tabindex="0" '
            f'role="img" aria-label="{escape(named)}" data-label="{escape(area.name)}" '
            f'data-label-x="{x:.1f}" data-label-y="{y:.1f}" class="maillage-map__area">'
            f"<title>{escape(named)}</title></path>"
        )
    if not shapes or fitted is None:
        return CommunesMap(svg=None, rows=rows)
    return CommunesMap(svg=_svg(shapes, fitted, width, title, element_id), rows=rows)


def _svg(
    shapes: list[str], fitted: tuple[Any, float, float], width: int, title: str, element_id: str
) -> SafeString:
    map_width, map_height = fitted[1], fitted[2]
    entries = [
        (PST_COLOUR, _("Commune qui conduit son PST dans Maillage")),
        (MISSING_COLOUR, _("Autre commune")),
    ]
    legend_top = map_height + 12
    total_width = max(map_width, 320)
    total_height = legend_top + LEGEND_ROW * len(entries) + 8
    title_id = f"{element_id}-titre"
    desc_id = f"{element_id}-description"
    description = _("Carte des communes ; la liste qui suit dit la même chose.")
    font = escape(pdf_font_stack())
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{escape(element_id)}" role="group" '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {total_width:.0f} '
        f'{total_height:.0f}" width="100%" data-css-property="max-width" '
        f'data-css-value="{total_width:.0f}px" class="maillage-map">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        '<g class="maillage-map__areas">',
        *shapes,
        "</g>",
        f'<text class="maillage-map__label" aria-hidden="true" text-anchor="middle" '
        f'font-family="{font}" font-size="14" font-weight="bold" fill="#161616" '
        'stroke="#ffffff" stroke-width="4" paint-order="stroke" stroke-linejoin="round" '
        'x="0" y="0"></text>',
        f'<g class="maillage-map__legend" transform="translate(8 {legend_top:.0f})" '
        f'font-family="{font}" font-size="13" fill="#161616">',
    ]
    for index, (colour, label) in enumerate(entries):
        y = index * LEGEND_ROW
        parts.append(
            f'<rect x="0" y="{y}" width="18" height="14" fill="{colour}" '
            f'stroke="{STROKE_COLOUR}" stroke-width="0.8"/>'
            f'<text x="26" y="{y + 12}">{escape(label)}</text>'
        )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))
