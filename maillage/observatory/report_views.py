"""The ABS report's pages: editions, the template (indicators, sections), a partner's
section, generation and downloads."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access
from maillage.core.files import private_download
from maillage.core.http import require
from maillage.core.pages import Crumb, SectionPage, handle_form, section_crumb
from maillage.observatory import selectors, services
from maillage.observatory.forms import (
    ReportCommentsForm,
    ReportConfigForm,
    ReportGenerateForm,
    ReportSectionCreateForm,
    ReportSectionForm,
    ReportThemeTextForm,
)
from maillage.observatory.models import ReportEdition, Theme
from maillage.observatory.views import _crumbs as observatory_crumbs
from maillage.territories.models import Territory
from maillage.territories.selectors import territory_or_404

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _crumbs(territory: Territory, *more: Crumb) -> list[Crumb]:
    report = section_crumb(_("Rapport ABS"), "observatory:report", territory)
    return observatory_crumbs(territory, report, *more)


_page = SectionPage("observatory", "observatory/report/")


def _territory(request: HttpRequest, slug: str, verb: str = "view_report") -> Territory:
    current = territory_or_404(request.user, slug)
    require(request, verb, current)
    return current


@login_required
@require_GET
def report(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = _territory(request, territory_slug)
    form = ReportGenerateForm(initial={"year": datetime.date.today().year})
    return _page(request, "home.html", current, _home_context(request, current, form))


def _home_context(
    request: HttpRequest, current: Territory, generate_form: ReportGenerateForm
) -> dict[str, Any]:
    config = selectors.report_config(current)
    sections = list(config.sections.all()) if config else []
    return {
        "title": _("Analyse des besoins sociaux"),
        "config": config,
        "indicator_count": len(config.indicators.all()) if config else 0,
        "sections": [
            (section, access.can(request.user, "change", section)) for section in sections
        ],
        "editions": list(selectors.report_editions(request.user, current)),
        "themes": selectors.report_themes(request.user, config),
        "may_manage": access.can(request.user, "manage_report", current),
        "generate_form": generate_form,
        "breadcrumb": [*_crumbs(current)[:-1], {"label": _("Rapport ABS")}],
    }


@login_required
@require_http_methods(["GET", "POST"])
def report_config(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = _territory(request, territory_slug, "manage_report")
    config = selectors.report_config(current)
    initial = (
        {
            "title": config.title,
            "introduction": config.introduction,
            "indicators": list(config.indicators.all()),
        }
        if config
        else {"title": _("Analyse des besoins sociaux")}
    )
    form = ReportConfigForm(request.POST or None, initial=initial)
    if done := handle_form(
        request,
        form,
        lambda: services.configure_report(
            actor=request.user,
            territory=current,
            title=form.cleaned_data["title"],
            introduction=form.cleaned_data["introduction"],
            indicators=form.cleaned_data["indicators"],
        ),
        success_message=_("Le modèle du rapport est enregistré."),
        success_url=reverse("observatory:report", kwargs={"territory_slug": current.slug}),
    ):
        return done
    return _page(
        request,
        "config.html",
        current,
        {
            "title": _("Modèle du rapport ABS"),
            "form": form,
            "themes": dict(Theme.choices),
            "breadcrumb": _crumbs(current, {"label": _("Modèle")}),
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_comments(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = _territory(request, territory_slug, "manage_report")
    config = selectors.report_config(current)
    indicators = list(config.indicators.all()) if config else []
    form = ReportCommentsForm(
        request.POST or None,
        indicators=indicators,
        initial={
            f"comment_{code}": text for code, text in (config.comments if config else {}).items()
        },
    )
    if done := handle_form(
        request,
        form,
        lambda: services.set_report_comments(
            actor=request.user, territory=current, comments=form.comments()
        ),
        success_message=_("Les commentaires sont enregistrés."),
        success_url=reverse("observatory:report", kwargs={"territory_slug": current.slug}),
    ):
        return done
    return _page(
        request,
        "form.html",
        current,
        {
            "title": _("Commentaires des indicateurs"),
            "subtitle": _("Imprimés sous le tableau de chaque indicateur.")
            if indicators
            else _("Choisissez d’abord les indicateurs du rapport."),
            "form": form,
            "breadcrumb": _crumbs(current, {"label": _("Commentaires")}),
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_theme_text(request: HttpRequest, territory_slug: str, theme: str) -> HttpResponse:
    """The coordinators write the analysis of one theme of the report."""
    current = _territory(request, territory_slug, "manage_report")
    config = selectors.report_config(current)
    entry = next(
        (item for item in selectors.report_themes(request.user, config) if item["theme"] == theme),
        None,
    )
    if entry is None:
        raise Http404
    form = ReportThemeTextForm(
        request.POST or None, initial={"text": entry["text"].text if entry["text"] else ""}
    )
    if done := handle_form(
        request,
        form,
        lambda: services.set_report_theme_text(
            actor=request.user, territory=current, theme=theme, text=form.cleaned_data["text"]
        ),
        success_message=_("L’analyse du thème est enregistrée."),
        success_url=reverse("observatory:report", kwargs={"territory_slug": current.slug})
        + "#themes",
    ):
        return done
    return _page(
        request,
        "form.html",
        current,
        {
            "title": _("Analyse du thème « %(theme)s »") % {"theme": entry["label"]},
            "subtitle": _("Indicateurs du thème : %(names)s.")
            % {"names": ", ".join(ind.name for ind in entry["indicators"])},
            "form": form,
            "breadcrumb": _crumbs(current, {"label": entry["label"]}),
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_section_create(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = _territory(request, territory_slug, "manage_report")
    form = ReportSectionCreateForm(request.POST or None, territory=current)
    if done := handle_form(
        request,
        form,
        lambda: services.add_report_section(
            actor=request.user,
            territory=current,
            organisation=form.cleaned_data["organisation"],
            title=form.cleaned_data["title"],
        ),
        success_message=_("La section est confiée à l’organisation."),
        success_url=reverse("observatory:report", kwargs={"territory_slug": current.slug}),
    ):
        return done
    return _page(
        request,
        "form.html",
        current,
        {
            "title": _("Confier une section à un partenaire"),
            "form": form,
            "breadcrumb": _crumbs(current, {"label": _("Nouvelle section")}),
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_section(request: HttpRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    section = selectors.report_section_or_404(request.user, current, pk)
    require(request, "change", section)
    form = ReportSectionForm(request.POST or None, initial={"text": section.text})
    if done := handle_form(
        request,
        form,
        lambda: services.update_report_section(
            actor=request.user, section=section, text=form.cleaned_data["text"]
        ),
        success_message=_("La section est enregistrée."),
        success_url=reverse("observatory:report", kwargs={"territory_slug": current.slug}),
    ):
        return done
    return _page(
        request,
        "form.html",
        current,
        {
            "title": section.title,
            "subtitle": _("Section rédigée par %(organisation)s")
            % {"organisation": section.organisation.name},
            "form": form,
            "breadcrumb": _crumbs(current, {"label": section.title}),
        },
        form=form,
    )


@login_required
@require_POST
def report_generate(request: HttpRequest, territory_slug: str) -> HttpResponse:
    current = _territory(request, territory_slug, "manage_report")
    form = ReportGenerateForm(request.POST)
    if done := handle_form(
        request,
        form,
        lambda: services.request_report(
            actor=request.user, territory=current, year=form.cleaned_data["year"]
        ),
        success_message=lambda edition: (
            _("L’édition %(year)s est en cours de génération.") % {"year": edition.year}
        ),
        success_url=lambda edition: reverse(
            "observatory:report_edition",
            kwargs={"territory_slug": current.slug, "year": edition.year},
        ),
    ):
        return done
    return _page(request, "home.html", current, _home_context(request, current, form), status=400)


@require_GET
def report_edition(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    edition = selectors.report_edition_or_404(request.user, current, year)
    context = {
        "title": _("Rapport ABS %(year)s") % {"year": edition.year},
        "edition": edition,
        "ready": edition.state == ReportEdition.State.READY,
        "pending": edition.state == ReportEdition.State.PENDING,
        "may_regenerate": access.can(request.user, "regenerate", edition),
        "breadcrumb": _crumbs(current, {"label": str(edition.year)}),
    }
    if getattr(request, "htmx", False):
        return _page(request, "partials/edition_status.html", current, context)
    return _page(request, "edition.html", current, context)


@require_GET
def report_download(
    request: HttpRequest, territory_slug: str, year: int, fmt: str
) -> HttpResponseBase:
    current = territory_or_404(request.user, territory_slug)
    edition = selectors.report_edition_or_404(request.user, current, year)
    if fmt not in CONTENT_TYPES or edition.state != ReportEdition.State.READY:
        raise Http404
    return private_download(
        request,
        edition,
        fmt,
        filename=f"abs-{current.slug}-{edition.year}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )
