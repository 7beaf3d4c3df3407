"""Endpoints for meetings: the meeting itself, the steps of its life, its agenda items."""

import inspect
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

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
    CancelIn,
    ConveneIn,
    ConvocationAnswerIn,
    ConvocationAnswerOut,
    MeetingDetailOut,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
)
from maillage.governance.endpoints.common import PREFIX, _aware, _item_fields, _meeting, _territory
from maillage.governance.models import ConvocationAnswer, Meeting
from maillage.governance.services.meetings import agenda_minutes

router = Router()


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


@router.post(
    PREFIX + "/meetings/{meeting_id}/answer",
    response={200: ConvocationAnswerOut, **ERRORS},
    auth=WRITE_AUTH,
)
def answer_convocation(
    request: HttpRequest, slug: str, meeting_id: int, payload: ConvocationAnswerIn
) -> Any:
    """The caller's own answer to the meeting's convocation."""
    meeting = _meeting(request, slug, meeting_id)
    require_api(request, "answer", meeting)
    saved = services.answer_convocation(
        actor=request.user,
        meeting=meeting,
        user=request.user,
        channel=ConvocationAnswer.Channel.API,
        **payload.dict(),
    )
    return selectors.AnswerRow(request.user, saved.organisation, "", saved)


@router.get(
    PREFIX + "/meetings/{meeting_id}/answers",
    response={200: list[ConvocationAnswerOut], **READ_ERRORS},
    auth=READ_AUTH,
)
@paginated()
def list_convocation_answers(request: HttpRequest, slug: str, meeting_id: int) -> Any:
    """Everyone convened and their answer: for those who run the meeting."""
    meeting = _meeting(request, slug, meeting_id)
    require_api(request, "change", meeting)
    return selectors.convocation_answers(meeting)
