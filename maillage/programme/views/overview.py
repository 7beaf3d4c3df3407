"""The programme overview (axes, actions by status, progress), the programme as it stood
on a date, and the printed programme and fiche."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.core import access
from maillage.core.http import require
from maillage.core.pages import render_page
from maillage.core.types import HtmxRequest
from maillage.programme import history, pdf, selectors
from maillage.programme.forms import AsOfForm
from maillage.programme.models import Action
from maillage.programme.presenters import indicator_views
from maillage.programme.views.common import crumbs, programme_crumb
from maillage.territories.selectors import territory_or_404


@require_GET
def overview(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    summaries = selectors.overview(request.user, current)
    return render(
        request,
        "programme/overview.html",
        {
            "territory": current,
            "section": "programme",
            "summaries": summaries,
            "totals": selectors.status_totals(summaries),
            "statuses": Action.Status,
            "may_manage": access.can(request.user, "manage_programme", current),
            "may_see_history": access.can(request.user, "view_programme_history", current),
            "breadcrumb": crumbs(current, {"label": _("Programme")}),
        },
    )


@login_required
@require_GET
def as_of(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    require(request, "view_programme_history", current)
    form = AsOfForm(request.GET or None)
    axes = None
    on = None
    if form.is_valid():
        on = form.cleaned_data["on"]
        axes = history.as_of(request.user, current, on)
    return render_page(
        request,
        "programme/as_of.html",
        {
            "territory": current,
            "section": "programme",
            "form": form,
            "on": on,
            "axes": axes,
            "statuses": Action.Status,
            "breadcrumb": crumbs(
                current, programme_crumb(current), {"label": _("Le programme à une date")}
            ),
        },
        form=form,
    )


@require_GET
def programme_pdf(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    blocks = selectors.programme_by_axis(request.user, current)
    content = pdf.render_pdf(
        request,
        "programme/print/programme.html",
        {
            "territory": current,
            "blocks": blocks,
            "statuses": Action.Status,
            "printed_on": timezone.localdate(),
        },
    )
    return pdf.pdf_response(content, f"programme-{current.slug}")


@require_GET
def action_pdf(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    action = selectors.action_or_404(request.user, current, pk)
    content = pdf.render_pdf(
        request,
        "programme/print/action.html",
        {
            "territory": current,
            "action": action,
            "indicators": indicator_views(
                list(action.indicators.all()), selectors.indicator_series(action)
            ),
            "may_see_people": access.actor_for(request.user).is_partner_level(current.pk),
            "printed_on": timezone.localdate(),
        },
    )
    return pdf.pdf_response(content, f"fiche-{action.code}")
