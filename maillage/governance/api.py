"""The governance API: bodies, memberships, meetings, agenda items, attendance, minutes,
decisions and tasks, under the same rules and services as the pages."""

import datetime
import inspect
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from maillage.accounts.models import User
from maillage.api.auth import READ_AUTH, WRITE_AUTH
from maillage.api.pagination import paginated
from maillage.api.schemas import ERRORS, READ_ERRORS
from maillage.core import access
from maillage.core.http_api import require_api
from maillage.governance import selectors, services
from maillage.governance.api_schemas import (
    AgendaItemIn,
    AgendaItemOut,
    AgendaItemPatch,
    AttendanceIn,
    AttendanceOut,
    BodyIn,
    BodyMembershipOut,
    BodyOut,
    BodyPatch,
    CancelIn,
    ConveneIn,
    DecisionDetailOut,
    DecisionIn,
    DecisionOut,
    DecisionPatch,
    EndIn,
    MeetingDetailOut,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    MembershipIn,
    MinutesIn,
    MinutesOut,
    RegisterQuery,
    RepresentativesIn,
    TaskIn,
    TaskOut,
    TaskPatch,
    TaskQuery,
)
from maillage.governance.models import BodyMembership, Decision, Meeting
from maillage.governance.services.meetings import agenda_minutes
from maillage.territories import selectors as territory_selectors
from maillage.territories.models import Territory

router = Router(tags=["Gouvernance"])

PREFIX = "/territories/{slug}"


# --------------------------------------------------------------------------- references


def _territory(request: HttpRequest, slug: str) -> Territory:
    return territory_selectors.territory_or_404(request.user, slug)


def _person(territory: Territory, user_id: int | None, field: str) -> Any:
    if user_id is None:
        return None
    found = selectors.people(territory).filter(pk=user_id).first()
    if found is None:
        raise ValidationError({field: _("Cette personne ne travaille pas sur ce territoire.")})
    return found


def _organisation(territory: Territory, org_id: int | None, field: str) -> Any:
    if org_id is None:
        return None
    found = selectors.organisations(territory).filter(pk=org_id).first()
    if found is None:
        raise ValidationError({field: _("Cette organisation n’est pas partenaire du territoire.")})
    return found


def _action(request: HttpRequest, territory: Territory, action_id: int | None) -> Any:
    if action_id is None:
        return None
    found = selectors.visible_actions(request.user, territory).filter(pk=action_id).first()
    if found is None:
        raise ValidationError({"action_id": _("Fiche action introuvable sur ce territoire.")})
    return found


def _axis(territory: Territory, axis_id: int | None) -> Any:
    if axis_id is None:
        return None
    found = selectors.axes(territory).filter(pk=axis_id).first()
    if found is None:
        raise ValidationError({"axis_id": _("Cet axe n’existe pas dans ce programme.")})
    return found


