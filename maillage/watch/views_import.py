"""Importing signals from a CSV file (``services_import``): the page, thin."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from maillage.core.http import require
from maillage.core.pages import SectionPage, breadcrumbs, crumb, handle_form, section_crumb
from maillage.territories.selectors import territory_or_404
from maillage.watch import importing, selectors, services_import
from maillage.watch.forms_reports import ImportForm

_page = SectionPage("watch", "watch/reports/")


@login_required
@require_http_methods(["GET", "POST"])
def import_signals(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    require(request, "report_signal", territory)
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        organisations=selectors.organisation_choices(request.user, territory),
    )
    if done := handle_form(
        request,
        form,
        lambda: services_import.import_signals(
            actor=request.user,
            territory=territory,
            organisation=form.cleaned_data["organisation"],
            content=form.cleaned_data["file"].read(),
        ),
        success_message=lambda created: (
            ngettext(
                "%(count)d signalement importé et transmis à la cellule de veille.",
                "%(count)d signalements importés et transmis à la cellule de veille.",
                len(created),
            )
            % {"count": len(created)}
        ),
        success_url=reverse("watch:mine", args=[territory.slug]),
    ):
        return done
    title = _("Importer des signalements")
    return _page(
        request,
        "import.html",
        territory,
        {
            "title": title,
            "form": form,
            "columns": importing.TEMPLATE_HEADER,
            "breadcrumb": breadcrumbs(
                territory, section_crumb(_("Veille"), "watch:signals", territory), crumb(title)
            ),
        },
        form=form,
    )
