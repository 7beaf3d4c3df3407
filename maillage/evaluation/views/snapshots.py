"""A frozen year: the snapshot and its hash check, its canonical JSON, year N against
N-1, the reports (PDF, DOCX, ODT) and the resident summary."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from maillage.core import access
from maillage.core.files import private_download
from maillage.core.http import require
from maillage.core.pages import crumb, run_action
from maillage.evaluation import reports, selectors, services
from maillage.evaluation.views.common import crumbs, page, url
from maillage.territories.selectors import territory_or_404

CONTENT_TYPES = {"pdf": reports.PDF, "docx": reports.DOCX, "odt": reports.ODT}


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def snapshot(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    found = selectors.snapshot_or_404(request.user, territory, year)
    data = found.data
    return page(
        request,
        "snapshot.html",
        territory,
        {
            "title": str(found),
            "breadcrumb": crumbs(territory, crumb(str(found))),
            "snapshot": found,
            "intact": found.is_intact(),
            "recomputed": found.recomputed_hash(),
            "data": data,
            "previous": selectors.previous(found),
            "report": selectors.report_edition(found),
            "may_generate_report": access.can(request.user, "generate_report", found),
        },
    )


@require_GET
def snapshot_json(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    found = selectors.snapshot_or_404(request.user, territory, year)
    response = HttpResponse(found.content.encode("utf-8"), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="instantane-{found.year}.json"'
    response["X-Content-SHA256"] = found.sha256
    return response


@require_GET
def compare(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    found = selectors.snapshot_or_404(request.user, territory, year)
    before = selectors.previous(found)
    return page(
        request,
        "compare.html",
        territory,
        {
            "title": _("%(year)s comparée à l’année précédente") % {"year": year},
            "breadcrumb": crumbs(
                territory, crumb(str(found), found.get_absolute_url()), crumb(_("Comparer"))
            ),
            "snapshot": found,
            "before": before,
            "changes": selectors.compare(found.data, before.data) if before else None,
        },
    )


def _report_file(request: HttpRequest, territory_slug: str, year: int, fmt: str) -> Any:
    """The stored « Bilan annuel » in ``fmt``, once a task has generated it (404 before)."""
    territory = territory_or_404(request.user, territory_slug)
    found = selectors.snapshot_or_404(request.user, territory, year)
    edition = selectors.ready_report_or_404(request.user, found)
    return private_download(
        request,
        edition,
        fmt,
        filename=f"{services.file_stem(found)}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )


@require_GET
def report_pdf(request: HttpRequest, territory_slug: str, year: int) -> HttpResponseBase:
    return _report_file(request, territory_slug, year, "pdf")


@require_GET
def report_docx(request: HttpRequest, territory_slug: str, year: int) -> HttpResponseBase:
    return _report_file(request, territory_slug, year, "docx")


@require_GET
def report_odt(request: HttpRequest, territory_slug: str, year: int) -> HttpResponseBase:
    return _report_file(request, territory_slug, year, "odt")


@login_required
@require_POST
def report_generate(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    """« Générer le bilan annuel »: a background task renders it; the campaign's page
    shows its state, then the download links."""
    territory = territory_or_404(request.user, territory_slug)
    found = selectors.snapshot_or_404(request.user, territory, year)
    require(request, "generate_report", found)
    run_action(
        request,
        lambda: services.request_report(actor=request.user, snapshot=found),
        success_message=_(
            "Le bilan annuel est en cours de génération : il sera proposé au "
            "téléchargement sur cette page dès qu’il sera prêt."
        ),
    )
    return redirect(url("campaign", territory, year=year))


@require_GET
def summary(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    """The year in plain French for residents: public once the year is closed."""
    territory = territory_or_404(request.user, territory_slug)
    found = selectors.summary_snapshot_or_404(territory, year)
    return page(
        request,
        "summary.html",
        territory,
        {
            "title": _("Le projet social en %(year)s, en bref") % {"year": year},
            "breadcrumb": crumbs(territory, crumb(_("%(year)s en bref") % {"year": year})),
            "snapshot": found,
            "sentences": reports.summary(found.data),
        },
    )


@require_GET
def summary_pdf(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    found = selectors.summary_snapshot_or_404(territory, year)
    return _download(
        reports.summary_pdf(found.data), reports.PDF, f"pst-{territory.slug}-{year}-en-bref.pdf"
    )
