"""Exchange: data·inclusion imports (upload, review, files) and exports."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core import access, exports
from maillage.core.files import private_download
from maillage.core.http import require
from maillage.core.pages import (
    handle_form,
)
from maillage.core.types import HtmxRequest
from maillage.network import mapping, selectors, services
from maillage.network.exchange import writers
from maillage.network.forms import (
    ImportForm,
)
from maillage.network.models import ImportBatch, Service
from maillage.network.views.common import crumbs, page
from maillage.territories.models import Organisation
from maillage.territories.selectors import territory_or_404


@require_http_methods(["GET", "POST"])
def exchange(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    may_import = access.can(request.user, "run_network", current)
    form = ImportForm(request.POST or None, request.FILES or None) if may_import else None
    if request.method == "POST":
        require(request, "run_network", current)
        assert form is not None
        if done := handle_form(
            request,
            form,
            lambda: services.start_import(
                actor=request.user,
                territory=current,
                structures_file=form.cleaned_data["structures_file"],
                services_file=form.cleaned_data["services_file"],
                visibility=form.cleaned_data["visibility"],
            ),
        ):
            return done
    api_base = request.build_absolute_uri(reverse("api-v1:api-root"))
    return page(
        request,
        "network/exchange.html",
        current,
        {
            "form": form,
            "imports": selectors.imports(request.user, current) if may_import else [],
            "api_structures": f"{api_base}data-inclusion/structures?territoire={current.slug}",
            "api_services": f"{api_base}data-inclusion/services?territoire={current.slug}",
            "breadcrumb": crumbs(current, {"label": _("Échanges data·inclusion")}),
        },
        form=form,
    )


@require_GET
def import_file(request: HtmxRequest, territory_slug: str, pk: int, which: str) -> HttpResponseBase:
    """One of the two uploaded files, as it was sent: for the coordinators."""
    current = territory_or_404(request.user, territory_slug)
    batch = selectors.import_or_404(request.user, current, pk)
    names = {"structures": batch.structures_name, "services": batch.services_name}
    if which not in names:
        raise Http404
    return private_download(request, batch, f"{which}_file", filename=names[which] or which)


@require_http_methods(["GET", "POST"])
def import_detail(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    batch = selectors.import_or_404(request.user, current, pk)
    require(request, "view", batch)
    error = ""
    if request.method == "POST":
        require(request, "apply", batch)
        decisions = {
            key.removeprefix("decision-"): str(value)
            for key, value in request.POST.items()
            if key.startswith("decision-")
        }
        try:
            batch = services.confirm_import(
                actor=request.user,
                batch=batch,
                decisions=decisions,
                default=request.POST.get("default", "merge"),
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect(batch.get_absolute_url())
    context = {
        "batch": batch,
        "error": error,
        "duplicates": _duplicates_with_names(batch),
        "applied": [
            (APPLIED_LABELS.get(name, name), n)
            for name, n in (batch.summary.get("applied") or {}).items()
        ],
        "breadcrumb": crumbs(
            current,
            {
                "label": _("Échanges data·inclusion"),
                "url": reverse("network:exchange", args=[current.slug]),
            },
            {"label": str(batch)},
        ),
    }
    if request.htmx:
        return page(request, "network/partials/import_status.html", current, context)
    return page(
        request, "network/import_detail.html", current, context, status=400 if error else 200
    )


APPLIED_LABELS = {
    "structures_created": gettext_lazy("Structures créées"),
    "structures_updated": gettext_lazy("Structures mises à jour"),
    "structures_merged": gettext_lazy("Structures fusionnées"),
    "structures_skipped": gettext_lazy("Structures ignorées"),
    "services_created": gettext_lazy("Services créés"),
    "services_updated": gettext_lazy("Services mis à jour"),
    "services_skipped": gettext_lazy("Services ignorés"),
}


def _duplicates_with_names(batch: ImportBatch) -> list[dict[str, Any]]:
    org_ids = [d["match_id"] for d in batch.duplicates if d["kind"] == "structure"]
    service_ids = [d["match_id"] for d in batch.duplicates if d["kind"] == "service"]
    orgs = dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "name"))
    found = dict(Service.objects.filter(pk__in=service_ids).values_list("pk", "name"))
    return [
        {
            **d,
            "field": f"decision-{d['kind']}:{d['key']}",
            "match_name": (orgs if d["kind"] == "structure" else found).get(d["match_id"], "?"),
        }
        for d in batch.duplicates
    ]


EXPORT_KINDS = ("structures", "services")
EXPORT_FORMATS = ("json", "csv")


@require_GET
def export(request: HtmxRequest, territory_slug: str, kind: str, fmt: str) -> StreamingHttpResponse:
    current = territory_or_404(request.user, territory_slug)
    if kind not in EXPORT_KINDS or fmt not in EXPORT_FORMATS:
        raise Http404
    if kind == "services":
        records = (
            mapping.service_to_di(s, structure_id=mapping.structure_id_of(s.organisation))
            for s in selectors.exported_services(request.user, current).iterator(chunk_size=1000)
        )
        fields = mapping.SERVICE_FIELDS
    else:
        records = (
            mapping.structure_to_di(
                o, getattr(o, "structure_profile", None) if _has_profile(o) else None
            )
            for o in selectors.exported_structures(request.user, current).iterator(chunk_size=1000)
        )
        fields = mapping.STRUCTURE_FIELDS
    filename = f"{current.slug}-{kind}-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        return exports.csv_stream(filename, fields, writers.csv_rows(fields, records))
    response = StreamingHttpResponse(
        writers.json_lines(records), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _has_profile(organisation: Any) -> bool:
    try:
        return organisation.structure_profile is not None
    except Exception:  # RelatedObjectDoesNotExist
        return False
