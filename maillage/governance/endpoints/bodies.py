"""Endpoints for bodies, their memberships and their backlog."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from maillage.api.auth import READ_AUTH, WRITE_AUTH
from maillage.api.pagination import paginated
from maillage.api.schemas import ERRORS, READ_ERRORS
from maillage.core import access
from maillage.core.http_api import require_api
from maillage.governance import selectors, services
from maillage.governance.api_schemas import (
    AgendaItemIn,
    AgendaItemOut,
    BodyIn,
    BodyMembershipOut,
    BodyOut,
    BodyPatch,
    EndIn,
    MembershipIn,
    RepresentativesIn,
)
from maillage.governance.endpoints.common import (
    PREFIX,
    _axis,
    _item_fields,
    _organisation,
    _person,
    _territory,
)
from maillage.governance.models import BodyMembership
from maillage.territories.models import Territory

router = Router()


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
