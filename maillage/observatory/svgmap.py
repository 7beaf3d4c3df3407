"""Choropleth maps drawn on the server as SVG, from GeoJSON contours and ``Figure`` objects.

No map library in the browser, no tile server: a map is a small accessible SVG (a title, a
description, a ``<title>`` per area) beside a data table. Only ``Figure`` objects reach this
module, built by the selectors after statistical secrecy was applied for the reader, so a
secret value is never in the drawing: its area is hatched and its tooltip says why.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from maillage.core.theme import pdf_font_stack
from maillage.observatory.figures import Figure, FigureStatus
from maillage.observatory.formatting import format_value

# ColorBrewer YlGnBu, light to dark: sequential and safe for the common colour-blindnesses.
PALETTES = {
    2: ["#a1dab4", "#253494"],
    3: ["#edf8b1", "#7fcdbb", "#2c7fb8"],
    4: ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
    5: ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
}
MISSING_COLOUR = "#d9d9d9"
RESERVED_COLOUR = "#9e9e9e"
STROKE_COLOUR = "#3a3a3a"
HATCH_COLOUR = "#5a5a5a"
HIGHLIGHT_COLOUR = "#b34000"
LEGEND_ROW = 22


@dataclass(frozen=True)
class Area:
    """A GeoUnit as the map needs it."""

    code: str
    name: str
    geometry: dict[str, Any] | None


@dataclass(frozen=True)
class LegendClass:
    lower: Decimal
    upper: Decimal
    colour: str
    label: str


@dataclass(frozen=True)
class MapRow:
    """One line of the data table printed beside the map."""

    code: str
    name: str
    text: str  # the value as displayed, or why it is not shown
    status: str
    class_label: str
    drawn: bool  # False when the unit has no contour


@dataclass(frozen=True)
class ChoroplethMap:
    svg: SafeString
    classes: list[LegendClass]
    rows: list[MapRow]
    sources: list[str]
    title: str
    has_secret: bool = False
    has_missing: bool = False
    has_reserved: bool = False
    undrawn: list[str] = field(default_factory=list)


def quantile_breaks(values: Sequence[Decimal], count: int) -> list[Decimal]:
    """Upper bounds of up to ``count`` classes holding about as many values each; never two
    equal bounds, so a handful of values gives fewer classes rather than empty ones."""
    ordered = sorted(values)
    if not ordered:
        return []
    distinct = sorted(set(ordered))
    if len(distinct) <= count:
        return distinct
    breaks: list[Decimal] = []
    for k in range(1, count + 1):
        position = max(0, math.ceil(k * len(ordered) / count) - 1)
        bound = ordered[position]
        if not breaks or bound > breaks[-1]:
            breaks.append(bound)
    if breaks[-1] != ordered[-1]:
        breaks.append(ordered[-1])
    return breaks


def as_displayed(value: Decimal, decimals: int) -> Decimal:
    """The value rounded as the reader sees it (``format_number`` rounds half up)."""
    quantum = Decimal(1).scaleb(-decimals) if decimals > 0 else Decimal(1)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def classify(
    values: Sequence[Decimal], *, count: int, unit: str, decimals: int
) -> list[LegendClass]:
    """Classes of the values *as displayed*: 8,27 and 8,33 both read "8,3 %", so they
    share a class, and a legend never reads "de 8,3 % à 8,3 %" for two different classes.
    All-equal values give one class labelled with that value."""
    values = [as_displayed(v, decimals) for v in values]
    breaks = quantile_breaks(values, min(max(count, 2), 5))
    if not breaks:
        return []
    palette = PALETTES[max(2, len(breaks))] if len(breaks) > 1 else [PALETTES[2][1]]
    lowest = min(values)
    classes = []
    for index, upper in enumerate(breaks):
        lower = lowest if index == 0 else breaks[index - 1]
        lower_text = format_value(lower, unit=unit, decimals=decimals)
        upper_text = format_value(upper, unit=unit, decimals=decimals)
        if index == 0 and lower == upper:
            label = upper_text
        elif index == 0:
            label = _("de %(low)s à %(high)s") % {"low": lower_text, "high": upper_text}
        else:
            label = _("plus de %(low)s à %(high)s") % {"low": lower_text, "high": upper_text}
        classes.append(LegendClass(lower, upper, palette[index], label))
    return classes


def class_of(
    value: Decimal, classes: Sequence[LegendClass], decimals: int | None = None
) -> LegendClass | None:
    if decimals is not None:
        value = as_displayed(value, decimals)
    for legend_class in classes:
        if value <= legend_class.upper:
            return legend_class
    return classes[-1] if classes else None


def _polygons(geometry: dict[str, Any] | None) -> list[list[list[list[float]]]]:
    if not isinstance(geometry, dict):
        return []
    if geometry.get("type") == "Polygon":
        return [geometry.get("coordinates") or []]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry.get("coordinates") or [])
    return []


def _positions(areas: Iterable[Area]) -> Iterable[tuple[float, float]]:
    for area in areas:
        for polygon in _polygons(area.geometry):
            for ring in polygon:
                for position in ring:
                    yield float(position[0]), float(position[1])


@dataclass(frozen=True)
class Projection:
    """Equirectangular, squeezed by cos(latitude) at the middle of the box so that a
    commune's shape is not stretched east-west, and fitted to the drawing."""

    west: float
    north: float
    squeeze: float
    scale: float
    margin: float

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.margin + (lon - self.west) * self.squeeze * self.scale
        y = self.margin + (self.north - lat) * self.scale
        return x, y


