"""Signals for the report tests, written straight to the database: the reports read
counts, and these rows are what the services would have left (denormalised counts set
by hand). Titles and descriptions carry words that no aggregate may ever show."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from maillage.governance.models import Body
from maillage.territories.models import GeoUnit
from maillage.watch.models import Corroboration, Signal
from tests.factories import GeoUnitFactory
from tests.governance import builders as governance

# Words of the free text: they must never reach a map, a chart, a note or an export.
SECRET_TITLE = "Titre confidentiel Xyzzy"
SECRET_BODY = "Description confidentielle Plugh"
CHILDCARE = "famille--garde-denfants"
ARREARS = "logement-hebergement--reduire-les-impayes-de-loyer"
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[2.50, 48.90], [2.51, 48.90], [2.51, 48.91], [2.50, 48.91], [2.50, 48.90]]],
}


def shifted(square: dict[str, Any], dx: float) -> dict[str, Any]:
    ring = [[x + dx, y] for x, y in square["coordinates"][0]]
    return {"type": "Polygon", "coordinates": [ring]}


def quartiers(territory: Any, count: int = 3) -> list[Any]:
    return [
        GeoUnitFactory(
            territory=territory,
            kind=GeoUnit.Kind.QUARTIER,
            code=f"{territory.insee_code}Q{n}",
            name=f"Quartier {chr(65 + n)}",
            geometry=shifted(SQUARE, 0.01 * n),
        )
        for n in range(count)
    ]


def cell(territory: Any, members: list[Any]) -> Body:
    """The territory's cellule de veille (a governance body of kind watch)."""
    return governance.body(
        territory, name="Cellule de veille", kind=Body.Kind.WATCH, members=members
    )


def signal(
    territory: Any,
    organisation: Any,
    *,
    place: GeoUnit | None = None,
    thematique: str = CHILDCARE,
    status: str = Signal.Status.NEW,
    audience: str = Signal.Audience.CELL,
    trend: str = Signal.Trend.RECURRING,
    created: datetime.datetime | None = None,
    corroborations: list[Any] = (),  # type: ignore[assignment]
    reason: str = "",
) -> Signal:
    created_signal = Signal.objects.create(
        territory=territory,
        title=SECRET_TITLE,
        description=SECRET_BODY,
        thematique=thematique,
        place=place,
        observed_since=datetime.date(2025, 1, 1),
        trend=trend,
        situations_count=4,
        organisation=organisation,
        audience=audience,
        status=status,
        reason=reason,
        closed_at=timezone.now() if status == Signal.Status.CLOSED else None,
        corroboration_count=len(corroborations),
        corroborating_orgs=len({o.pk for o in corroborations}),
    )
    for other in corroborations:
        Corroboration.objects.create(
            signal=created_signal, organisation=other, situations_count=2, note=SECRET_BODY
        )
    if created is not None:
        Signal.objects.filter(pk=created_signal.pk).update(created_at=created)
        created_signal.refresh_from_db()
    return created_signal
