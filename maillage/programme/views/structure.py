"""Axes and objectives: the frame of the programme, shaped by the coordinator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.core.http import require
from maillage.core.pages import confirm_delete, handle_form
from maillage.core.types import HtmxRequest
from maillage.programme import services
from maillage.programme.forms import AxisForm, ObjectiveForm
from maillage.programme.models import Axis, Objective
from maillage.programme.views.common import crumbs, form_page, programme_crumb
from maillage.territories.models import Territory
from maillage.territories.selectors import territory_or_404


def _overview_url(slug: str) -> str:
    return reverse("programme:overview", args=[slug])


def _structure_form(
    request: HtmxRequest,
    current: Territory,
    form: Any,
    save: Callable[[], Any],
    *,
    success_message: str | Callable[[Any], str],
    title: str,
    label: str,
) -> HttpResponse:
    """An axis or objective form: back to the overview once saved."""
    overview = _overview_url(current.slug)
    if done := handle_form(
        request, form, save, success_message=success_message, success_url=overview
    ):
        return done
    return form_page(
        request,
        territory=current,
        form=form,
        title=title,
        cancel_url=overview,
        breadcrumb=crumbs(current, programme_crumb(current), {"label": label}),
    )


def _structure_delete(
    request: HtmxRequest,
    current: Territory,
    obj: Any,
    *,
    delete: Callable[[], object],
    title: str,
    warning: str,
    success_message: str,
) -> HttpResponse:
    overview = _overview_url(current.slug)
    return confirm_delete(
        request,
        delete=delete,
        title=title,
        warning=warning,
        success_message=success_message,
        success_url=overview,
        cancel_url=overview,
        breadcrumb=crumbs(current, programme_crumb(current), {"label": str(obj)}),
        base_template="programme/base.html",
        context={"territory": current, "section": "programme"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def axis_create(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    require(request, "manage_programme", current)
    next_number = (
        current.axes.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    form = AxisForm(request.POST or None, initial={"number": next_number, "colour": "#000091"})
    return _structure_form(
        request,
        current,
        form,
        lambda: services.create_axis(actor=request.user, territory=current, **form.cleaned_data),
        success_message=lambda axis: _("L’axe « %s » a été créé.") % axis.short_name,
        title=_("Nouvel axe"),
        label=_("Nouvel axe"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def axis_update(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    axis = get_object_or_404(Axis.objects.filter(territory=current), pk=pk)
    require(request, "change", axis)
    initial = {
        "number": axis.number,
        "short_name": axis.short_name,
        "title": axis.title,
        "colour": axis.colour,
        "description": axis.description,
    }
    form = AxisForm(request.POST or None, initial=initial)
    return _structure_form(
        request,
        current,
        form,
        lambda: services.update_axis(actor=request.user, axis=axis, **form.cleaned_data),
        success_message=_("L’axe a été enregistré."),
        title=_("Modifier l’axe %s") % axis.number,
        label=str(axis),
    )


@login_required
@require_http_methods(["GET", "POST"])
def axis_delete(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    axis = get_object_or_404(Axis.objects.filter(territory=current), pk=pk)
    require(request, "change", axis)
    return _structure_delete(
        request,
        current,
        axis,
        delete=lambda: services.delete_axis(actor=request.user, axis=axis),
        title=_("Supprimer l’axe « %s » ?") % axis,
        warning=_("Seul un axe sans objectif peut être supprimé."),
        success_message=_("L’axe a été supprimé."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_create(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    require(request, "manage_programme", current)
    initial = {}
    if request.GET.get("axe", "").isdigit():
        initial["axis"] = request.GET["axe"]
    form = ObjectiveForm(request.POST or None, territory=current, initial=initial)
    return _structure_form(
        request,
        current,
        form,
        lambda: services.create_objective(actor=request.user, **form.cleaned_data),
        success_message=lambda objective: _("L’objectif « %s » a été créé.") % objective,
        title=_("Nouvel objectif"),
        label=_("Nouvel objectif"),
    )


def _objective(territory: Territory, pk: int) -> Objective:
    return get_object_or_404(
        Objective.objects.filter(axis__territory=territory).select_related("axis"), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_update(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    objective = _objective(current, pk)
    require(request, "change", objective)
    initial = {
        "axis": objective.axis_id,
        "code": objective.code,
        "title": objective.title,
        "description": objective.description,
    }
    form = ObjectiveForm(request.POST or None, territory=current, initial=initial)
    return _structure_form(
        request,
        current,
        form,
        lambda: services.update_objective(
            actor=request.user, objective=objective, **form.cleaned_data
        ),
        success_message=_("L’objectif a été enregistré."),
        title=_("Modifier l’objectif %s") % objective.code,
        label=str(objective),
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_delete(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    objective = _objective(current, pk)
    require(request, "change", objective)
    return _structure_delete(
        request,
        current,
        objective,
        delete=lambda: services.delete_objective(actor=request.user, objective=objective),
        title=_("Supprimer l’objectif « %s » ?") % objective,
        warning=_("Seul un objectif sans fiche action peut être supprimé."),
        success_message=_("L’objectif a été supprimé."),
    )
