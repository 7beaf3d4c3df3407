"""Freshness of the records: the dashboard, the rules and the reminders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access
from maillage.core.http import require
from maillage.core.pages import (
    handle_form,
)
from maillage.core.types import HtmxRequest
from maillage.network import selectors, services
from maillage.network.forms import (
    RulesForm,
)
from maillage.network.models import Freshness
from maillage.network.reminders import send_for_territory
from maillage.network.views.common import crumbs, page
from maillage.territories.selectors import territory_or_404


@login_required
@require_GET
def freshness(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    require(request, "contribute_network", current)
    status = request.GET.get("etat", "")
    if status not in Freshness.values:
        status = ""
    board = selectors.freshness_board(
        request.user,
        current,
        status=status,
        mine=request.GET.get("portee") == "mes-services",
        page=request.GET.get("page", 1),
    )
    return page(
        request,
        "network/freshness.html",
        current,
        {
            "board": board,
            "statuses": Freshness.choices,
            "may_run": access.can(request.user, "run_network", current),
            "breadcrumb": crumbs(current, {"label": _("Fraîcheur des informations")}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rules(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    require(request, "run_network", current)
    instance = selectors.rules(current)
    form = RulesForm(request.POST or None, instance=instance)
    if done := handle_form(
        request,
        form,
        lambda: services.update_rules(
            actor=request.user,
            territory=current,
            **{name: form.cleaned_data[name] for name in RulesForm.Meta.fields},
        ),
        success_message=_("Les règles de fraîcheur sont enregistrées."),
        success_url=reverse("network:freshness", kwargs={"territory_slug": current.slug}),
    ):
        return done
    return page(
        request,
        "network/object_form.html",
        current,
        {
            "form": form,
            "title": _("Règles de fraîcheur"),
            "intro": _(
                "Au-delà de ces durées sans mise à jour, un service est signalé comme à mettre à jour et son organisation est relancée par courriel."
            ),
            "cancel_url": reverse("network:freshness", args=[current.slug]),
            "breadcrumb": crumbs(
                current,
                {
                    "label": _("Fraîcheur des informations"),
                    "url": reverse("network:freshness", args=[current.slug]),
                },
                {"label": _("Règles")},
            ),
        },
        form=form,
    )


@login_required
@require_POST
def send_reminders(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    require(request, "run_network", current)

    sent = send_for_territory(current, actor=request.user, force=True)
    if sent:
        messages.success(
            request,
            _("%(n)s organisation(s) relancée(s), %(p)s destinataire(s).")
            % {"n": len(sent), "p": sum(r.recipient_count for r in sent)},
        )
    else:
        messages.info(
            request,
            _("Aucune organisation à relancer : tout est à jour ou a déjà été relancé récemment."),
        )
    return redirect("network:freshness", territory_slug=current.slug)
