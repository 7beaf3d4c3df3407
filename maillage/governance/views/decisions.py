"""Decisions and their follow-up tasks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.core import access
from maillage.core.http import require
from maillage.core.pages import handle_form, run_action, submit
from maillage.core.types import HtmxRequest
from maillage.governance import forms, selectors, services
from maillage.governance.models import Decision, FollowUpTask
from maillage.governance.views import common
from maillage.governance.views.common import body_crumb, crumbs, meeting_crumb, page, posted
from maillage.governance.views.common import territory as get_territory


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    meeting = selectors.meeting_or_404(request.user, current, pk)
    require(request, "change", meeting)
    items = selectors.agenda(meeting, request.user)
    form = forms.DecisionForm(
        posted(request),
        meeting=meeting,
        user=request.user,
        items=items,
        initial={"item": request.GET.get("point")},
    )

    def record() -> Decision:
        fields = form.service_fields()
        # The effect is applied now when the recorder holds the programme's rights;
        # otherwise it waits in the register for a coordinator.
        probe = Decision(
            territory=current,
            body=meeting.body,
            action=fields["action"],
            action_effect=fields["action_effect"],
        )
        apply_now = bool(fields["action_effect"]) and access.can(
            request.user, "apply_action", probe
        )
        return services.record_decision(
            actor=request.user, meeting=meeting, apply_action=apply_now, **fields
        )

    saved, decision = submit(request, form, record)
    if saved and decision is not None:
        messages.success(request, _("La décision %s est enregistrée.") % decision.reference)
        if decision.action_pending:
            messages.info(
                request,
                _(
                    "L’effet sur la fiche action attend la coordination, qui l’appliquera "
                    "depuis le registre."
                ),
            )
        if request.POST.get("another"):
            return redirect(
                "governance:decision_create", territory_slug=current.slug, pk=meeting.pk
            )
        return redirect(meeting.get_absolute_url() + "#decisions")
    return page(
        request,
        "governance/decision_form.html",
        {
            "territory": current,
            "meeting": meeting,
            "body": meeting.body,
            "form": form,
            "may_create_action": access.can(request.user, "create_action", current),
            "breadcrumb": common.meeting_crumbs(
                current,
                meeting,
                {"label": _("Nouvelle décision")},
            ),
        },
        forms=(form,),
    )


@require_GET
def decision_detail(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    decision = selectors.decision_or_404(request.user, current, pk)
    crumbs_ = crumbs(current, body_crumb(decision.body))
    if decision.meeting is not None and access.can(request.user, "view", decision.meeting):
        crumbs_.append(meeting_crumb(decision.meeting))
    crumbs_.append({"label": decision.reference})
    return page(
        request,
        "governance/decision_detail.html",
        {
            "territory": current,
            "decision": decision,
            "tasks": decision.visible_tasks,  # type: ignore[attr-defined]
            "may_change": access.can(request.user, "change", decision),
            "may_apply": decision.action_pending
            and access.can(request.user, "apply_action", decision),
            "may_see_meeting": decision.meeting is not None
            and access.can(request.user, "view", decision.meeting),
            "task_form": forms.TaskForm(
                territory=current,
                initial={"owner": decision.owner, "due_date": decision.due_date},
            ),
            "breadcrumb": crumbs_,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_update(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    decision = selectors.decision_or_404(request.user, current, pk)
    require(request, "change", decision)
    form = forms.DecisionUpdateForm(
        posted(request),
        territory=current,
        initial={
            "text": decision.text,
            "owner": decision.owner,
            "due_date": decision.due_date,
            "status": decision.status,
        },
    )
    if done := handle_form(
        request,
        form,
        lambda: services.update_decision(
            actor=request.user, decision=decision, **form.cleaned_data
        ),
        success_message=_("La décision est enregistrée."),
        success_url=reverse("governance:decision", args=[current.slug, decision.pk]),
        on_refusal=decision.refresh_from_db,
    ):
        return done
    return common.form_page(
        request,
        current,
        form,
        title=_("Modifier la décision %s") % decision.reference,
        cancel_url=reverse("governance:decision", args=[current.slug, decision.pk]),
        breadcrumb=crumbs(current, body_crumb(decision.body), {"label": decision.reference}),
    )


@login_required
@require_POST
def decision_apply(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    decision = selectors.decision_or_404(request.user, current, pk)
    require(request, "apply_action", decision)
    if run_action(
        request, lambda: services.apply_decision_action(actor=request.user, decision=decision)
    ):
        if decision.action_effect == Decision.ActionEffect.CREATE:
            messages.success(
                request,
                _("La fiche action %s est créée à l’état d’idée.") % decision.action.code,  # type: ignore[union-attr]
            )
        else:
            messages.success(request, _("L’état de la fiche action est changé."))
    return redirect("governance:decision", territory_slug=current.slug, pk=decision.pk)


@login_required
@require_POST
def task_create(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    decision = selectors.decision_or_404(request.user, current, pk)
    require(request, "change", decision)
    form = forms.TaskForm(request.POST, territory=current)
    if submit(
        request,
        form,
        lambda: services.create_task(actor=request.user, decision=decision, **form.cleaned_data),
    )[0]:
        messages.success(request, _("La tâche de suivi est créée."))
        return redirect("governance:decision", territory_slug=current.slug, pk=decision.pk)
    return common.form_page(
        request,
        current,
        form,
        title=_("Nouvelle tâche — décision %s") % decision.reference,
        cancel_url=reverse("governance:decision", args=[current.slug, decision.pk]),
        breadcrumb=crumbs(current, body_crumb(decision.body), {"label": decision.reference}),
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_update(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    task = selectors.task_or_404(request.user, current, pk)
    require(request, "change", task)
    form = forms.TaskForm(
        posted(request),
        territory=current,
        initial={
            "title": task.title,
            "description": task.description,
            "owner": task.owner,
            "assignee": task.assignee,
            "due_date": task.due_date,
        },
    )
    if done := handle_form(
        request,
        form,
        lambda: services.update_task(actor=request.user, task=task, **form.cleaned_data),
        success_message=_("La tâche est enregistrée."),
        success_url=_task_home(task),
    ):
        return done
    return common.form_page(
        request,
        current,
        form,
        title=_("Modifier la tâche"),
        # Other capabilities add to a task's page (core/slots.py): its origin.
        slot="task_detail",
        slot_object=task,
        cancel_url=_task_home(task),
        breadcrumb=crumbs(current, {"label": task.title}),
    )


def _task_home(task: FollowUpTask) -> str:
    slug = task.territory.slug
    if task.decision_id is not None:
        return reverse("governance:decision", args=[slug, task.decision_id])
    if task.agreement_id is not None:
        return reverse("governance:agreement", args=[slug, task.agreement_id])
    return reverse("governance:register", args=[slug]) + "?vue=taches"


@login_required
@require_POST
def task_status(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    """Move a task along (to do, in progress, done, cancelled), from "mes tâches", the
    register or the decision page."""
    current = get_territory(request, territory_slug)
    task = selectors.task_or_404(request.user, current, pk)
    require(request, "update_status", task)
    form = forms.TaskStatusForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.update_task_status(
                actor=request.user,
                task=task,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choisissez un état.")
    if request.htmx:
        return page(
            request,
            "governance/partials/task_status.html",
            {"territory": current, "task": task, "error": error, "may_update": True},
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("La tâche « %s » est à jour.") % task.title)
    target = request.POST.get("next", "")
    if target.startswith(f"/territoires/{current.slug}/"):
        return redirect(target)
    return redirect(_task_home(task))
