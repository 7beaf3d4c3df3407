"""The programme in the API: axes, objectives, actions, milestones, indicators and
measurements, read and written under the same access rules and through the same services
as the pages."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from maillage.api.auth import READ_AUTH, WRITE_AUTH
from maillage.api.pagination import paginated
from maillage.api.schemas import ERRORS, READ_ERRORS
from maillage.core import access
from maillage.core.http_api import require_api
from maillage.programme import selectors, services
from maillage.programme.api_schemas import (
    ActionDetailOut,
    ActionFilters,
    ActionIn,
    ActionOut,
    ActionPatch,
    AxisIn,
    AxisOut,
    AxisPatch,
    IndicatorIn,
    IndicatorOut,
    IndicatorPatch,
    InspiringCopyIn,
    InspiringCopyOut,
    InspiringModelFilters,
    InspiringModelIn,
    InspiringModelOut,
    MeasurementIn,
    MeasurementOut,
    MeasurementPatch,
    MilestoneIn,
    MilestoneOut,
    MilestonePatch,
    ObjectiveIn,
    ObjectiveOut,
    ObjectivePatch,
    StatusChangeOut,
    StatusIn,
    TargetIO,
)
from maillage.programme.essaimage import personal_data_in
from maillage.programme.models import (
    Action,
    Axis,
    Indicator,
    Measurement,
    Milestone,
    Objective,
)
from maillage.territories.models import GeoUnit, Organisation, Territory
from maillage.territories.selectors import territory_or_404

router = Router(tags=["Programme d’actions"])


# --------------------------------------------------------------------------- helpers


def _objects(model: type, territory: Territory, ids: list[int], field: str) -> list[Any]:
    """Objects of the territory by id; an unknown id is an invalid field, never a 500."""
    if model is Organisation:
        qs = Organisation.objects.partners_of(territory)
    else:
        qs = model._default_manager.filter(territory=territory)  # type: ignore[attr-defined]
    # An id beyond what the databases store cannot exist: it is reported as unknown rather
    # than sent to the database (SQLite raises OverflowError on it).
    found = {o.pk: o for o in qs.filter(pk__in=[i for i in ids if 0 < i < 2**63])}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError(
            {field: _("Identifiants inconnus : %s.") % ", ".join(map(str, missing))}
        )
    return [found[i] for i in dict.fromkeys(ids)]


def _objective(
    territory: Territory, objective_id: int | None, field: str = "objective_id"
) -> Objective | None:
    if objective_id is None:
        return None
    objective = Objective.objects.filter(axis__territory=territory, pk=objective_id).first()
    if objective is None:
        raise ValidationError({field: _("Cet objectif n’existe pas dans ce territoire.")})
    return objective


def _action_fields(data: dict[str, Any], territory: Territory) -> dict[str, Any]:
    fields = dict(data)
    if "rationale" in fields:
        fields["constat"] = fields.pop("rationale")
    if "objective_id" in fields:
        fields["objective"] = _objective(territory, fields.pop("objective_id"))
    for key, name, model in (
        ("place_ids", "places", GeoUnit),
        ("pilot_ids", "pilots", Organisation),
        ("restricted_to_ids", "restricted_to", Organisation),
    ):
        if key in fields:
            ids = fields.pop(key)
            fields[name] = _objects(model, territory, ids or [], name)
    return fields


def _action(request: HttpRequest, slug: str, action_id: int) -> Action:
    territory = territory_or_404(request.user, slug)
    return selectors.action_or_404(request.user, territory, action_id)


def _editable(request: HttpRequest, slug: str, action_id: int) -> Action:
    action = _action(request, slug, action_id)
    require_api(request, "change", action)
    return action


def _targets(items: list[TargetIO] | None) -> dict[int, Decimal] | None:
    if items is None:
        return None
    return {t.year: Decimal(str(t.value)) for t in items}


# --------------------------------------------------------------------------- axes


@router.get(
    "/territories/{slug}/axes",
    response={200: list[AxisOut], **READ_ERRORS},
    auth=READ_AUTH,
    url_name="programme_list_axes",
)
@paginated()
def list_axes(request: HttpRequest, slug: str) -> Any:
    territory = territory_or_404(request.user, slug)
    return access.visible(request.user, Axis.objects.filter(territory=territory))


@router.post(
    "/territories/{slug}/axes",
    response={201: AxisOut, **ERRORS},
    auth=WRITE_AUTH,
    url_name="programme_create_axis",
)
def create_axis(request: HttpRequest, slug: str, payload: AxisIn) -> Any:
    territory = territory_or_404(request.user, slug)
    require_api(request, "manage_programme", territory)
    return Status(
        201, services.create_axis(actor=request.user, territory=territory, **payload.dict())
    )


@router.patch(
    "/territories/{slug}/axes/{axis_id}",
    response={200: AxisOut, **ERRORS},
    auth=WRITE_AUTH,
    url_name="programme_update_axis",
)
def update_axis(request: HttpRequest, slug: str, axis_id: int, payload: AxisPatch) -> Any:
    territory = territory_or_404(request.user, slug)
    axis = get_object_or_404(Axis.objects.filter(territory=territory), pk=axis_id)
    require_api(request, "change", axis)
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.update_axis(actor=request.user, axis=axis, **fields)


# --------------------------------------------------------------------------- objectives


@router.get(
    "/territories/{slug}/objectives",
    response={200: list[ObjectiveOut], **READ_ERRORS},
    auth=READ_AUTH,
    url_name="programme_list_objectives",
)
@paginated()
def list_objectives(request: HttpRequest, slug: str) -> Any:
    territory = territory_or_404(request.user, slug)
    return access.visible(request.user, selectors.objectives_of(territory))


@router.post(
    "/territories/{slug}/objectives",
    response={201: ObjectiveOut, **ERRORS},
    auth=WRITE_AUTH,
    url_name="programme_create_objective",
)
def create_objective(request: HttpRequest, slug: str, payload: ObjectiveIn) -> Any:
    territory = territory_or_404(request.user, slug)
    require_api(request, "manage_programme", territory)
    data = payload.dict()
    axis = Axis.objects.filter(territory=territory, pk=data.pop("axis_id")).first()
    if axis is None:
        raise ValidationError({"axis_id": _("Cet axe n’existe pas dans ce territoire.")})
    return Status(201, services.create_objective(actor=request.user, axis=axis, **data))


@router.patch(
    "/territories/{slug}/objectives/{objective_id}",
    response={200: ObjectiveOut, **ERRORS},
    auth=WRITE_AUTH,
    url_name="programme_update_objective",
)
def update_objective(
    request: HttpRequest, slug: str, objective_id: int, payload: ObjectivePatch
) -> Any:
    territory = territory_or_404(request.user, slug)
    objective = get_object_or_404(selectors.objectives_of(territory), pk=objective_id)
    require_api(request, "change", objective)
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    if "axis_id" in fields:
        axis = Axis.objects.filter(territory=territory, pk=fields.pop("axis_id")).first()
        if axis is None:
            raise ValidationError({"axis_id": _("Cet axe n’existe pas dans ce territoire.")})
        fields["axis"] = axis
    return services.update_objective(actor=request.user, objective=objective, **fields)


# --------------------------------------------------------------------------- actions


@router.get(
    "/territories/{slug}/actions",
    response={200: list[ActionOut], **READ_ERRORS},
    auth=READ_AUTH,
    url_name="programme_list_actions",
)
@paginated()
def list_actions(request: HttpRequest, slug: str, filters: Query[ActionFilters]) -> Any:
    territory = territory_or_404(request.user, slug)
    lookups = selectors.ActionFilters(
        axis=Axis.objects.filter(territory=territory, pk=filters.axis).first()
        if filters.axis
        else None,
        objective=selectors.objectives_of(territory).filter(pk=filters.objective).first()
        if filters.objective
        else None,
        status=filters.status,
        pilot=Organisation.objects.filter(pk=filters.pilot).first() if filters.pilot else None,
        partner=Organisation.objects.filter(pk=filters.partner).first()
        if filters.partner
        else None,
        public=filters.public,
        place=GeoUnit.objects.filter(territory=territory, pk=filters.place).first()
        if filters.place
        else None,
        text=filters.q,
        sort=filters.sort,
        late=filters.late,
    )
    unknown = [
        name
        for name, given, found in (
            ("axis", filters.axis, lookups.axis),
            ("objective", filters.objective, lookups.objective),
            ("pilot", filters.pilot, lookups.pilot),
            ("partner", filters.partner, lookups.partner),
            ("place", filters.place, lookups.place),
        )
        if given and found is None
    ]
    if unknown:
        raise ValidationError({name: _("Identifiant inconnu.") for name in unknown})
    return selectors.action_list(request.user, territory, lookups)


@router.post(
    "/territories/{slug}/actions",
    response={201: ActionDetailOut, **ERRORS},
    auth=WRITE_AUTH,
    url_name="programme_create_action",
)
def create_action(request: HttpRequest, slug: str, payload: ActionIn) -> Any:
    territory = territory_or_404(request.user, slug)
    require_api(request, "create_action", territory)
    fields = _action_fields(payload.dict(), territory)
    action = services.create_action(actor=request.user, territory=territory, **fields)
    return Status(201, selectors.action_or_404(request.user, territory, action.pk))


@router.get(
    "/territories/{slug}/actions/{action_id}",
    response={200: ActionDetailOut, **READ_ERRORS},
    auth=READ_AUTH,
    url_name="programme_get_action",
)
def get_action(request: HttpRequest, slug: str, action_id: int) -> Any:
    return _action(request, slug, action_id)


@router.patch(
    "/territories/{slug}/actions/{action_id}",
    response={200: ActionDetailOut, **ERRORS},
    auth=WRITE_AUTH,
    url_name="programme_update_action",
)
def update_action(request: HttpRequest, slug: str, action_id: int, payload: ActionPatch) -> Any:
    action = _editable(request, slug, action_id)
    data = payload.dict(exclude_unset=True)
    nullable = {"objective_id", "starts_on", "ends_on"}
    data = {k: v for k, v in data.items() if v is not None or k in nullable}
    fields = _action_fields(data, action.territory)
    services.update_action(actor=request.user, action=action, **fields)
    return selectors.action_or_404(request.user, action.territory, action.pk)


@router.post(
    "/territories/{slug}/actions/{action_id}/status",
    response={201: StatusChangeOut, **ERRORS},
    auth=WRITE_AUTH,
    url_name="programme_change_status",
)
def change_status(request: HttpRequest, slug: str, action_id: int, payload: StatusIn) -> Any:
    action = _editable(request, slug, action_id)
    return Status(201, services.change_status(actor=request.user, action=action, **payload.dict()))


# --------------------------------------------------------------------------- milestones


@router.get(
    "/territories/{slug}/actions/{action_id}/milestones",
    response={200: list[MilestoneOut], **READ_ERRORS},
    auth=READ_AUTH,
    url_name="programme_list_milestones",
)
@paginated()
def list_milestones(request: HttpRequest, slug: str, action_id: int) -> Any:
    return _action(request, slug, action_id).milestones.all()


@router.post(
    "/territories/{slug}/actions/{action_id}/milestones",
    response={201: MilestoneOut, **ERRORS},
    auth=WRITE_AUTH,
    url_name="programme_create_milestone",
)
def create_milestone(request: HttpRequest, slug: str, action_id: int, payload: MilestoneIn) -> Any:
    action = _editable(request, slug, action_id)
    return Status(201, services.add_milestone(actor=request.user, action=action, **payload.dict()))


def _milestone(action: Action, milestone_id: int) -> Milestone:
    return get_object_or_404(Milestone.objects.filter(action=action), pk=milestone_id)


@router.patch(
    "/territories/{slug}/actions/{action_id}/milestones/{milestone_id}",
    response={200: MilestoneOut, **ERRORS},
    auth=WRITE_AUTH,
    url_name="programme_update_milestone",
)
def update_milestone(
    request: HttpRequest, slug: str, action_id: int, milestone_id: int, payload: MilestonePatch
) -> Any:
    action = _editable(request, slug, action_id)
    milestone = _milestone(action, milestone_id)
    data = payload.dict(exclude_unset=True)
    fields = {k: v for k, v in data.items() if v is not None or k in {"planned_on", "done_on"}}
    return services.update_milestone(actor=request.user, milestone=milestone, **fields)


@router.delete(
    "/territories/{slug}/actions/{action_id}/milestones/{milestone_id}",
    response={204: None, **ERRORS},
    auth=WRITE_AUTH,
    url_name="programme_delete_milestone",
)
def delete_milestone(request: HttpRequest, slug: str, action_id: int, milestone_id: int) -> Any:
    action = _editable(request, slug, action_id)
    services.delete_milestone(actor=request.user, milestone=_milestone(action, milestone_id))
    return Status(204, None)


# --------------------------------------------------------------------------- indicators


def _indicator(action: Action, indicator_id: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.filter(action=action).prefetch_related("yearly_targets"), pk=indicator_id
    )


@router.get(
    "/territories/{slug}/actions/{action_id}/indicators",
    response={200: list[IndicatorOut], **READ_ERRORS},
    auth=READ_AUTH,
    url_name="programme_list_indicators",
)
@paginated()
def list_indicators(request: HttpRequest, slug: str, action_id: int) -> Any:
    return _action(request, slug, action_id).indicators.all()


@router.post(
    "/territories/{slug}/actions/{action_id}/indicators",
    response={201: IndicatorOut, **ERRORS},
    auth=WRITE_AUTH,
    url_name="programme_create_indicator",
)
def create_indicator(request: HttpRequest, slug: str, action_id: int, payload: IndicatorIn) -> Any:
    action = _editable(request, slug, action_id)
    data = payload.dict()
    targets = _targets(payload.targets)
    data.pop("targets")
    indicator = services.create_indicator(
        actor=request.user, action=action, targets=targets, **data
    )
    return Status(201, _indicator(action, indicator.pk))


@router.patch(
    "/territories/{slug}/actions/{action_id}/indicators/{indicator_id}",
    response={200: IndicatorOut, **ERRORS},
    auth=WRITE_AUTH,
    url_name="programme_update_indicator",
)
def update_indicator(
    request: HttpRequest, slug: str, action_id: int, indicator_id: int, payload: IndicatorPatch
) -> Any:
    action = _editable(request, slug, action_id)
    indicator = _indicator(action, indicator_id)
    data = payload.dict(exclude_unset=True)
    targets = _targets(payload.targets) if "targets" in data else None
    data.pop("targets", None)
    fields = {
        k: v for k, v in data.items() if v is not None or k in {"baseline_value", "baseline_on"}
    }
    services.update_indicator(actor=request.user, indicator=indicator, targets=targets, **fields)
    return _indicator(action, indicator.pk)


# --------------------------------------------------------------------------- measurements


@router.get(
    "/territories/{slug}/actions/{action_id}/indicators/{indicator_id}/measurements",
    response={200: list[MeasurementOut], **READ_ERRORS},
    auth=READ_AUTH,
    url_name="programme_list_measurements",
)
@paginated()
def list_measurements(request: HttpRequest, slug: str, action_id: int, indicator_id: int) -> Any:
    action = _action(request, slug, action_id)
    return _indicator(action, indicator_id).measurements.order_by("measured_on")


@router.post(
    "/territories/{slug}/actions/{action_id}/indicators/{indicator_id}/measurements",
    response={201: MeasurementOut, **ERRORS},
    auth=WRITE_AUTH,
    url_name="programme_create_measurement",
)
def create_measurement(
    request: HttpRequest, slug: str, action_id: int, indicator_id: int, payload: MeasurementIn
) -> Any:
    action = _editable(request, slug, action_id)
    indicator = _indicator(action, indicator_id)
    return Status(
        201, services.record_measurement(actor=request.user, indicator=indicator, **payload.dict())
    )


def _measurement(indicator: Indicator, measurement_id: int) -> Measurement:
    return get_object_or_404(Measurement.objects.filter(indicator=indicator), pk=measurement_id)


@router.patch(
    "/territories/{slug}/actions/{action_id}/indicators/{indicator_id}/measurements/{measurement_id}",
    response={200: MeasurementOut, **ERRORS},
    auth=WRITE_AUTH,
    url_name="programme_update_measurement",
)
def update_measurement(
    request: HttpRequest,
    slug: str,
    action_id: int,
    indicator_id: int,
    measurement_id: int,
    payload: MeasurementPatch,
) -> Any:
    action = _editable(request, slug, action_id)
    measurement = _measurement(_indicator(action, indicator_id), measurement_id)
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return services.update_measurement(actor=request.user, measurement=measurement, **fields)


@router.delete(
    "/territories/{slug}/actions/{action_id}/indicators/{indicator_id}/measurements/{measurement_id}",
    response={204: None, **ERRORS},
    auth=WRITE_AUTH,
    url_name="programme_delete_measurement",
)
def delete_measurement(
    request: HttpRequest, slug: str, action_id: int, indicator_id: int, measurement_id: int
) -> Any:
    action = _editable(request, slug, action_id)
    measurement = _measurement(_indicator(action, indicator_id), measurement_id)
    services.delete_measurement(actor=request.user, measurement=measurement)
    return Status(204, None)


# --------------------------------------------------------------------------- essaimage


@router.get(
    "/inspiring-models",
    response={200: list[InspiringModelOut], **READ_ERRORS},
    auth=READ_AUTH,
    url_name="programme_list_inspiring_models",
)
@paginated()
def list_inspiring_models(request: HttpRequest, filters: Query[InspiringModelFilters]) -> Any:
    """The fiches inspirantes the caller may read, newest first."""
    return selectors.inspiring_catalogue(
        request.user,
        selectors.InspiringFilters(
            text=filters.q, theme=filters.theme, territory_id=filters.territory
        ),
    )


@router.get(
    "/inspiring-models/{model_id}",
    response={200: InspiringModelOut, **READ_ERRORS},
    auth=READ_AUTH,
    url_name="programme_get_inspiring_model",
)
def get_inspiring_model(request: HttpRequest, model_id: int) -> Any:
    return selectors.inspiring_model_or_404(request.user, model_id)


@router.post(
    "/territories/{slug}/actions/{action_id}/inspiring-model",
    response={200: InspiringModelOut, **ERRORS},
    auth=WRITE_AUTH,
    url_name="programme_offer_inspiring_model",
)
def offer_inspiring_model(
    request: HttpRequest, slug: str, action_id: int, payload: InspiringModelIn
) -> Any:
    """Offer the fiche as a fiche inspirante, or change its model (a withdrawn one is
    offered again). A text that seems to hold personal data is refused unless
    ``confirm_personal_data`` is true."""
    territory = territory_or_404(request.user, slug)
    action = selectors.editable_action_or_404(request.user, territory, action_id)
    require_api(request, "offer_model", action)
    data = payload.dict()
    confirmed = data.pop("confirm_personal_data")
    found = personal_data_in(data)
    if found and not confirmed:
        raise ValidationError(
            {
                "confirm_personal_data": _(
                    "Le texte semble contenir %(what)s. Retirez ces données, ou confirmez "
                    "qu’il s’agit des coordonnées d’un service."
                )
                % {"what": ", ".join(found)}
            }
        )
    model = services.offer_as_model(request.user, action, **data)
    return selectors.inspiring_model_or_404(request.user, model.pk)


@router.post(
    "/inspiring-models/{model_id}/copy",
    response={201: InspiringCopyOut, **ERRORS},
    auth=WRITE_AUTH,
    url_name="programme_copy_inspiring_model",
)
def copy_inspiring_model(request: HttpRequest, model_id: int, payload: InspiringCopyIn) -> Any:
    """Copy the model as a draft fiche in the objective's territory; answers the new
    fiche's id."""
    model = selectors.inspiring_model_or_404(request.user, model_id)
    require_api(request, "copy", model)
    objective = (
        Objective.objects.select_related("axis__territory").filter(pk=payload.objective_id).first()
    )
    if objective is None:
        raise ValidationError({"objective_id": _("Cet objectif n’existe pas.")})
    return Status(201, services.copy_model(request.user, model, objective=objective))


@router.post(
    "/inspiring-models/{model_id}/withdraw",
    response={204: None, **ERRORS},
    auth=WRITE_AUTH,
    url_name="programme_withdraw_inspiring_model",
)
def withdraw_inspiring_model(request: HttpRequest, model_id: int) -> Any:
    model = selectors.inspiring_model_or_404(request.user, model_id)
    require_api(request, "withdraw", model)
    services.withdraw_model(request.user, model)
    return Status(204, None)
