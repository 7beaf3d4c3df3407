"""``{% indicator_choropleths map_figures territory indicator as maps %}``: one map per
sub-communal level found in figures the view already put under statistical secrecy."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.translation import gettext as _

from maillage.observatory import selectors, svgmap
from maillage.observatory.figures import Figure, GeoLevel

register = template.Library()


@register.simple_tag
def indicator_choropleths(
    figures: Iterable[Figure], territory: Any, indicator: Any, reserved_codes: Any = ()
) -> list[dict[str, Any]]:
    by_level: dict[str, list[Figure]] = {}
    for figure in figures or ():
        by_level.setdefault(figure.level, []).append(figure)
    labels = dict(GeoLevel.choices)
    maps = []
    for level in selectors.MAP_LEVELS:
        found = by_level.get(str(level))
        if not found or not selectors.has_data(found):
            continue
        areas = selectors.map_areas(territory, str(level), found)
        if not any(area.geometry for area in areas):
            continue
        title = _("%(indicator)s par %(level)s, dernière année connue") % {
            "indicator": indicator.name,
            "level": labels[level],
        }
        maps.append(
            {
                "level": str(level),
                "map_id": f"carte-{level}",
                "map": svgmap.render_choropleth(
                    areas=areas,
                    figures=found,
                    title=title,
                    element_id=f"carte-{level}",
                    reserved_codes=reserved_codes or (),
                ),
            }
        )
    return maps