def _aware(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A datetime without offset is a wall-clock time in Paris."""
    if moment is None:
        return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _body_fields(
    request: HttpRequest, territory: Territory, data: dict[str, Any]
) -> dict[str, Any]:
    fields = dict(data)
    if "axis_id" in fields:
        fields["axis"] = _axis(territory, fields.pop("axis_id"))
    for key in ("chair", "secretary"):
        if f"{key}_id" in fields:
            fields[key] = _person(territory, fields.pop(f"{key}_id"), f"{key}_id")
    return fields


# --------------------------------------------------------------------------- bodies


@router.get(PREFIX + "/bodies", response={200: list[BodyOut], **READ_ERRORS}, auth=READ_AUTH)
@paginated()
def list_bodies(request: HttpRequest, slug: str, kind: str = "", archived: bool = False) -> Any:
    territory = _territory(request, slug)
    return selectors.bodies(request.user, territory, kind=kind, archived=archived)


@router.post(PREFIX + "/bodies", response={201: BodyOut, **ERRORS}, auth=WRITE_AUTH)
def create_body(request: HttpRequest, slug: str, payload: BodyIn) -> Any:
    territory = _territory(request, slug)
    require_api(request, "create_body", territory)
    fields = _body_fields(request, territory, payload.dict())
    return Status(201, services.create_body(actor=request.user, territory=territory, **fields))


@router.get(PREFIX + "/bodies/{body_id}", response={200: BodyOut, **READ_ERRORS}, auth=READ_AUTH)
def get_body(request: HttpRequest, slug: str, body_id: int) -> Any:
    return selectors.body_or_404(request.user, _territory(request, slug), body_id)


@router.patch(PREFIX + "/bodies/{body_id}", response={200: BodyOut, **ERRORS}, auth=WRITE_AUTH)
def update_body(request: HttpRequest, slug: str, body_id: int, payload: BodyPatch) -> Any:
    territory = _territory(request, slug)
    body = selectors.body_or_404(request.user, territory, body_id)
    require_api(request, "change", body)
    fields = _body_fields(request, territory, payload.dict(exclude_unset=True))
    return services.update_body(actor=request.user, body=body, **fields)


@router.get(
    PREFIX + "/bodies/{body_id}/memberships",
    response={200: list[BodyMembershipOut], **READ_ERRORS},
    auth=READ_AUTH,
)
@paginated()
def list_memberships(request: HttpRequest, slug: str, body_id: int, history: bool = False) -> Any:
    body = selectors.body_or_404(request.user, _territory(request, slug), body_id)
    current, future, past = selectors.members(body)
    return current + future + past if history else current


@router.post(
    PREFIX + "/bodies/{body_id}/memberships",
    response={201: BodyMembershipOut, **ERRORS},
    auth=WRITE_AUTH,
)
def add_membership(request: HttpRequest, slug: str, body_id: int, payload: MembershipIn) -> Any:
    territory = _territory(request, slug)
    body = selectors.body_or_404(request.user, territory, body_id)
    require_api(request, "change", body)
    membership = services.add_member(
        actor=request.user,
        body=body,
        organisation=_organisation(territory, payload.organisation_id, "organisation_id"),
        titular=_person(territory, payload.titular_id, "titular_id"),
        substitute=_person(territory, payload.substitute_id, "substitute_id"),
        started_on=payload.started_on,
    )
    return Status(201, membership)


def _membership(request: HttpRequest, territory: Territory, membership_id: int) -> BodyMembership:
    return access.get_visible_or_404(
        request.user,
        BodyMembership.objects.filter(body__territory=territory).select_related(
            "body__territory", "organisation", "titular", "substitute"
        ),
        pk=membership_id,
    )


@router.patch(
    PREFIX + "/memberships/{membership_id}",
    response={200: BodyMembershipOut, **ERRORS},
    auth=WRITE_AUTH,
)
def change_representatives(
    request: HttpRequest, slug: str, membership_id: int, payload: RepresentativesIn
) -> Any:
    territory = _territory(request, slug)
    membership = _membership(request, territory, membership_id)
    require_api(request, "change", membership)
    return services.change_representatives(
        actor=request.user,
        membership=membership,
        titular=_person(territory, payload.titular_id, "titular_id"),
        substitute=_person(territory, payload.substitute_id, "substitute_id"),
        on=payload.on,
    )


@router.post(
    PREFIX + "/memberships/{membership_id}/end",
    response={200: BodyMembershipOut, **ERRORS},
    auth=WRITE_AUTH,
)
def end_membership(request: HttpRequest, slug: str, membership_id: int, payload: EndIn) -> Any:
    territory = _territory(request, slug)
    membership = _membership(request, territory, membership_id)
    require_api(request, "change", membership)
    return services.end_member(
        actor=request.user, membership=membership, on=payload.on, reason=payload.reason
    )


@router.get(
    PREFIX + "/bodies/{body_id}/backlog",
    response={200: list[AgendaItemOut], **READ_ERRORS},
    auth=READ_AUTH,
)
@paginated()
def list_backlog(request: HttpRequest, slug: str, body_id: int) -> Any:
    body = selectors.body_or_404(request.user, _territory(request, slug), body_id)
    return selectors.backlog(request.user, body)


@router.post(
    PREFIX + "/bodies/{body_id}/backlog",
    response={201: AgendaItemOut, **ERRORS},
    auth=WRITE_AUTH,
)
def propose_item(request: HttpRequest, slug: str, body_id: int, payload: AgendaItemIn) -> Any:
    territory = _territory(request, slug)
    body = selectors.body_or_404(request.user, territory, body_id)
    require_api(request, "propose_item", body)
    return Status(
        201,
        services.propose_item(
            actor=request.user, body=body, **_item_fields(request, territory, payload.dict())
        ),
    )


def _item_fields(
    request: HttpRequest, territory: Territory, data: dict[str, Any]
) -> dict[str, Any]:
    fields = dict(data)
    if "presenter_id" in fields:
        fields["presenter"] = _person(territory, fields.pop("presenter_id"), "presenter_id")
    if "action_id" in fields:
        fields["action"] = _action(request, territory, fields.pop("action_id"))
    return fields


# --------------------------------------------------------------------------- meetings


@router.get(
    PREFIX + "/bodies/{body_id}/meetings",
    response={200: list[MeetingOut], **READ_ERRORS},
    auth=READ_AUTH,
)
@paginated()
def list_meetings(request: HttpRequest, slug: str, body_id: int) -> Any:
    body = selectors.body_or_404(request.user, _territory(request, slug), body_id)
    return access.visible(request.user, Meeting.objects.filter(body=body)).order_by("-starts_at")


@router.post(
    PREFIX + "/bodies/{body_id}/meetings",
    response={201: MeetingOut, **ERRORS},
    auth=WRITE_AUTH,
)
def create_meeting(request: HttpRequest, slug: str, body_id: int, payload: MeetingIn) -> Any:
    territory = _territory(request, slug)
    body = selectors.body_or_404(request.user, territory, body_id)
    require_api(request, "manage_meetings", body)
    data = payload.dict()
    data["starts_at"] = _aware(data["starts_at"])
    data["ends_at"] = _aware(data["ends_at"])
    return Status(201, services.create_meeting(actor=request.user, body=body, **data))


def _meeting(request: HttpRequest, slug: str, meeting_id: int) -> Meeting:
    return selectors.meeting_or_404(request.user, _territory(request, slug), meeting_id)


def _meeting_detail(request: HttpRequest, meeting: Meeting) -> Meeting:
    """The meeting with what the detail schema adds: agenda, warnings, and whether the
    caller may read the minutes."""
    meeting.agenda = selectors.agenda(meeting, request.user)  # type: ignore[attr-defined]
    meeting.agenda_minutes = agenda_minutes(meeting)  # type: ignore[attr-defined]
    meeting.warnings = services.agenda_warnings(meeting)  # type: ignore[attr-defined]
    meeting.minutes_readable = access.can(request.user, "read_minutes", meeting)  # type: ignore[attr-defined]
    return meeting


@router.get(
    PREFIX + "/meetings/{meeting_id}",
    response={200: MeetingDetailOut, **READ_ERRORS},
    auth=READ_AUTH,
)
def get_meeting(request: HttpRequest, slug: str, meeting_id: int) -> Any:
    return _meeting_detail(request, _meeting(request, slug, meeting_id))


@router.patch(
    PREFIX + "/meetings/{meeting_id}", response={200: MeetingDetailOut, **ERRORS}, auth=WRITE_AUTH
)
def update_meeting(request: HttpRequest, slug: str, meeting_id: int, payload: MeetingPatch) -> Any:
    meeting = _meeting(request, slug, meeting_id)
    require_api(request, "change", meeting)
    data = payload.dict(exclude_unset=True)
    for key in ("starts_at", "ends_at"):
        if key in data:
            if data[key] is None:
                raise ValidationError({key: _("Ce champ est obligatoire.")})
            data[key] = _aware(data[key])
    services.update_meeting(actor=request.user, meeting=meeting, **data)
    return _meeting_detail(request, meeting)


# --------------------------------------------------------------------------- transitions

# The steps of a meeting's life: the URL's last segment, the service that takes the step
# and the body it reads (its fields become the service's keyword arguments). Every step
# has the same check and the same answer, so one view serves them all.
MEETING_TRANSITIONS: dict[str, tuple[Callable[..., Meeting], type[Schema] | None]] = {
    "convene": (services.convene_meeting, ConveneIn),
    "hold": (services.hold_meeting, None),
    "approve": (services.approve_minutes, None),
    "cancel": (services.cancel_meeting, CancelIn),
}


def _transition_view(verb: str, service: Callable[..., Meeting], body: type[Schema] | None) -> Any:
    def view(request: HttpRequest, slug: str, meeting_id: int, payload: Any = None) -> Any:
        meeting = _meeting(request, slug, meeting_id)
        require_api(request, "change", meeting)
        fields = payload.dict() if payload is not None else {}
        meeting = service(actor=request.user, meeting=meeting, **fields)
        return _meeting_detail(request, meeting)

    # Ninja reads the body's schema from the signature; a step without a body has none.
    params = [
        inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=annotation)
        for name, annotation in (("request", HttpRequest), ("slug", str), ("meeting_id", int))
    ]
    if body is not None:
        params.append(
            inspect.Parameter("payload", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=body)
        )
    view.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    view.__name__ = view.__qualname__ = f"{verb}_meeting"
    return view


for _verb, (_service, _body) in MEETING_TRANSITIONS.items():
    router.post(
        PREFIX + f"/meetings/{{meeting_id}}/{_verb}",
        response={200: MeetingDetailOut, **ERRORS},
        auth=WRITE_AUTH,
    )(_transition_view(_verb, _service, _body))


# --------------------------------------------------------------------------- agenda items


@router.get(
    PREFIX + "/meetings/{meeting_id}/agenda-items",
    response={200: list[AgendaItemOut], **READ_ERRORS},
    auth=READ_AUTH,
)
@paginated()
def list_agenda_items(request: HttpRequest, slug: str, meeting_id: int) -> Any:
    return selectors.agenda(_meeting(request, slug, meeting_id), request.user)


@router.post(
    PREFIX + "/meetings/{meeting_id}/agenda-items",
    response={201: AgendaItemOut, **ERRORS},
    auth=WRITE_AUTH,
)
def add_agenda_item(request: HttpRequest, slug: str, meeting_id: int, payload: AgendaItemIn) -> Any:
    territory = _territory(request, slug)
    meeting = selectors.meeting_or_404(request.user, territory, meeting_id)
    require_api(request, "change", meeting)
    return Status(
        201,
        services.propose_item(
            actor=request.user,
            body=meeting.body,
            meeting=meeting,
            **_item_fields(request, territory, payload.dict()),
        ),
    )


@router.patch(
    PREFIX + "/agenda-items/{item_id}", response={200: AgendaItemOut, **ERRORS}, auth=WRITE_AUTH
)
def update_agenda_item(
    request: HttpRequest, slug: str, item_id: int, payload: AgendaItemPatch
) -> Any:
    """Change a point, or move it: ``meeting_id`` schedules it on a meeting of the same
    body, 0 sends it back to the backlog."""
    territory = _territory(request, slug)
    item = selectors.item_or_404(request.user, territory, item_id)
    require_api(request, "change", item)
    data = payload.dict(exclude_unset=True)
    meeting_id = data.pop("meeting_id", None)
    fields = _item_fields(request, territory, data)
    if fields:
        services.update_item(actor=request.user, item=item, **fields)
    if meeting_id == 0:
        services.unschedule_item(actor=request.user, item=item)
    elif meeting_id is not None:
        target = get_object_or_404(
            access.visible(request.user, Meeting.objects.filter(body=item.body)), pk=meeting_id
        )
        if item.meeting_id is not None and item.meeting_id != target.pk:
            services.unschedule_item(actor=request.user, item=item)
        if item.meeting_id != target.pk:
            services.schedule_item(actor=request.user, item=item, meeting=target)
    return item


# --------------------------------------------------------------------------- records


@router.get(
    PREFIX + "/meetings/{meeting_id}/attendance",
    response={200: list[AttendanceOut], **ERRORS},
    auth=READ_AUTH,
)
@paginated()
def list_attendance(request: HttpRequest, slug: str, meeting_id: int) -> Any:
    meeting = _meeting(request, slug, meeting_id)
    require_api(request, "read_minutes", meeting)
    return selectors.recorded_attendance(request.user, meeting)


@router.post(
    PREFIX + "/meetings/{meeting_id}/attendance",
    response={200: list[AttendanceOut], **ERRORS},
    auth=WRITE_AUTH,
)
def record_attendance(
    request: HttpRequest, slug: str, meeting_id: int, payload: list[AttendanceIn]
) -> Any:
    territory = _territory(request, slug)
    meeting = selectors.meeting_or_404(request.user, territory, meeting_id)
    require_api(request, "change", meeting)

    ids = {row.user_id for row in payload} | {
        row.represented_by_id for row in payload if row.represented_by_id
    }
    users = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    unknown = sorted(ids - set(users))
    if unknown:
        raise ValidationError(
            {"user_id": _("Personnes inconnues : %(ids)s.") % {"ids": ", ".join(map(str, unknown))}}
        )
    services.record_attendance(
        actor=request.user,
        meeting=meeting,
        entries=[
            {
                "user": users[row.user_id],
                "status": row.status,
                "represented_by": users.get(row.represented_by_id or 0),
                "note": row.note,
            }
            for row in payload
        ],
    )
    return selectors.recorded_attendance(request.user, meeting)


@router.get(
    PREFIX + "/meetings/{meeting_id}/minutes",
    response={200: list[MinutesOut], **ERRORS},
    auth=READ_AUTH,
)
@paginated()
def get_minutes(request: HttpRequest, slug: str, meeting_id: int) -> Any:
    meeting = _meeting(request, slug, meeting_id)
    require_api(request, "read_minutes", meeting)
    entries = selectors.minutes(request.user, meeting)
    return sorted(entries.values(), key=lambda e: (e.item.position if e.item else -1, e.pk))


@router.put(
    PREFIX + "/meetings/{meeting_id}/minutes",
    response={200: list[MinutesOut], **ERRORS},
    auth=WRITE_AUTH,
)
def put_minutes(request: HttpRequest, slug: str, meeting_id: int, payload: MinutesIn) -> Any:
    meeting = _meeting(request, slug, meeting_id)
    require_api(request, "change", meeting)
    services.save_minutes(
        actor=request.user, meeting=meeting, general=payload.general, items=payload.items
    )
    entries = selectors.minutes(request.user, meeting)
    return sorted(entries.values(), key=lambda e: (e.item.position if e.item else -1, e.pk))


# --------------------------------------------------------------------------- decisions


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
