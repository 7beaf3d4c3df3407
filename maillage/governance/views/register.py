"""The register of decisions and tasks, "mes tâches", search across bodies, and the
register's export for spreadsheets."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.core import access, exports, references
from maillage.core.http import require
from maillage.core.kept_parts import kept_page
from maillage.core.pagination import COUNT_CAP, count_up_to, first_rows, paginate_bounded
from maillage.core.types import HtmxRequest
from maillage.governance import forms, selectors
from maillage.governance.models import FollowUpTask
from maillage.governance.views.common import crumbs, page
from maillage.governance.views.common import territory as get_territory
from maillage.territories.selectors import partner_choices

# Twenty-five decisions a page, like « mes tâches » keeps to twenty: a screenful to read,
# and half the rows to render of the fifty it had (bench/README.md, sixth pass).
PAGE_SIZE = 25
# "Mes tâches" is a to-do list whose every row carries its own status form: twenty, the
# most urgent first, keep the page light to read and to render (bench/README.md).
MY_TASKS_PAGE_SIZE = 20
EXPORT_LIMIT = 100_000


def _filter_form(request: HtmxRequest, current: object, view: str) -> forms.RegisterFilterForm:
    bodies = selectors.body_choices(request.user, current)  # type: ignore[arg-type]
    return forms.RegisterFilterForm(
        request.GET or None,
        view=view,
        bodies=bodies,
        owners=partner_choices(current),  # type: ignore[arg-type]
        years=selectors.register_years(bodies),
    )


def _view(request: HtmxRequest) -> str:
    return "taches" if request.GET.get("vue") == "taches" else "decisions"


@require_GET
def register(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = get_territory(request, territory_slug)
    view = _view(request)

    def content() -> dict[str, Any]:
        form = _filter_form(request, current, view)
        filters = form.filters()
        if view == "taches":
            page_ = paginate_bounded(
                request, selectors.register_tasks(request.user, current, filters), PAGE_SIZE
            )
        else:
            page_ = paginate_bounded(
                request, selectors.register_decisions(request.user, current, filters), PAGE_SIZE
            )
            selectors.with_visible_tasks(request.user, list(page_.object_list))
        return {
            "view": view,
            "form": form,
            "page": page_,
            "today": timezone.localdate(),
            "filtered": any(
                [
                    filters.body,
                    filters.kind,
                    filters.status,
                    filters.owner,
                    filters.year,
                    filters.text,
                    filters.overdue,
                ]
            ),
            "may_see_tasks": access.can(request.user, "view_my_tasks", current),
        }

    # Kept for the reader until the next write (core/kept_parts.py); htmx asks for the
    # results alone when a filter changes.
    return kept_page(
        request,
        "register",
        "governance/register.html",
        {
            "territory": current,
            "section": "governance",
            "breadcrumb": crumbs(current, {"label": _("Registre des décisions")}),
        },
        "governance/partials/register_main.html",
        content,
        htmx_part="governance/partials/register_results.html",
    )


@require_GET
def register_export(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    """The register as CSV for French spreadsheets, filtered like the page and narrowed by
    the same access rules; a fiche action the reader may not see is named neutrally."""
    current = get_territory(request, territory_slug)
    view = _view(request)
    filters = _filter_form(request, current, view).filters()
    user = request.user
    if view == "taches":
        headers = [
            _("Tâche"),
            _("Instance"),
            _("Décision"),
            _("Organisation"),
            _("Personne"),
            _("Échéance"),
            _("État"),
            _("En retard"),
            _("Dernier point"),
        ]
        rows: Any = (
            [
                task.title,
                task.body.name if task.body else references.code(user, task, "agreement"),
                references.code(user, task, "decision"),
                task.owner.name if task.owner else "",
                task.assignee.full_name if task.assignee else "",
                task.due_date,
                task.get_status_display(),
                _("oui") if task.is_overdue else _("non"),
                task.status_note,
            ]
            for task in selectors.register_tasks(user, current, filters)[:EXPORT_LIMIT]
        )
        return exports.csv_response(f"taches-{current.slug}.csv", headers, rows)
    headers = [
        _("Référence"),
        _("Date"),
        _("Instance"),
        _("Décision"),
        _("Organisation responsable"),
        _("Échéance"),
        _("État"),
        _("En retard"),
        _("Fiche action"),
    ]
    rows = (
        [
            decision.reference,
            decision.decided_on,
            decision.body.name,
            decision.text,
            decision.owner.name if decision.owner else "",
            decision.due_date,
            decision.get_status_display(),
            _("oui") if decision.is_overdue else _("non"),
            references.code(user, decision, "action"),
        ]
        for decision in selectors.register_decisions(user, current, filters)[:EXPORT_LIMIT]
    )
    return exports.csv_response(f"decisions-{current.slug}.csv", headers, rows)


@login_required
@require_GET
def my_tasks(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = get_territory(request, territory_slug)
    require(request, "view_my_tasks", current)

    def content() -> dict[str, Any]:
        open_tasks = selectors.my_tasks(request.user, current)
        # Counted up to the cap, like the list ("plus de 1 000" past it), and kept until
        # the next write as the list's count is.
        overdue = open_tasks.overdue(timezone.localdate())  # type: ignore[attr-defined]
        overdue_count = count_up_to(overdue)
        return {
            "page": paginate_bounded(request, open_tasks, MY_TASKS_PAGE_SIZE),
            "done_tasks": first_rows(selectors.my_tasks(request.user, current, done=True), 10),
            "overdue_count": min(overdue_count, COUNT_CAP),
            "overdue_capped": overdue_count > COUNT_CAP,
            "statuses": FollowUpTask.Status.choices,
        }

    # Kept for the reader until the next write (core/kept_parts.py).
    return kept_page(
        request,
        "my-tasks",
        "governance/my_tasks.html",
        {
            "territory": current,
            "section": "governance",
            "breadcrumb": crumbs(current, {"label": _("Mes tâches")}),
        },
        "governance/partials/my_tasks_main.html",
        content,
    )


@require_GET
def search(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = get_territory(request, territory_slug)
    form = forms.SearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    return page(
        request,
        "governance/search.html",
        {
            "territory": current,
            "form": form,
            "text": text,
            "results": selectors.search(request.user, current, text) if text else None,
            "breadcrumb": crumbs(current, {"label": _("Recherche")}),
        },
    )
