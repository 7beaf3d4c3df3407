"""The veille's aggregate pages: the map of open signals, the monthly trend, the note de
veille (page, PDF, DOCX) and the data protection documents (DOCX, coordinators only).

Thin views: the counts come from ``reports`` (read through ``core.access.visible``), the
files from ``documents``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.core import access
from maillage.core.http import require
from maillage.core.pages import Crumb, SectionPage, breadcrumbs, crumb, section_crumb
from maillage.territories.models import Territory
from maillage.territories.selectors import territory_or_404
from maillage.watch import charts, documents, reports
from maillage.watch.forms_reports import MapLevelForm

_page = SectionPage("watch", "watch/reports/")


def _territory(request: HttpRequest, slug: str, verb: str) -> Territory:
    current = territory_or_404(request.user, slug)
    require(request, verb, current)
    return current


def _section(territory: Territory) -> Crumb:
    return section_crumb(_("Veille"), "watch:signals", territory)


def _crumbs(territory: Territory, label: str) -> list[Crumb]:
    return breadcrumbs(
        territory,
        _section(territory),
        crumb(_("Synthèses"), reverse("watch:reports", args=[territory.slug])),
        crumb(label),
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def reports_home(request: HttpRequest, territory_slug: str) -> HttpResponse:
    """What the reader may consult: the map and the trend for partners of the territory,
    the note de veille for the cellule, the data protection documents for coordinators."""
    current = _territory(request, territory_slug, "use_watch")
    return _page(
        request,
        "home.html",
        current,
        {
            "title": _("Veille : cartes, tendances et note de veille"),
            "may_note": access.can(request.user, "triage_signals", current),
            "may_manage": access.can(request.user, "manage_watch", current),
            "breadcrumb": breadcrumbs(current, _section(current), crumb(_("Synthèses"))),
        },
    )


@login_required
@require_GET
def signal_map(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = _territory(request, territory_slug, "use_watch")
    form = MapLevelForm(request.GET or None, levels=reports.map_level_choices())
    level = None
    status = 200
    if request.GET:
        if form.is_valid():
            level = form.cleaned_data["niveau"] or None
        else:
            status = 400
    result = reports.signal_map(request.user, current, level)
    if not request.GET:
        form = MapLevelForm(initial={"niveau": result.level}, levels=reports.map_level_choices())
    title = _("Carte des signalements ouverts")
    return _page(
        request,
        "map.html",
        current,
        {
            "title": title,
            "result": result,
            "map": result.choropleth,
            "form": form,
            "breadcrumb": _crumbs(current, title),
        },
        status=status,
    )


@login_required
@require_GET
def trend(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = _territory(request, territory_slug, "use_watch")
    data = reports.monthly_trend(request.user, current)
    title = _("Signalements par mois et par thématique")
    return _page(
        request,
        "trend.html",
        current,
        {
            "title": title,
            "trend": data,
            "chart": charts.render(data, title),
            "breadcrumb": _crumbs(current, title),
        },
    )


@login_required
@require_GET
def note(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = _territory(request, territory_slug, "triage_signals")
    data = reports.note_data(request.user, current)
    title = _("Note de veille pour le comité stratégique")
    return _page(
        request,
        "note.html",
        current,
        {"title": title, "note": data, "breadcrumb": _crumbs(current, title)},
    )


@login_required
@require_GET
def note_pdf(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = _territory(request, territory_slug, "triage_signals")
    data = reports.note_data(request.user, current)
    return _download(documents.note_pdf(data, current), documents.PDF, f"{data.filename}.pdf")


@login_required
@require_GET
def note_docx(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = _territory(request, territory_slug, "triage_signals")
    data = reports.note_data(request.user, current)
    return _download(documents.note_docx(data), documents.DOCX, f"{data.filename}.docx")


@login_required
@require_GET
def register_docx(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = _territory(request, territory_slug, "manage_watch")
    facts = reports.protection_facts(current)
    return _download(
        documents.register_docx(facts),
        documents.DOCX,
        f"registre-traitement-veille-{current.slug}.docx",
    )


@login_required
@require_GET
def aipd_docx(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = _territory(request, territory_slug, "manage_watch")
    facts = reports.protection_facts(current)
    return _download(documents.aipd_docx(facts), documents.DOCX, f"aipd-veille-{current.slug}.docx")
