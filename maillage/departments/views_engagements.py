"""Engagements pages (docs/departments.md, "Engagements"): a Département's engagements
across its communes, an organisation's across its territories, and their CSV exports."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.core import exports
from maillage.core.http import require
from maillage.core.pages import breadcrumbs, render_page
from maillage.core.pagination import paginate_bounded
from maillage.core.types import HtmxRequest
from maillage.departments import selectors_engagements as selectors
from maillage.departments.forms_engagements import EngagementFilterForm
from maillage.territories import selectors as territory_selectors

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000
EXPORT_CHUNK = 1000


def _department(request: HtmxRequest, territory_slug: str) -> tuple[Any, Any, Any]:
    department = territory_selectors.territory_or_404(request.user, territory_slug)
    require(request, "view_department", department)
    organisations = selectors.department_organisations(request.user, department)
    communes = selectors.communes_of(department)
    form = EngagementFilterForm(request.GET or None, organisations=organisations, communes=communes)
    result = selectors.department_engagements(request.user, organisations, communes, form.filters())
    return department, form, result


def _organisation(request: HtmxRequest, territory_slug: str, pk: int) -> tuple[Any, Any, Any, Any]:
    current = territory_selectors.territory_or_404(request.user, territory_slug)
    organisation = territory_selectors.organisation_or_404(request.user, current, pk)
    require(request, "view_engagements", organisation)
    organisations = selectors.organisation_family(organisation)
    territories = selectors.organisation_territories(request.user, organisations)
    form = EngagementFilterForm(
        request.GET or None, organisations=organisations, communes=territories
    )
    result = selectors.organisation_engagements(request.user, organisations, form.filters())
    return current, organisation, form, result


def _page_context(request: HtmxRequest, form: Any, result: Any) -> dict[str, Any]:
    page = paginate_bounded(request, result.rows, PAGE_SIZE)
    return {
        "form": form,
        "page": page,
        "rows": selectors.rows_of(page.object_list, result.org_ids),
        "aggregates": result.aggregates,
        "filtered": bool(
            request.GET.get("service")
            or request.GET.get("commune")
            or request.GET.get("kind")
            or request.GET.get("overdue")
        ),
    }


@login_required
@require_GET
def engagements(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    department, form, result = _department(request, territory_slug)
    context = _page_context(request, form, result)
    context.update(
        {
            "territory": department,
            "title": _("Engagements du Département"),
            "export_url": reverse("departments:engagements_export", args=[department.slug]),
            "breadcrumb": breadcrumbs(department, {"label": _("Engagements")}),
        }
    )
    return render_page(request, "departments/engagements.html", context, form=form)


@login_required
@require_GET
def organisation_engagements(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current, organisation, form, result = _organisation(request, territory_slug, pk)
    context = _page_context(request, form, result)
    context.update(
        {
            "territory": current,
            "section": "partners",
            "organisation": organisation,
            "title": _("Engagements de %(name)s") % {"name": organisation.name},
            "export_url": reverse(
                "departments:organisation_engagements_export", args=[current.slug, organisation.pk]
            ),
            "breadcrumb": breadcrumbs(
                current,
                {
                    "label": _("Partenaires"),
                    "url": reverse("territories:partners", args=[current.slug]),
                },
                {
                    "label": organisation.name,
                    "url": reverse(
                        "territories:organisation", args=[current.slug, organisation.pk]
                    ),
                },
                {"label": _("Engagements")},
            ),
        }
    )
    return render_page(request, "departments/engagements.html", context, form=form)


def _csv_rows(result: Any) -> Iterator[list[Any]]:
    """The filtered list, in its order: each kind streamed a chunk at a time and merged
    (a few queries per chunk), never the whole union sorted at once."""
    stream = result.rows.stream(EXPORT_LIMIT, EXPORT_CHUNK)
    while chunk := list(itertools.islice(stream, EXPORT_CHUNK)):
        for row in selectors.rows_of(chunk, result.org_ids):
            yield [
                row.kind_label,
                row.label,
                row.commune,
                ", ".join(row.organisations),
                row.role,
                row.due_date,
                _("oui") if row.overdue else _("non"),
            ]


def _headers() -> list[str]:
    return [
        _("Type"),
        _("Intitulé"),
        _("Commune"),
        _("Organisations"),
        _("Rôle"),
        _("Échéance"),
        _("En retard"),
    ]


@login_required
@require_GET
def engagements_export(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    """The filtered list as CSV: the same rows as the page, never a row of a commune that
    shares less than the detail."""
    department, _form, result = _department(request, territory_slug)
    return exports.csv_response(
        f"engagements-{department.slug}.csv", _headers(), list(_csv_rows(result))
    )


@login_required
@require_GET
def organisation_engagements_export(
    request: HtmxRequest, territory_slug: str, pk: int
) -> HttpResponse:
    _current, organisation, _form, result = _organisation(request, territory_slug, pk)
    return exports.csv_response(
        f"engagements-organisation-{organisation.pk}.csv", _headers(), list(_csv_rows(result))
    )
