"""Endpoints for the register: decisions and their follow-up tasks."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from maillage.api.auth import READ_AUTH, WRITE_AUTH
from maillage.api.pagination import paginated
from maillage.api.schemas import ERRORS, READ_ERRORS
from maillage.core import access
from maillage.core.http_api import require_api
from maillage.governance import selectors, services
from maillage.governance.api_schemas import (
    DecisionDetailOut,
    DecisionIn,
    DecisionOut,
    DecisionPatch,
    RegisterQuery,
    TaskIn,
    TaskOut,
    TaskPatch,
    TaskQuery,
)
from maillage.governance.endpoints.common import PREFIX, _action, _organisation, _person, _territory
from maillage.governance.models import Decision
from maillage.territories.models import Territory

router = Router()


def _filters(query: RegisterQuery, **extra: Any) -> selectors.RegisterFilters:
    return selectors.RegisterFilters(
        body=query.body,
        kind=query.kind,
        status=query.status,
        owner=query.owner,
        year=query.year,
        text=query.q,
        overdue=query.overdue,
        action=query.action,
        **extra,
    )


@router.get(PREFIX + "/decisions", response={200: list[DecisionOut], **READ_ERRORS}, auth=READ_AUTH)
@paginated()
def list_decisions(request: HttpRequest, slug: str, filters: Query[RegisterQuery]) -> Any:
    territory = _territory(request, slug)
    return selectors.register_decisions(request.user, territory, _filters(filters))


@router.post(
    PREFIX + "/meetings/{meeting_id}/decisions",
    response={201: DecisionDetailOut, **ERRORS},
    auth=WRITE_AUTH,
)
def record_decision(request: HttpRequest, slug: str, meeting_id: int, payload: DecisionIn) -> Any:
    territory = _territory(request, slug)
    meeting = selectors.meeting_or_404(request.user, territory, meeting_id)
    require_api(request, "change", meeting)
    item = None
    if payload.item_id is not None:
        item = meeting.items.filter(pk=payload.item_id).first()
        if item is None:
            raise ValidationError(
                {"item_id": _("Ce point n’est pas à l’ordre du jour de la séance.")}
            )
    action = _action(request, territory, payload.action_id)
    follow_up = None
    if payload.task is not None:
        follow_up = {
            "title": payload.task.title,
            "description": payload.task.description,
            "owner": _organisation(territory, payload.task.owner_id, "task.owner_id"),
            "assignee": _person(territory, payload.task.assignee_id, "task.assignee_id"),
            "due_date": payload.task.due_date,
        }
    probe = Decision(
        territory=territory, body=meeting.body, action=action, action_effect=payload.action_effect
    )
    decision = services.record_decision(
        actor=request.user,
        meeting=meeting,
        text=payload.text,
        item=item,
        owner=_organisation(territory, payload.owner_id, "owner_id"),
        due_date=payload.due_date,
        action=action,
        action_effect=payload.action_effect,
        action_status=payload.action_status,
        action_title=payload.action_title,
        apply_action=bool(payload.action_effect)
        and access.can(request.user, "apply_action", probe),
        follow_up=follow_up,
    )
    return Status(201, _decision_detail(request, territory, decision.pk))


def _decision_detail(request: HttpRequest, territory: Territory, pk: int) -> Decision:
    return selectors.decision_or_404(request.user, territory, pk)


@router.get(
    PREFIX + "/decisions/{decision_id}",
    response={200: DecisionDetailOut, **READ_ERRORS},
    auth=READ_AUTH,
)
def get_decision(request: HttpRequest, slug: str, decision_id: int) -> Any:
    return _decision_detail(request, _territory(request, slug), decision_id)


@router.patch(
    PREFIX + "/decisions/{decision_id}",
    response={200: DecisionDetailOut, **ERRORS},
    auth=WRITE_AUTH,
)
def update_decision(
    request: HttpRequest, slug: str, decision_id: int, payload: DecisionPatch
) -> Any:
    territory = _territory(request, slug)
    decision = selectors.decision_or_404(request.user, territory, decision_id)
    require_api(request, "change", decision)
    data = payload.dict(exclude_unset=True)
    if "owner_id" in data:
        data["owner"] = _organisation(territory, data.pop("owner_id"), "owner_id")
    services.update_decision(actor=request.user, decision=decision, **data)
    return _decision_detail(request, territory, decision.pk)


# --------------------------------------------------------------------------- tasks


@router.get(PREFIX + "/tasks", response={200: list[TaskOut], **READ_ERRORS}, auth=READ_AUTH)
@paginated()
def list_tasks(request: HttpRequest, slug: str, filters: Query[TaskQuery]) -> Any:
    territory = _territory(request, slug)
    return selectors.register_tasks(request.user, territory, _filters(filters, mine=filters.mine))


@router.post(
    PREFIX + "/decisions/{decision_id}/tasks",
    response={201: TaskOut, **ERRORS},
    auth=WRITE_AUTH,
)
def create_task(request: HttpRequest, slug: str, decision_id: int, payload: TaskIn) -> Any:
    territory = _territory(request, slug)
    decision = selectors.decision_or_404(request.user, territory, decision_id)
    require_api(request, "change", decision)
    return Status(
        201,
        services.create_task(
            actor=request.user,
            decision=decision,
            title=payload.title,
            description=payload.description,
            owner=_organisation(territory, payload.owner_id, "owner_id"),
            assignee=_person(territory, payload.assignee_id, "assignee_id"),
            due_date=payload.due_date,
        ),
    )


@router.get(PREFIX + "/tasks/{task_id}", response={200: TaskOut, **READ_ERRORS}, auth=READ_AUTH)
def get_task(request: HttpRequest, slug: str, task_id: int) -> Any:
    return selectors.task_or_404(request.user, _territory(request, slug), task_id)


@router.patch(PREFIX + "/tasks/{task_id}", response={200: TaskOut, **ERRORS}, auth=WRITE_AUTH)
def update_task(request: HttpRequest, slug: str, task_id: int, payload: TaskPatch) -> Any:
    """The owner and the assignee move a task along (``status``, ``status_note``); those
    who run the body also change its other fields."""
    territory = _territory(request, slug)
    task = selectors.task_or_404(request.user, territory, task_id)
    data = payload.dict(exclude_unset=True)
    status = data.pop("status", None)
    note = data.pop("status_note", None)
    if data:
        require_api(request, "change", task)
        if "owner_id" in data:
            data["owner"] = _organisation(territory, data.pop("owner_id"), "owner_id")
        if "assignee_id" in data:
            data["assignee"] = _person(territory, data.pop("assignee_id"), "assignee_id")
        services.update_task(actor=request.user, task=task, **data)
    if status is not None or note is not None:
        require_api(request, "update_status", task)
        services.update_task_status(
            actor=request.user, task=task, status=status or task.status, note=note or ""
        )
    if not data and status is None and note is None:
        require_api(request, "update_status", task)
    return task
