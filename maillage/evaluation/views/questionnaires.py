"""The partnership questionnaire and the partnership's results year over year."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core import access
from maillage.core.http import require
from maillage.core.pages import crumb, handle_form
from maillage.evaluation import charts, forms, selectors, services
from maillage.evaluation.models import SCALES
from maillage.evaluation.views.common import campaign_crumb, crumbs, page, url
from maillage.territories.models import Organisation
from maillage.territories.selectors import territory_or_404


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire(request: HttpRequest, territory_slug: str, year: int) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    campaign = selectors.campaign_or_404(request.user, territory, year)
    require(request, "answer_questionnaire", campaign)
    orgs = Organisation.objects.filter(
        pk__in=access.actor_for(request.user).orgs_in(territory.pk),
        partnerships__territory=territory,
    ).order_by("name")
    initial = {}
    first = orgs.first()
    if first is not None:
        existing = selectors.answer_of(campaign, first.pk)
        if existing is not None:
            initial = {
                "organisation": first.pk,
                "knowledge": existing.knowledge,
                "trust": existing.trust,
                "practices": existing.practices,
                "to_change": existing.to_change,
            }
    form = forms.QuestionnaireForm(request.POST or None, organisations=orgs, initial=initial)
    if done := handle_form(
        request,
        form,
        lambda: services.answer_questionnaire(
            actor=request.user, campaign=campaign, **form.arguments()
        ),
        success_message=_("Merci : la réponse de votre organisation est enregistrée."),
        success_url=lambda _a: campaign.get_absolute_url(),
    ):
        return done
    return page(
        request,
        "questionnaire.html",
        territory,
        {
            "title": _("Questionnaire partenarial %(year)s") % {"year": year},
            "breadcrumb": crumbs(territory, campaign_crumb(campaign), crumb(_("Questionnaire"))),
            "campaign": campaign,
            "form": form,
        },
        form=form,
    )


@login_required
@require_GET
def partnership(request: HttpRequest, territory_slug: str) -> HttpResponse:
    territory = territory_or_404(request.user, territory_slug)
    require(request, "view_evaluation", territory)
    years = selectors.year_over_year(territory)
    cooperation = selectors.cooperation_by_year(territory)
    kinds = sorted({k for _y, counts in cooperation for k in counts} - {"pairs", "organisations"})
    return page(
        request,
        "partnership.html",
        territory,
        {
            "title": _("Le partenariat année après année"),
            "breadcrumb": crumbs(territory, crumb(_("Partenariat"))),
            "years": years,
            "scales": SCALES,
            "chart": charts.scales_chart(
                _("Moyenne de chaque échelle, par année"),
                [(row.year, [row.mean(name) for name, _l in SCALES]) for row in years],
                [label for _n, label in SCALES],
            ),
            "cooperation": cooperation,
            "kinds": kinds,
            "today": selectors.cooperation_counts(request.user, territory),
            "home_url": url("home", territory),
        },
    )
