"""What every channel of the observatory shows for one indicator at one place and period.

Pages, charts, maps, the API, CSV exports and the ABS report all receive ``Figure`` objects
that the selectors built *after* statistical secrecy was applied for the reader, so that no
channel can show a value the reader may not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.observatory.formatting import format_value


class FigureStatus(models.TextChoices):
    OK = "ok", _("Valeur")
    SECRET = "secret", _("Secret statistique")
    MISSING = "missing", _("Non disponible")


class GeoLevel(models.TextChoices):
    """Levels a value is keyed by; the first four match ``GeoUnit.Kind``."""

    COMMUNE = "commune", _("Commune")
    IRIS = "iris", _("IRIS")
    QPV = "qpv", _("Quartier prioritaire (QPV)")
    QUARTIER = "quartier", _("Quartier")
    DEPARTEMENT = "departement", _("Département")
    FRANCE = "france", _("France")


@dataclass(frozen=True)
class Figure:
    indicator_code: str
    level: str  # a GeoLevel value
    geo_code: str
    geo_name: str
    period: int  # the year the value describes
    value: Decimal | None  # None unless status is OK
    status: str  # a FigureStatus value
    reason: str  # French label of why the value is missing or secret, "" when OK
    source: str  # e.g. "INSEE, Filosofi"
    vintage: str  # e.g. "2021"
    unit: str  # the indicator's unit label, e.g. "%", "€", "personnes"
    decimals: int = 1

    @property
    def shown(self) -> bool:
        return self.status == FigureStatus.OK

    def display(self) -> str:
        """The value as a French reader expects it (comma decimals, narrow spaces)."""

        if self.status != FigureStatus.OK or self.value is None:
            return str(self.reason)
        return format_value(self.value, unit=self.unit, decimals=self.decimals)
