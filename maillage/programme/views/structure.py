"""Axes and objectives: the frame of the programme, shaped by the coordinator."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.core.forms_errors import apply_validation_error
from maillage.core.http import require
from maillage.core.types import HtmxRequest
from maillage.programme import services
from maillage.programme.forms import AxisForm, ObjectiveForm
from maillage.programme.models import Axis, Objective
from maillage.programme.views.common import crumbs, form_page, programme_crumb
from maillage.territories.models import Territory
from maillage.territories.selectors import territory_or_404


def _overview_url(slug: str) -> str:
    return reverse("programme:overview", args=[slug])


@login_required
@require_http_methods(["GET", "POST"])
def axis_create(request: HtmxRequest, territory: str) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    require(request, "manage_programme", current)
    next_number = (
        current.axes.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    form = AxisForm(request.POST or None, initial={"number": next_number, "colour": "#000091"})
    if request.method == "POST" and form.is_valid():
        try:
            axis = services.create_axis(actor=request.user, territory=current, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("L’axe « %s » a été créé.") % axis.short_name)
            return redirect(_overview_url(current.slug))
    return form_page(
        request,
        territory=current,
        form=form,
        title=_("Nouvel axe"),
        cancel_url=_overview_url(current.slug),
        breadcrumb=crumbs(current, programme_crumb(current), {"label": _("Nouvel axe")}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def axis_update(request: HtmxRequest, territory: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory)
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
    if request.method == "POST" and form.is_valid():
        try:
            services.update_axis(actor=request.user, axis=axis, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("L’axe a été enregistré."))
            return redirect(_overview_url(current.slug))
    return form_page(
        request,
        territory=current,
        form=form,
        title=_("Modifier l’axe %s") % axis.number,
        cancel_url=_overview_url(current.slug),
        breadcrumb=crumbs(current, programme_crumb(current), {"label": str(axis)}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def axis_delete(request: HtmxRequest, territory: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    axis = get_object_or_404(Axis.objects.filter(territory=current), pk=pk)
    require(request, "change", axis)
    error = ""
    if request.method == "POST":
        try:
            services.delete_axis(actor=request.user, axis=axis)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("L’axe a été supprimé."))
            return redirect(_overview_url(current.slug))
    return render(
        request,
        "programme/confirm_delete.html",
        {
            "territory": current,
            "section": "programme",
            "title": _("Supprimer l’axe « %s » ?") % axis,
            "warning": _("Seul un axe sans objectif peut être supprimé."),
            "error": error,
            "cancel_url": _overview_url(current.slug),
            "breadcrumb": crumbs(current, programme_crumb(current), {"label": str(axis)}),
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_create(request: HtmxRequest, territory: str) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    require(request, "manage_programme", current)
    initial = {}
    if request.GET.get("axe", "").isdigit():
        initial["axis"] = request.GET["axe"]
    form = ObjectiveForm(request.POST or None, territory=current, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            objective = services.create_objective(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("L’objectif « %s » a été créé.") % objective)
            return redirect(_overview_url(current.slug))
    return form_page(
        request,
        territory=current,
        form=form,
        title=_("Nouvel objectif"),
        cancel_url=_overview_url(current.slug),
        breadcrumb=crumbs(current, programme_crumb(current), {"label": _("Nouvel objectif")}),
    )


def _objective(territory: Territory, pk: int) -> Objective:
    return get_object_or_404(
        Objective.objects.filter(axis__territory=territory).select_related("axis"), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_update(request: HtmxRequest, territory: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    objective = _objective(current, pk)
    require(request, "change", objective)
    initial = {
        "axis": objective.axis_id,
        "code": objective.code,
        "title": objective.title,
        "description": objective.description,
    }
    form = ObjectiveForm(request.POST or None, territory=current, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_objective(actor=request.user, objective=objective, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("L’objectif a été enregistré."))
            return redirect(_overview_url(current.slug))
    return form_page(
        request,
        territory=current,
        form=form,
        title=_("Modifier l’objectif %s") % objective.code,
        cancel_url=_overview_url(current.slug),
        breadcrumb=crumbs(current, programme_crumb(current), {"label": str(objective)}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_delete(request: HtmxRequest, territory: str, pk: int) -> HttpResponse:
    current = territory_or_404(request.user, territory)
    objective = _objective(current, pk)
    require(request, "change", objective)
    error = ""
    if request.method == "POST":
        try:
            services.delete_objective(actor=request.user, objective=objective)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("L’objectif a été supprimé."))
            return redirect(_overview_url(current.slug))
    return render(
        request,
        "programme/confirm_delete.html",
        {
            "territory": current,
            "section": "programme",
            "title": _("Supprimer l’objectif « %s » ?") % objective,
            "warning": _("Seul un objectif sans fiche action peut être supprimé."),
            "error": error,
            "cancel_url": _overview_url(current.slug),
            "breadcrumb": crumbs(current, programme_crumb(current), {"label": str(objective)}),
        },
        status=400 if error else 200,
    )
