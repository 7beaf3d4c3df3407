"""From a report configuration and ``Figure`` objects to the plain ``ReportData`` that the
PDF and DOCX renderers print. Takes figures the selectors already put under statistical
secrecy; it only arranges them."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from maillage.observatory.figures import Figure, GeoLevel
from maillage.observatory.report_render import (
    ReportData,
    ReportIndicator,
    ReportLogo,
    ReportSection,
    ReportTheme,
)
from maillage.observatory.svgmap import Area, render_choropleth, source_lines

# Enough years to see a trend without turning each table into a spreadsheet.
YEARS_SHOWN = 3
# Logos are validated at upload (2 Mo at most); a bigger file is left off the cover.
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MIMES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}


def read_logo(name: str, image: Any) -> ReportLogo | None:
    """An uploaded logo (an ImageField's file) as the cover prints it, or None when there
    is none, it cannot be read or it is not an image format the upload accepts."""
    if not image:
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with image.open("rb") as handle:
            content = handle.read(LOGO_MAX_BYTES + 1)
    except OSError:
        return None
    if len(content) > LOGO_MAX_BYTES:
        return None
    try:
        with Image.open(io.BytesIO(content)) as opened:
            image_format = opened.format or ""
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    mime = LOGO_MIMES.get(image_format)
    return ReportLogo(name=name, content=content, mime=mime) if mime else None


def _map(
    indicator: Any, figures: Sequence[Figure], areas: dict[str, Sequence[Area]]
) -> tuple[str, str]:
    """The SVG map of the indicator's latest IRIS (else QPV) figures and its title."""
    for level in (GeoLevel.IRIS, GeoLevel.QPV):
        found = [f for f in figures if f.level == level]
        drawn = areas.get(str(level), ())
        if not found or not any(area.geometry for area in drawn):
            continue
        latest = max(f.period for f in found)
        title = _("%(indicator)s par %(level)s, %(year)s") % {
            "indicator": indicator.name,
            "level": GeoLevel(level).label,
            "year": latest,
        }
        drawing = render_choropleth(
            areas=drawn,
            figures=[f for f in found if f.period == latest],
            title=title,
            element_id=f"carte-{indicator.code}",
        )
        return drawing.svg, title
    return "", ""


def build_report_data(
    *,
    title: str,
    territory: str,
    year: int,
    introduction: str,
    indicators: Sequence[Any],
    theme_labels: dict[str, str],
    figures: Iterable[Figure],
    sections: Iterable[tuple[str, str, str]],
    generated_on: date,
    areas: dict[str, Sequence[Area]] | None = None,
    comments: dict[str, str] | None = None,
    theme_texts: dict[str, str] | None = None,
    territory_logo: ReportLogo | None = None,
    partner_logos: Sequence[ReportLogo] = (),
    partners: Sequence[str] = (),
    colour: str = "",
    reserved: Iterable[str] = (),
) -> ReportData:
    """``indicators`` in the order to print them (each with code, name, theme,
    definition); ``sections`` as (title, organisation name, text); ``areas`` the drawn
    GeoUnits by level, for a map of each indicator's latest IRIS (else QPV) figures;
    ``theme_texts`` the coordinators' analysis by theme key; the logos, partners' names
    and colour make the cover and the identity of the pages; ``reserved`` the codes of
    indicators whose figures exist only in datasets the public may not read."""
    reserved = set(reserved)
    by_indicator: dict[str, list[Figure]] = defaultdict(list)
    for figure in figures:
        if figure.period <= year:
            by_indicator[figure.indicator_code].append(figure)
    themes: dict[str, list[ReportIndicator]] = {}
    sources: list[str] = []
    for indicator in indicators:
        found = by_indicator.get(indicator.code, [])
        kept_years = sorted({f.period for f in found})[-YEARS_SHOWN:]
        kept = [f for f in found if f.period in kept_years]
        map_svg, map_title = _map(indicator, kept, areas or {})
        themes.setdefault(indicator.theme, []).append(
            ReportIndicator(
                code=indicator.code,
                name=indicator.name,
                figures=kept,
                definition=indicator.definition,
                comment=(comments or {}).get(indicator.code, ""),
                map_svg=map_svg,
                map_title=map_title,
                reserved=not kept and indicator.code in reserved,
            )
        )
        # The datasets the printed figures come from, as the figures name them.
        for line in source_lines(kept):
            if line not in sources:
                sources.append(line)
    ordered = sorted(
        themes, key=lambda key: list(theme_labels).index(key) if key in theme_labels else 99
    )
    return ReportData(
        title=_("%(title)s %(year)s") % {"title": title, "year": year},
        territory=territory,
        year=year,
        introduction=introduction,
        themes=[
            ReportTheme(
                theme_labels.get(key, key), themes[key], (theme_texts or {}).get(key, ""), key
            )
            for key in ordered
        ],
        sections=[
            ReportSection(title=t, organisation=o, text=text) for t, o, text in sections if text
        ],
        generated_on=generated_on,
        sources=sources,
        territory_logo=territory_logo,
        partner_logos=list(partner_logos),
        partners=list(partners),
        colour=colour,
    )
