"""A frozen year: the snapshot and its hash check, its canonical JSON, year N against
N-1, the reports (PDF, DOCX, ODT) and the resident summary."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.core.pages import crumb
from maillage.evaluation import reports, selectors
from maillage.evaluation.models import Snapshot
from maillage.evaluation.views.common import crumbs, page
from maillage.territories.selectors import territory_or_404


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _stem(snapshot: Snapshot) -> str:
    return f"bilan-annuel-pst-{snapshot.territory.slug}-{snapshot.year}"


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


@require_GET
def report_pdf(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    found = selectors.snapshot_or_404(request.user, territory, year)
    return _download(
        reports.report_pdf(found.data, found.sha256), reports.PDF, _stem(found) + ".pdf"
    )


@require_GET
def report_docx(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    found = selectors.snapshot_or_404(request.user, territory, year)
    return _download(
        reports.report_docx(found.data, found.sha256), reports.DOCX, _stem(found) + ".docx"
    )


@require_GET
def report_odt(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    found = selectors.snapshot_or_404(request.user, territory, year)
    return _download(
        reports.report_odt(found.data, found.sha256), reports.ODT, _stem(found) + ".odt"
    )


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
