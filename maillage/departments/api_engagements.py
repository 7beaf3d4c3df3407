"""Engagements in the API (docs/departments.md, "Engagements"): the same list, filters
and access rules as the page ``departments:engagements``."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema

from maillage.api.auth import READ_AUTH
from maillage.api.pagination import paginated
from maillage.api.schemas import MAX_ID, READ_ERRORS
from maillage.core.http_api import require_api
from maillage.departments import selectors_engagements as selectors
from maillage.departments.forms_engagements import EngagementFilterForm
from maillage.territories import selectors as territory_selectors

engagements_router = Router(tags=["Département"])


class EngagementFilters(Schema):
    service: int | None = Field(None, ge=1, le=MAX_ID, description="Service (organisation)")
    territory: int | None = Field(None, ge=1, le=MAX_ID, description="Commune (territoire)")
    kind: str = Field(
        "",
        max_length=16,
        description="action, decision, task ou agreement",
        json_schema_extra={"enum": ["", *selectors.KINDS]},
    )
    overdue: bool = Field(False, description="En retard seulement")


class EngagementOut(Schema):
    kind: str
    id: int
    title: str
    territory: str = Field(..., description="Nom de la commune")
    territory_slug: str
    organisations: list[str]
    role: str
    due_date: datetime.date | None
    overdue: bool
    url: str


class _Page:
    """The merged rows, converted a page at a time (a few queries per page)."""

    def __init__(self, rows: Any, org_ids: list[int]) -> None:
        self.rows = rows
        self.org_ids = org_ids

    def __len__(self) -> int:
        return int(self.rows.count())

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [
            {
                "kind": row.kind,
                "id": row.id,
                "title": row.label,
                "territory": row.commune,
                "territory_slug": row.commune_slug,
                "organisations": row.organisations,
                "role": row.role,
                "due_date": row.due_date,
                "overdue": row.overdue,
                "url": row.url,
            }
            for row in selectors.rows_of(list(self.rows[window]), self.org_ids)
        ]


@engagements_router.get(
    "/departments/{slug}/engagements",
    response={200: list[EngagementOut], **READ_ERRORS},
    auth=READ_AUTH,
    url_name="departments_engagements",
)
@paginated()
def department_engagements(
    request: HttpRequest,
    filters: Query[EngagementFilters],
    slug: str = Path(..., max_length=80, description="Identifiant d’adresse du département"),
) -> Any:
    department = territory_selectors.territory_or_404(request.user, slug)
    require_api(request, "view_department", department)
    organisations = selectors.department_organisations(request.user, department)
    communes = selectors.communes_of(department)
    data = {
        key: value
        for key, value in {
            "service": filters.service,
            "commune": filters.territory,
            "kind": filters.kind,
            "overdue": "on" if filters.overdue else "",
        }.items()
        if value not in (None, "")
    }
    form = EngagementFilterForm(data, organisations=organisations, communes=communes)
    if not form.is_valid():
        # The form's field is the page's "commune"; the API calls it "territory".
        names = {"commune": "territory"}
        raise ValidationError(
            {names.get(field, field): list(errors) for field, errors in form.errors.items()}
        )
    result = selectors.department_engagements(request.user, organisations, communes, form.filters())
    return _Page(result.rows, result.org_ids)
