"""Export of actions and measurements (CSV or XLSX, with the filters of the list) and their
import: upload, preview of every change, then confirmation that applies all or nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core import access, exports
from maillage.core.files import private_download
from maillage.core.http import require
from maillage.core.types import AuthenticatedRequest, HtmxRequest
from maillage.programme import imports as import_services
from maillage.programme import selectors
from maillage.programme.forms import ActionFilterForm, ImportForm
from maillage.programme.imports import TRIPS
from maillage.programme.models import ImportBatch
from maillage.programme.roundtrip import actions as action_trip
from maillage.programme.roundtrip import measurements as measurement_trip
from maillage.programme.roundtrip.common import Report
from maillage.programme.views.common import actions_crumb, crumbs
from maillage.territories.models import Territory
from maillage.territories.selectors import territory_or_404

VERBS = {
    ImportBatch.Kind.ACTIONS: "import_actions",
    ImportBatch.Kind.MEASUREMENTS: "import_measurements",
}


def _spreadsheet(
    request: HtmxRequest, name: str, title: str, headers: list[str], rows: list[list[Any]]
) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    return exports.spreadsheet_response(
        f"{name}-{stamp}", headers, rows, fmt=request.GET.get("format", "csv"), title=title
    )


def _filtered(request: HtmxRequest, territory: Territory) -> Any:
    form = ActionFilterForm(request.GET or None, territory=territory)
    return selectors.action_list(request.user, territory, form.filters())


@require_GET
def export_actions(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    rows = action_trip.export_rows(
        _filtered(request, current),
        people=access.actor_for(request.user).is_partner_level(current.pk),
    )
    return _spreadsheet(
        request, f"actions-{current.slug}", _("Actions"), action_trip.EXPORT_HEADERS, rows
    )


@require_GET
def export_measurements(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    rows = measurement_trip.export_rows(_filtered(request, current))
    return _spreadsheet(
        request,
        f"mesures-{current.slug}",
        _("Mesures"),
        list(measurement_trip.COLUMNS.values()),
        rows,
    )


def _import_kinds(request: HtmxRequest, territory: Territory) -> list[str]:
    return [kind for kind, verb in VERBS.items() if access.can(request.user, verb, territory)]


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthenticatedRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    kinds = _import_kinds(request, current)
    if not kinds:
        # Neither import is open to this user: answer as the engine does for one of them.
        require(request, "import_measurements", current)
    form = ImportForm(request.POST or None, request.FILES or None, kinds=kinds)
    report: Report | None = None
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        upload = form.cleaned_data["file"]
        data = upload.read()
        report = TRIPS[kind].read(data, upload.name, user=request.user, territory=current).report
        if report.ok:
            batch = import_services.record_import(
                actor=request.user,
                territory=current,
                kind=kind,
                filename=upload.name,
                data=data,
                report=report,
            )
            return redirect("programme:import_preview", territory_slug=current.slug, pk=batch.pk)
    return render(
        request,
        "programme/import_upload.html",
        {
            "territory": current,
            "section": "actions",
            "form": form,
            "report": report,
            "action_columns": list(action_trip.COLUMNS.values()),
            "measurement_columns": list(measurement_trip.COLUMNS.values()),
            "breadcrumb": crumbs(current, actions_crumb(current), {"label": _("Importer")}),
        },
        status=400 if (form.errors or (report is not None and not report.ok)) else 200,
    )


@require_GET
def import_file(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponseBase:
    """The uploaded file as it was sent: for the person who uploaded it."""
    current = territory_or_404(request.user, territory_slug)
    batch = selectors.import_batch_or_404(request.user, current, pk)
    return private_download(request, batch, "file", filename=batch.filename)


@require_http_methods(["GET", "POST"])
def import_preview(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    batch = selectors.import_batch_or_404(request.user, current, pk)
    report: Report | None
    if request.method == "POST" and batch.state == ImportBatch.State.PREVIEWED:
        require(request, "apply", batch)
        try:
            report = import_services.apply_import(actor=request.user, batch=batch)
        except ValidationError as exc:
            # Applied meanwhile (another tab, another coordinator): say so, show the batch.
            messages.error(request, " ".join(exc.messages))
            return redirect("programme:import_preview", territory_slug=current.slug, pk=batch.pk)
        if report.ok:
            messages.success(
                request,
                _(
                    "Import de « %(name)s » appliqué : %(created)d ajout(s), %(updated)d modification(s)."
                )
                % {"name": batch.filename, "created": report.created, "updated": report.updated},
            )
            return redirect("programme:actions", territory_slug=current.slug)
    else:
        report = (
            TRIPS[batch.kind]
            .read(
                import_services.batch_data(batch),
                batch.filename,
                user=request.user,
                territory=current,
            )
            .report
            if batch.state == ImportBatch.State.PREVIEWED
            else None
        )
    return render(
        request,
        "programme/import_preview.html",
        {
            "territory": current,
            "section": "actions",
            "batch": batch,
            "report": report,
            "may_apply": access.can(request.user, "apply", batch),
            "breadcrumb": crumbs(
                current,
                actions_crumb(current),
                {"label": _("Importer"), "url": reverse("programme:import", args=[current.slug])},
                {"label": batch.filename},
            ),
        },
        status=400 if report is not None and not report.ok else 200,
    )
