"""From a report configuration and ``Figure`` objects to the plain ``ReportData`` that the
PDF and DOCX renderers print. Takes figures the selectors already put under statistical
secrecy; it only arranges them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from maillage.observatory.figures import Figure
from maillage.observatory.report_render import (
    ReportData,
    ReportIndicator,
    ReportSection,
    ReportTheme,
)

# Enough years to see a trend without turning each table into a spreadsheet.
YEARS_SHOWN = 3


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
) -> ReportData:
    """``indicators`` in the order to print them (each with code, name, theme,
    definition); ``sections`` as (title, organisation name, text)."""
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
        themes.setdefault(indicator.theme, []).append(
            ReportIndicator(
                code=indicator.code,
                name=indicator.name,
                figures=kept,
                definition=indicator.definition,
            )
        )
        if indicator.source and indicator.source not in sources:
            sources.append(indicator.source)
    ordered = sorted(
        themes, key=lambda key: list(theme_labels).index(key) if key in theme_labels else 99
    )
    return ReportData(
        title=_("%(title)s %(year)s") % {"title": title, "year": year},
        territory=territory,
        year=year,
        introduction=introduction,
        themes=[ReportTheme(theme_labels.get(key, key), themes[key]) for key in ordered],
        sections=[
            ReportSection(title=t, organisation=o, text=text) for t, o, text in sections if text
        ],
        generated_on=generated_on,
        sources=sources,
    )
