"""The veille's API: signals, corroborations and orientations (docs/watch.md). The same
services as the pages, so the same personal-data gate and the same rules; every read of
a signal is logged. ``topic`` is the data·inclusion thématique value."""

import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from maillage.api.auth import READ_AUTH, WRITE_AUTH
from maillage.api.pagination import paginated
from maillage.api.schemas import ERRORS, MAX_ID, READ_ERRORS, OrganisationRef
from maillage.core import access, references
from maillage.core.http_api import require_api
from maillage.governance.models import Body
from maillage.observatory.models import Indicator
from maillage.programme.models import Action
from maillage.territories.models import GeoUnit, Organisation, Territory
from maillage.watch import selectors, services
from maillage.watch.api_reports import router as reports_router
from maillage.watch.models import Orientation, Signal

router = Router(tags=["Veille"])
# The aggregates (map counts, monthly trend): maillage/watch/api_reports.py.
router.add_router("", reports_router)

PREFIX = "/territories/{slug}"


# --------------------------------------------------------------------------- schemas


class SignalPlaceOut(Schema):
    id: int
    kind: str
    code: str
    name: str


class SignalOut(Schema):
    id: int
    title: str
    description: str
    topic: str
    publics: list[str]
    place: SignalPlaceOut | None
    observed_since: datetime.date
    trend: str
    situations_count: int
    organisation: OrganisationRef
    audience: str
    status: str
    reason: str
    corroborating_organisations: int
    merged_into_id: int | None
    created_at: datetime.datetime
    closed_at: datetime.datetime | None
    erased: bool
    url: str

    @staticmethod
    def resolve_topic(obj: Signal) -> str:
        return obj.thematique

    @staticmethod
    def resolve_corroborating_organisations(obj: Signal) -> int:
        return obj.corroborating_orgs

    @staticmethod
    def resolve_erased(obj: Signal) -> bool:
        return obj.is_erased

    @staticmethod
    def resolve_url(obj: Signal) -> str:
        return obj.get_absolute_url()


class SignalIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field(..., min_length=1, max_length=5000)
    topic: str = Field(..., max_length=120)
    publics: list[str] = Field(default_factory=list, max_length=20)
    place_id: int | None = Field(None, ge=1, le=MAX_ID)
    observed_since: datetime.date
    trend: Literal["one_off", "recurring", "rising"]
    situations_count: int = Field(..., ge=1, le=100_000)
    organisation_id: int = Field(..., ge=1, le=MAX_ID)
    audience: Literal["cell", "partners"] = "cell"


class SignalFilters(Schema):
    topic: str = Field("", max_length=120)
    place_id: int | None = Field(None, ge=1, le=MAX_ID)
    status: Literal["", "new", "qualifying", "oriented", "closed"] = ""
    organisation_id: int | None = Field(None, ge=1, le=MAX_ID)
    q: str = Field("", max_length=200)


class CorroborationOut(Schema):
    id: int
    signal_id: int
    organisation: OrganisationRef
    situations_count: int
    note: str
    created_at: datetime.datetime


class CorroborationIn(Schema):
    organisation_id: int = Field(..., ge=1, le=MAX_ID)
    situations_count: int = Field(..., ge=1, le=100_000)
    note: str = Field("", max_length=500)


class SignalStatusIn(Schema):
    status: Literal["qualifying", "closed"]
    reason: Literal["to_qualify", "handled", "duplicate", "out_of_scope", "unconfirmed", "reopened"]


class SignalMergeIn(Schema):
    into_id: int = Field(..., ge=1, le=MAX_ID)


class OrientationOut(Schema):
    id: int
    signal_id: int
    kind: str
    state: str
    title: str
    note: str
    body_id: int | None
    agenda_item_id: int | None
    action_id: int | None
    indicator_id: int | None
    created_at: datetime.datetime
    decided_at: datetime.datetime | None

    @staticmethod
    def resolve_body_id(obj: Orientation, context: Any) -> int | None:
        return references.api_target_id(context, obj, "body")

    @staticmethod
    def resolve_agenda_item_id(obj: Orientation, context: Any) -> int | None:
        return obj.agenda_item_id if references.api_target_id(context, obj, "body") else None

    @staticmethod
    def resolve_action_id(obj: Orientation, context: Any) -> int | None:
        return references.api_target_id(context, obj, "action")


class OrientationIn(Schema):
    kind: Literal["backlog", "working_group", "action", "indicator"]
    title: str = Field("", max_length=255)
    note: str = Field("", max_length=2000)
    body_id: int | None = Field(None, ge=1, le=MAX_ID)
    indicator_id: int | None = Field(None, ge=1, le=MAX_ID)
    action_id: int | None = Field(None, ge=1, le=MAX_ID)


class OrientationDecisionIn(Schema):
    accept: bool


# --------------------------------------------------------------------------- lookups


def _territory(request: HttpRequest, slug: str) -> Territory:
    return selectors.territory_or_404(request.user, slug)


def _signal(request: HttpRequest, slug: str, signal_id: int, verb: str) -> Signal:
    territory = _territory(request, slug)
    signal = selectors.signal_or_404(request.user, territory, signal_id)
    require_api(request, verb, signal)
    return signal


def _named(queryset: Any, pk: int | None, field: str, message: str) -> Any:
    if pk is None:
        return None
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: message})
    return found


# --------------------------------------------------------------------------- signals


@router.get(PREFIX + "/signals", response={200: list[SignalOut], **READ_ERRORS}, auth=READ_AUTH)
@paginated()
def list_signals(request: HttpRequest, slug: str, filters: Query[SignalFilters]) -> Any:
    territory = _territory(request, slug)
    require_api(request, "use_watch", territory)
    return selectors.filtered(
        request.user,
        territory,
        selectors.Filters(
            thematique=filters.topic,
            place=filters.place_id,
            status=filters.status,
            organisation=filters.organisation_id,
            q=filters.q,
        ),
    ).defer(None)


