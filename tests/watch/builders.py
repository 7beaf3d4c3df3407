"""Veille objects for tests, built through the services."""

from __future__ import annotations

import datetime
from typing import Any

from maillage.core.roles import Visibility
from maillage.governance.models import Body
from maillage.watch import services
from maillage.watch.models import Signal
from tests.governance import builders as governance


def cell(territory: Any, *, members: list[Any], secretary: Any = None, **kwargs: Any) -> Body:
    """The territory's cellule de veille (a governance body of kind ``watch``)."""
    return governance.body(
        territory,
        name=kwargs.pop("name", "Cellule de veille territoriale"),
        kind=Body.Kind.WATCH,
        members=members,
        secretary=secretary,
        visibility=Visibility.PARTNERS,
        documents=Visibility.MEMBERS,
        **kwargs,
    )


def signal(
    territory: Any,
    *,
    author: Any,
    organisation: Any,
    title: str = "Retards de développement psychomoteur chez les moins de 3 ans",
    description: str = (
        "Depuis la rentrée, les consultations repèrent davantage de retards de langage "
        "et de motricité chez des enfants de 2 à 3 ans."
    ),
    thematique: str = "famille--soutien-a-la-parentalite-et-a-leducation",
    audience: str = Signal.Audience.CELL,
    situations_count: int = 12,
    **kwargs: Any,
) -> Signal:
    return services.report_signal(
        actor=author,
        territory=territory,
        organisation=organisation,
        title=title,
        description=description,
        thematique=thematique,
        observed_since=kwargs.pop("observed_since", datetime.date(2024, 9, 1)),
        trend=kwargs.pop("trend", Signal.Trend.RISING),
        situations_count=situations_count,
        audience=audience,
        **kwargs,
    )