def fit(
    areas: Sequence[Area], *, width: int, max_height: int, margin: float = 8
) -> tuple[Projection, float, float] | None:
    points = list(_positions(areas))
    if not points:
        return None
    west = min(p[0] for p in points)
    east = max(p[0] for p in points)
    south = min(p[1] for p in points)
    north = max(p[1] for p in points)
    squeeze = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * squeeze, 1e-9)
    span_y = max(north - south, 1e-9)
    scale = min((width - 2 * margin) / span_x, (max_height - 2 * margin) / span_y)
    drawn_width = span_x * scale + 2 * margin
    drawn_height = span_y * scale + 2 * margin
    return Projection(west, north, squeeze, scale, margin), drawn_width, drawn_height


def path_data(geometry: dict[str, Any] | None, projection: Projection) -> str:
    """SVG path of a Polygon or MultiPolygon. Simplified by rounding to a tenth of a pixel
    and dropping the points that then repeat: invisible at the drawn size, and it keeps the
    page light."""
    parts: list[str] = []
    for polygon in _polygons(geometry):
        for ring in polygon:
            previous: tuple[float, float] | None = None
            points: list[str] = []
            for position in ring:
                x, y = projection(float(position[0]), float(position[1]))
                point = (round(x, 1), round(y, 1))
                if point == previous:
                    continue
                previous = point
                points.append(f"{point[0]:g} {point[1]:g}")
            if len(points) >= 3:
                parts.append("M" + "L".join(points) + "Z")
    return "".join(parts)


def label_anchor(geometry: dict[str, Any] | None, projection: Projection) -> tuple[float, float]:
    """Where an area's name is written when it is hovered or focused: the middle of the
    bounding box of its largest ring."""
    best: list[tuple[float, float]] = []
    best_size = -1.0
    for polygon in _polygons(geometry):
        if not polygon:
            continue
        points = [projection(float(p[0]), float(p[1])) for p in polygon[0]]
        if not points:
            continue
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        size = (max(xs) - min(xs)) * (max(ys) - min(ys))
        if size > best_size:
            best, best_size = points, size
    if not best:
        return 0.0, 0.0
    xs = [p[0] for p in best]
    ys = [p[1] for p in best]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def latest_by_code(figures: Iterable[Figure]) -> dict[str, Figure]:
    chosen: dict[str, Figure] = {}
    for figure in figures:
        current = chosen.get(figure.geo_code)
        if current is None or figure.period > current.period:
            chosen[figure.geo_code] = figure
    return chosen


def source_lines(figures: Iterable[Figure]) -> list[str]:
    lines: list[str] = []
    for figure in figures:
        if not figure.source:
            continue
        line = f"{figure.source}, {figure.vintage}" if figure.vintage else figure.source
        if line not in lines:
            lines.append(line)
    return lines