@router.post(PREFIX + "/signals", response={201: SignalOut, **ERRORS}, auth=WRITE_AUTH)
def create_signal(request: HttpRequest, slug: str, payload: SignalIn) -> Any:
    territory = _territory(request, slug)
    require_api(request, "report_signal", territory)
    data = payload.dict()
    place = _named(
        GeoUnit.objects.filter(territory=territory),
        data.pop("place_id"),
        "place_id",
        _("Ce lieu n’appartient pas au territoire."),
    )
    organisation = _named(
        Organisation.objects.all(),
        data.pop("organisation_id"),
        "organisation_id",
        _("Organisation inconnue."),
    )
    signal = services.report_signal(
        actor=request.user,
        territory=territory,
        organisation=organisation,
        place=place,
        thematique=data.pop("topic"),
        **data,
    )
    return Status(201, signal)


@router.get(
    PREFIX + "/signals/{signal_id}", response={200: SignalOut, **READ_ERRORS}, auth=READ_AUTH
)
def get_signal(request: HttpRequest, slug: str, signal_id: int) -> Any:
    signal = _signal(request, slug, signal_id, "view")
    services.log_read(actor=request.user, signal=signal)
    return signal


@router.post(
    PREFIX + "/signals/{signal_id}/status", response={200: SignalOut, **ERRORS}, auth=WRITE_AUTH
)
def change_signal_status(
    request: HttpRequest, slug: str, signal_id: int, payload: SignalStatusIn
) -> Any:
    signal = _signal(request, slug, signal_id, "triage")
    return services.change_status(
        actor=request.user, signal=signal, status=payload.status, reason=payload.reason
    )


@router.post(
    PREFIX + "/signals/{signal_id}/merge", response={200: SignalOut, **ERRORS}, auth=WRITE_AUTH
)
def merge_signal(request: HttpRequest, slug: str, signal_id: int, payload: SignalMergeIn) -> Any:
    signal = _signal(request, slug, signal_id, "triage")
    into = _named(
        selectors.visible_signals(request.user, signal.territory),
        payload.into_id,
        "into_id",
        _("Aucun signalement ouvert de ce numéro."),
    )
    services.merge(actor=request.user, duplicate=signal, into=into)
    signal.refresh_from_db()
    return signal


# --------------------------------------------------------------------------- corroborations


@router.get(
    PREFIX + "/signals/{signal_id}/corroborations",
    response={200: list[CorroborationOut], **READ_ERRORS},
    auth=READ_AUTH,
)
@paginated()
def list_corroborations(request: HttpRequest, slug: str, signal_id: int) -> Any:
    signal = _signal(request, slug, signal_id, "view")
    return signal.corroborations.select_related("organisation").order_by("created_at", "pk")


@router.post(
    PREFIX + "/signals/{signal_id}/corroborations",
    response={201: CorroborationOut, **ERRORS},
    auth=WRITE_AUTH,
)
def corroborate_signal(
    request: HttpRequest, slug: str, signal_id: int, payload: CorroborationIn
) -> Any:
    signal = _signal(request, slug, signal_id, "corroborate")
    organisation = _named(
        Organisation.objects.all(),
        payload.organisation_id,
        "organisation_id",
        _("Organisation inconnue."),
    )
    corroboration = services.corroborate(
        actor=request.user,
        signal=signal,
        organisation=organisation,
        situations_count=payload.situations_count,
        note=payload.note,
    )
    return Status(201, corroboration)


# --------------------------------------------------------------------------- orientations


@router.get(
    PREFIX + "/signals/{signal_id}/orientations",
    response={200: list[OrientationOut], **READ_ERRORS},
    auth=READ_AUTH,
)
@paginated()
def list_orientations(request: HttpRequest, slug: str, signal_id: int) -> Any:
    signal = _signal(request, slug, signal_id, "view")
    return signal.orientations.select_related("body", "action").order_by("created_at", "pk")


@router.post(
    PREFIX + "/signals/{signal_id}/orientations",
    response={201: OrientationOut, **ERRORS},
    auth=WRITE_AUTH,
)
def orient_signal(request: HttpRequest, slug: str, signal_id: int, payload: OrientationIn) -> Any:
    signal = _signal(request, slug, signal_id, "triage")
    body = _named(
        access.visible(request.user, Body.objects.filter(territory_id=signal.territory_id)),
        payload.body_id,
        "body_id",
        _("Instance introuvable sur ce territoire."),
    )
    indicator = _named(
        access.visible(request.user, Indicator.objects.all()),
        payload.indicator_id,
        "indicator_id",
        _("Indicateur introuvable."),
    )
    action = _named(
        access.visible(request.user, Action.objects.filter(territory_id=signal.territory_id)),
        payload.action_id,
        "action_id",
        _("Fiche action introuvable sur ce territoire."),
    )
    orientation = services.orient(
        actor=request.user,
        signal=signal,
        kind=payload.kind,
        title=payload.title,
        note=payload.note,
        body=body,
        indicator=indicator,
        action=action,
    )
    return Status(201, orientation)


@router.post(
    PREFIX + "/orientations/{orientation_id}/decision",
    response={200: OrientationOut, **ERRORS},
    auth=WRITE_AUTH,
)
def decide_orientation(
    request: HttpRequest, slug: str, orientation_id: int, payload: OrientationDecisionIn
) -> Any:
    territory = _territory(request, slug)
    orientation = selectors.orientation_or_404(request.user, territory, orientation_id)
    require_api(request, "decide", orientation)
    return services.decide(actor=request.user, orientation=orientation, accept=payload.accept)
