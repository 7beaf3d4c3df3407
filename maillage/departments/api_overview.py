"""The departmental home and the commune's sharing setting in the API (docs/departments.md,
"Vue départementale et partage"): the same selectors and bounds as the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from maillage.api.auth import READ_AUTH, WRITE_AUTH
from maillage.api.schemas import ERRORS, READ_ERRORS
from maillage.core import sharing
from maillage.core.http_api import require_api
from maillage.departments import selectors_overview as selectors
from maillage.territories import selectors as territory_selectors
from maillage.territories import services

router = Router(tags=["Département"])


class DepartmentProgrammeOut(Schema):
    level: str
    axes_count: int
    axes: list[str]  # names, only where the commune shares its programme in detail
    actions_count: int
    actions_by_status: dict[str, int]


class DepartmentBodyOut(Schema):
    kind: str
    name: str | None  # only in detail
    last_meeting: datetime.datetime | None


class DepartmentGovernanceOut(Schema):
    level: str
    bodies: list[DepartmentBodyOut]
    next_review: datetime.date | None


class DepartmentFigureOut(Schema):
    indicator: str
    name: str
    period: int
    status: str
    value: str | None
    display: str


class DepartmentCommuneOut(Schema):
    slug: str
    name: str
    insee_code: str
    sharing: dict[str, str]
    programme: DepartmentProgrammeOut | None
    governance: DepartmentGovernanceOut | None
    key_figures: list[DepartmentFigureOut] | None


class DepartmentOverviewOut(Schema):
    slug: str
    name: str
    communes: list[DepartmentCommuneOut]


class DepartmentSharingOut(Schema):
    slug: str
    levels: dict[str, str]


class DepartmentSharingIn(Schema):
    levels: dict[str, str]


def _commune(row: selectors.CommuneOverview) -> dict[str, Any]:
    programme = governance = figures = None
    if row.shares("programme"):
        programme = {
            "level": row.programme,
            "axes_count": row.axes_count,
            "axes": row.axes,
            "actions_count": row.actions_total,
            "actions_by_status": {value: count for value, _l, count in row.actions_by_status},
        }
    if row.shares("governance"):
        governance = {
            "level": row.governance,
            "bodies": [
                {"kind": b.kind_label, "name": b.name or None, "last_meeting": b.last_meeting}
                for b in row.bodies
            ],
            "next_review": row.next_review,
        }
    if row.shares("observatory"):
        figures = [
            {
                "indicator": indicator.code,
                "name": indicator.name,
                "period": figure.period,
                "status": figure.status,
                "value": None if figure.value is None else str(figure.value),
                "display": figure.display(),
            }
            for indicator, figure in row.figures
        ]
    return {
        "slug": row.territory.slug,
        "name": row.territory.name,
        "insee_code": row.territory.insee_code,
        "sharing": row.levels,
        "programme": programme,
        "governance": governance,
        "key_figures": figures,
    }


@router.get(
    "/departments/{slug}/overview",
    response={200: DepartmentOverviewOut, **READ_ERRORS},
    auth=READ_AUTH,
)
def department_overview(request: HttpRequest, slug: str) -> Any:
    department = territory_selectors.territory_or_404(request.user, slug)
    require_api(request, "view_department", department)
    # Every body of each commune (the page's cards name the first five).
    rows = selectors.overview(request.user, department, bodies_shown=None)
    return {
        "slug": department.slug,
        "name": department.name,
        "communes": [_commune(row) for row in rows],
    }


def _levels(territory: Any) -> dict[str, Any]:
    return {
        "slug": territory.slug,
        "levels": {c: sharing.level_of(territory, c) for c in sharing.CAPABILITIES},
    }


@router.get(
    "/territories/{slug}/department-sharing",
    response={200: DepartmentSharingOut, **READ_ERRORS},
    auth=READ_AUTH,
)
def get_department_sharing(request: HttpRequest, slug: str) -> Any:
    territory = territory_selectors.territory_or_404(request.user, slug)
    require_api(request, "view_department_sharing", territory)
    return _levels(territory)


@router.put(
    "/territories/{slug}/department-sharing",
    response={200: DepartmentSharingOut, **ERRORS},
    auth=WRITE_AUTH,
)
def set_department_sharing(request: HttpRequest, slug: str, payload: DepartmentSharingIn) -> Any:
    territory = territory_selectors.territory_or_404(request.user, slug)
    require_api(request, "change_department_sharing", territory)
    updated = services.set_department_sharing(
        actor=request.user, territory=territory, levels=payload.levels
    )
    return _levels(updated)
