"""Campaigns: the list, opening one, its settings, its progress, closing the collection."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access
from maillage.core.http import require
from maillage.core.pages import breadcrumbs, crumb, handle_form, run_action
from maillage.core.pagination import paginate
from maillage.evaluation import forms, selectors, services
from maillage.evaluation.models import DEFAULT_QUESTIONS, Bilan, Campaign
from maillage.evaluation.services.campaigns import CALENDAR_FIELDS
from maillage.evaluation.views.common import campaign_crumb, crumbs, page, url
from maillage.territories.selectors import territory_or_404


@login_required
@require_GET
def home(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    require(request, "view_evaluation", territory)
    return page(
        request,
        "home.html",
        territory,
        {
            "title": _("Évaluation partagée"),
            "breadcrumb": breadcrumbs(territory, crumb(_("Évaluation"))),
            "campaigns": list(selectors.campaigns(request.user, territory)),
            "snapshots": {s.year: s for s in selectors.snapshots(request.user, territory)},
            "may_open": access.can(request.user, "manage_evaluation", territory),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    require(request, "manage_evaluation", territory)
    form = forms.CampaignForm(
        request.POST or None,
        territory=territory,
        initial={"questions": forms.questions_text(DEFAULT_QUESTIONS)},
    )
    if request.method == "GET":
        year = request.GET.get("annee", "")
        if year.isdigit() and 2000 <= int(year) <= 2100:
            form.initial["year"] = int(year)
            form.initial["actions"] = list(
                selectors.default_scope(territory, int(year)).values_list("pk", flat=True)
            )

    def save() -> Campaign:
        args = form.arguments()
        if not args["actions"]:
            args["actions"] = None
        return services.open_campaign(actor=request.user, territory=territory, **args)

    if done := handle_form(
        request, form, save, success_message=_("La campagne d’évaluation est ouverte.")
    ):
        return done
    return page(
        request,
        "campaign_form.html",
        territory,
        {
            "title": _("Ouvrir une campagne d’évaluation"),
            "breadcrumb": crumbs(territory, crumb(_("Ouvrir une campagne"))),
            "form": form,
        },
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    campaign = selectors.campaign_or_404(request.user, territory, year)
    require(request, "change", campaign)
    form = forms.CampaignForm(
        request.POST or None,
        territory=territory,
        editing=True,
        initial={
            **{f: getattr(campaign, f) for f in CALENDAR_FIELDS},
            "questions": forms.questions_text(campaign.questions),
            "actions": list(campaign.actions.values_list("pk", flat=True)),
        },
    )
    if done := handle_form(
        request,
        form,
        lambda: services.update_campaign(actor=request.user, campaign=campaign, **form.arguments()),
        success_message=_("La campagne est modifiée."),
    ):
        return done
    return page(
        request,
        "campaign_form.html",
        territory,
        {
            "title": _("Modifier la campagne %(year)s") % {"year": year},
            "breadcrumb": crumbs(territory, campaign_crumb(campaign), crumb(_("Modifier"))),
            "form": form,
            "campaign": campaign,
        },
        form=form,
    )


@require_GET
def campaign(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    """The progress page: bilans expected, drafted, submitted and validated."""
    territory = territory_or_404(request.user, territory_slug)
    campaign = selectors.campaign_or_404(request.user, territory, year)
    snapshot = selectors.snapshots(request.user, territory).filter(year=year).first()
    return page(
        request,
        "campaign.html",
        territory,
        {
            "title": str(campaign),
            "breadcrumb": crumbs(territory, crumb(str(campaign))),
            "campaign": campaign,
            "progress": selectors.progress(campaign),
            "snapshot": snapshot,
            "report": selectors.report_edition(snapshot),
            "may_generate_report": bool(snapshot)
            and access.can(request.user, "generate_report", snapshot),
            "may_change": access.can(request.user, "change", campaign),
            "may_close": access.can(request.user, "close", campaign),
            "may_answer": access.can(request.user, "answer_questionnaire", campaign),
        },
    )


# Twenty-five bilans a page, like the register and the programme's list: a campaign of a
# large territory holds hundreds, and each row names its fiche, pilots and state.
BILANS_PER_PAGE = 25


@require_GET
def campaign_bilans(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    campaign = selectors.campaign_or_404(request.user, territory, year)
    state = request.GET.get("etat", "")
    found = selectors.bilans(request.user, campaign)
    if state in Bilan.State.values:
        found = found.filter(state=state)
    else:
        state = ""
    return page(
        request,
        "campaign_bilans.html",
        territory,
        {
            "title": _("Bilans %(year)s") % {"year": year},
            "breadcrumb": crumbs(territory, campaign_crumb(campaign), crumb(_("Bilans"))),
            "campaign": campaign,
            "page_obj": paginate(request, found, BILANS_PER_PAGE),
            "states": Bilan.State.choices,
            "state": state,
        },
    )


@login_required
@require_POST
def campaign_close(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    campaign = selectors.campaign_or_404(request.user, territory, year)
    require(request, "close", campaign)
    if run_action(
        request,
        lambda: services.close_collection(actor=request.user, campaign=campaign),
        success_message=_("La collecte est close : l’année est figée dans un instantané."),
    ):
        return redirect(url("snapshot", territory, year=year))
    return redirect(campaign.get_absolute_url())
