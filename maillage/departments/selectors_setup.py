"""Reads of the setup page (docs/departments.md, "Nouveau territoire"): which PSTs a
person may start from, and what of one would be copied."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from maillage.core import access
from maillage.governance.models import Body
from maillage.observatory.models import Indicator, ReportConfig
from maillage.programme.models import Axis
from maillage.territories.models import Territory


def sources_for(user: Any, target: Territory) -> QuerySet[Territory]:
    """The territories ``user`` may read that have a programme, ``target`` aside."""
    return (
        access.visible(user, Territory.objects.all())
        .exclude(pk=target.pk)
        .annotate(axis_count=Count("axes"))
        .filter(axis_count__gt=0)
        .order_by("name")
    )


@dataclass(frozen=True)
class Structure:
    source: Territory
    axes: list[Axis]
    bodies: list[Body]
    indicators: list[Indicator]

    @property
    def objective_count(self) -> int:
        return sum(len(axis.objectives.all()) for axis in self.axes)


def structure_of(user: Any, source: Territory) -> Structure:
    """What copying ``source`` would bring: the same querysets the services copy, the
    bodies narrowed to those ``user`` may see."""
    axes = list(Axis.objects.filter(territory=source).prefetch_related("objectives"))
    bodies = list(
        access.visible(user, Body.objects.filter(territory=source, is_archived=False)).order_by(
            "kind", "name"
        )
    )
    config = (
        ReportConfig.objects.filter(territory=source)
        .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("name")))
        .first()
    )
    indicators = list(config.indicators.all()) if config is not None else []
    return Structure(source=source, axes=axes, bodies=bodies, indicators=indicators)


def has_programme(target: Territory) -> bool:
    return Axis.objects.filter(territory=target).exists()