def render_choropleth(
    *,
    areas: Sequence[Area],
    figures: Iterable[Figure],
    title: str,
    description: str = "",
    element_id: str = "carte",
    classes: int = 5,
    width: int = 640,
    max_height: int = 520,
    reserved_codes: Collection[str] = (),
    reserved_label: str = "",
    highlight: str = "",
) -> ChoroplethMap:
    """The map of ``figures`` (already under statistical secrecy) over ``areas``.

    Areas without a figure are grey ("Non disponible"); secret figures are hatched and only
    their reason is written. Areas in ``reserved_codes`` without a figure hold data this
    reader may not see: they read ``reserved_label`` ("Réservé aux partenaires"), not "Non
    disponible". Classes are quantiles of the values shown, as displayed. The area whose
    code is ``highlight`` is outlined (the reader's commune in a comparison)."""
    reserved_label = reserved_label or _("Réservé aux partenaires")
    by_code = latest_by_code(figures)
    shown = [f for f in by_code.values() if f.status == FigureStatus.OK and f.value is not None]
    sample = next(iter(by_code.values()), None)
    unit = sample.unit if sample else ""
    decimals = sample.decimals if sample else 1
    legend = classify(
        [f.value for f in shown if f.value is not None], count=classes, unit=unit, decimals=decimals
    )
    rows: list[MapRow] = []
    undrawn: list[str] = []
    has_secret = has_missing = has_reserved = False
    fitted = fit(areas, width=width, max_height=max_height)
    shapes: list[str] = []
    hatch_id = f"{element_id}-secret"
    for area in areas:
        figure = by_code.get(area.code)
        status = figure.status if figure else FigureStatus.MISSING
        if figure is not None and status == FigureStatus.OK and figure.value is not None:
            text = figure.display()
            chosen = class_of(figure.value, legend, decimals)
            fill = chosen.colour if chosen else MISSING_COLOUR
            class_label = chosen.label if chosen else ""
        elif status == FigureStatus.SECRET:
            has_secret = True
            text = (
                str(figure.reason) if figure and figure.reason else str(FigureStatus.SECRET.label)
            )
            fill = f"url(#{hatch_id})"
            class_label = str(FigureStatus.SECRET.label)
        elif area.code in reserved_codes and (figure is None or figure.value is None):
            has_reserved = True
            text = reserved_label
            fill = RESERVED_COLOUR
            class_label = reserved_label
        else:
            has_missing = True
            text = (
                str(figure.reason) if figure and figure.reason else str(FigureStatus.MISSING.label)
            )
            fill = MISSING_COLOUR
            class_label = str(FigureStatus.MISSING.label)
        drawn = fitted is not None and bool(_polygons(area.geometry))
        if drawn and fitted is not None:
            data = path_data(area.geometry, fitted[0])
            anchor_x, anchor_y = label_anchor(area.geometry, fitted[0])
            named = f"{area.name} : {text}"
            outline = (
                f'stroke="{HIGHLIGHT_COLOUR}" stroke-width="3" data-highlight="true"'
                if highlight and area.code == highlight
                else f'stroke="{STROKE_COLOUR}" stroke-width="0.8"'
            )
            # Focusable with the keyboard; maillage.js writes the name in the map's label
            # layer on hover and focus, the <title> is the mouse's tooltip without script.
            shapes.append(
                f'<path d="{data}" fill="{fill}" fill-rule="evenodd" {outline} '
                f'data-code="{escape(area.code)}" tabindex="0" role="img" '
                f'aria-label="{escape(named)}" data-label="{escape(area.name)}" '
                f'data-label-x="{anchor_x:.1f}" data-label-y="{anchor_y:.1f}" '
                f'class="maillage-map__area">'
                f"<title>{escape(named)}</title></path>"
            )
        else:
            undrawn.append(area.name)
        rows.append(MapRow(area.code, area.name, text, status, class_label, drawn))
    svg = _svg(
        shapes=shapes,
        legend=legend,
        fitted=fitted,
        width=width,
        title=title,
        description=description,
        element_id=element_id,
        hatch_id=hatch_id,
        has_secret=has_secret,
        has_missing=has_missing,
        reserved_label=reserved_label if has_reserved else "",
    )
    return ChoroplethMap(
        svg=svg,
        classes=legend,
        rows=rows,
        sources=source_lines(by_code.values()),
        title=title,
        has_secret=has_secret,
        has_missing=has_missing,
        has_reserved=has_reserved,
        undrawn=undrawn,
    )


def _svg(
    *,
    shapes: list[str],
    legend: list[LegendClass],
    fitted: tuple[Projection, float, float] | None,
    width: int,
    title: str,
    description: str,
    element_id: str,
    hatch_id: str,
    has_secret: bool,
    has_missing: bool,
    reserved_label: str = "",
) -> SafeString:
    map_width = fitted[1] if fitted else width
    map_height = fitted[2] if fitted else 0
    entries = [(c.colour, c.label) for c in legend]
    if has_secret:
        entries.append((f"url(#{hatch_id})", str(FigureStatus.SECRET.label)))
    if reserved_label:
        entries.append((RESERVED_COLOUR, reserved_label))
    if has_missing:
        entries.append((MISSING_COLOUR, str(FigureStatus.MISSING.label)))
    legend_top = map_height + 12
    total_width = max(map_width, 320)
    total_height = legend_top + LEGEND_ROW * len(entries) + 8
    title_id = f"{element_id}-titre"
    desc_id = f"{element_id}-description"
    if not description:
        description = _("Carte choroplèthe ; les valeurs figurent dans le tableau qui suit.")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{escape(element_id)}" role="group" '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {total_width:.0f} '
        f'{total_height:.0f}" width="100%" data-css-property="max-width" data-css-value="{total_width:.0f}px" '
        f'class="maillage-map">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        "<defs>"
        f'<pattern id="{hatch_id}" patternUnits="userSpaceOnUse" width="6" height="6" '
        'patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HATCH_COLOUR}" stroke-width="2.5"/>'
        "</pattern></defs>",
        '<g class="maillage-map__areas">',
        *shapes,
        "</g>",
        # The name of the hovered or focused area, written by maillage.js (empty in print).
        f'<text class="maillage-map__label" aria-hidden="true" text-anchor="middle" '
        f'font-family="{escape(pdf_font_stack())}" font-size="14" font-weight="bold" '
        'fill="#161616" stroke="#ffffff" stroke-width="4" paint-order="stroke" '
        'stroke-linejoin="round" x="0" y="0"></text>',
        f'<g class="maillage-map__legend" transform="translate(8 {legend_top:.0f})" '
        f'font-family="{escape(pdf_font_stack())}" font-size="13" fill="#161616">',
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
