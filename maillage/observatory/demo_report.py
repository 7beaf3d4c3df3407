"""Demo data for the maps and the ABS report: synthetic contours for the synthetic IRIS of
Clichy-sous-Bois, a report template with two partners' sections, and the 2024 edition.
Called from ``demo.load``; idempotent."""

from __future__ import annotations

import json
from typing import Any

from maillage.core.demo import DemoContext
from maillage.observatory import services
from maillage.observatory.models import (
    Indicator,
    ReportConfig,
    ReportEdition,
    ReportSection,
    ReportThemeText,
)
from maillage.territories import services as territory_services
from maillage.territories.models import GeoUnit, Territory

# A 4 × 2 grid over the commune, its inner corners nudged so the map does not look like a
# chessboard. Synthetic, like the IRIS it draws: no real boundary.
WEST, EAST, SOUTH, NORTH = 2.528, 2.572, 48.898, 48.921
NUDGE = {(1, 1): (0.0012, -0.0008), (2, 1): (-0.0015, 0.0010), (3, 1): (0.0009, 0.0006)}

REPORT_INDICATORS = [
    "population",
    "part-moins-30-ans",
    "part-75-ans-plus",
    "familles-monoparentales",
    "taux-pauvrete",
    "niveau-vie-median",
    "taux-chomage",
    "allocataires-caf",
    "foyers-rsa",
    "aides-logement",
]
# The coordinators' analysis of each theme (demonstration texts, figures of the demo).
THEME_TEXTS = {
    "demography": (
        "La commune reste jeune : près d’un habitant sur deux a moins de 30 ans, quand la "
        "part des 75 ans et plus (5 %) est deux fois plus faible qu’en France. Le Haut-Clichy "
        "vieillit plus vite que le Bas-Clichy.\n\nTexte de démonstration."
    ),
    "families": (
        "Une famille sur quatre est monoparentale, davantage dans les IRIS du Bas-Clichy : "
        "c’est l’un des publics prioritaires de l’axe Familles du projet social."
    ),
    "income": (
        "Le taux de pauvreté reste près de trois fois supérieur à la moyenne nationale ; les "
        "écarts entre quartiers dépassent vingt points.\n\nTexte de démonstration."
    ),
    "employment": (
        "Le chômage baisse depuis 2014 mais touche encore un actif sur quatre, surtout les "
        "moins de 26 ans."
    ),
    "benefits": (
        "Les données de la CAF confirment la concentration des foyers allocataires du RSA dans "
        "les quartiers prioritaires ; les permanences d’accès aux droits y sont renforcées."
    ),
}
SECTIONS = [
    (
        "caf",
        "Accès aux droits et prestations",
        "Les permanences d’accès aux droits ont reçu davantage de familles cette année, "
        "surtout pour des dossiers de prime d’activité et d’aide au logement.\n\n"
        "Texte de démonstration rédigé pour la plateforme.",
    ),
    (
        "ville",
        "Regard du centre social",
        "Les ateliers sociolinguistiques affichent complet ; la demande porte surtout sur "
        "l’accompagnement aux démarches en ligne.\n\nTexte de démonstration.",
    ),
]


def _node(i: int, j: int) -> list[float]:
    lon = WEST + (EAST - WEST) * i / 4
    lat = SOUTH + (NORTH - SOUTH) * j / 2
    dx, dy = NUDGE.get((i, j), (0.0, 0.0))
    return [round(lon + dx, 6), round(lat + dy, 6)]


def synthetic_contours(codes: list[str]) -> bytes:
    features: list[dict[str, Any]] = []
    for index, code in enumerate(codes[:8]):
        i, j = index % 4, index // 4
        ring = [_node(i, j), _node(i + 1, j), _node(i + 1, j + 1), _node(i, j + 1), _node(i, j)]
        features.append(
            {
                "type": "Feature",
                "properties": {"code_iris": code},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def load(ctx: DemoContext, territory: Territory, year: int = 2024) -> None:
    codes = list(
        GeoUnit.objects.filter(territory=territory, kind=GeoUnit.Kind.IRIS)
        .order_by("code")
        .values_list("code", flat=True)
    )
    if (
        codes
        and GeoUnit.objects.filter(territory=territory, geometry__isnull=True)
        .filter(code__in=codes)
        .exists()
    ):
        territory_services.import_contours(
            actor=None,
            territory=territory,
            kind=GeoUnit.Kind.IRIS,
            data=synthetic_contours(codes),
        )
    if not ReportConfig.objects.filter(territory=territory).exists():
        services.configure_report(
            actor=None,
            territory=territory,
            title="Analyse des besoins sociaux",
            introduction=(
                "Cette analyse rassemble les chiffres partagés par les partenaires du projet "
                "social de territoire. Les données par IRIS sont synthétiques (démonstration)."
            ),
            indicators=Indicator.objects.filter(code__in=REPORT_INDICATORS),
        )
    for key, title, text in SECTIONS:
        organisation = ctx.organisations.get(key)
        if organisation is None:
            continue
        section = ReportSection.objects.filter(
            config__territory=territory, organisation=organisation, title=title
        ).first()
        if section is None:
            section = services.add_report_section(
                actor=None, territory=territory, organisation=organisation, title=title
            )
        if not section.text:
            services.update_report_section(actor=None, section=section, text=text)
    for theme, text in THEME_TEXTS.items():
        if not ReportThemeText.objects.filter(config__territory=territory, theme=theme).exists():
            services.set_report_theme_text(actor=None, territory=territory, theme=theme, text=text)
    # Once asked for, the edition is left alone: a second load must change nothing.
    if not ReportEdition.objects.filter(territory=territory, year=year).exists():
        services.request_report(actor=None, territory=territory, year=year, inline=True)
    ctx.log(f"  observatoire : contours IRIS synthétiques et rapport ABS {year}")
