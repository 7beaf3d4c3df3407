"""Schemas of the programme's API (input, output, filters): the routes are in api.py."""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from ninja import Field, Schema

from maillage.api.schemas import OrganisationRef
from maillage.core import references
from maillage.core.roles import Visibility
from maillage.programme import selectors
from maillage.programme.models import (
    Action,
    Indicator,
    InspiringModel,
    Measurement,
    Milestone,
    Objective,
)
from maillage.programme.publics import public_label
from maillage.territories.models import GeoUnit

STATUS_PATTERN = "^(" + "|".join(Action.Status.values) + ")$"
VISIBILITY_PATTERN = "^(" + "|".join(Visibility.values) + ")$"


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


class AxisOut(Schema):
    id: int
    number: int
    short_name: str
    title: str
    colour: str
    description: str


class AxisIn(Schema):
    number: int = Field(..., ge=1, le=99)
    short_name: str = Field(..., min_length=1, max_length=60)
    title: str = Field(..., min_length=1, max_length=255)
    colour: str = Field("#000091", pattern=r"^#[0-9A-Fa-f]{6}$")
    description: str = Field("", max_length=5000)


class AxisPatch(Schema):
    number: int | None = Field(None, ge=1, le=99)
    short_name: str | None = Field(None, min_length=1, max_length=60)
    title: str | None = Field(None, min_length=1, max_length=255)
    colour: str | None = Field(None, pattern=r"^#[0-9A-Fa-f]{6}$")
    description: str | None = Field(None, max_length=5000)


class ObjectiveOut(Schema):
    id: int
    axis_id: int
    axis_number: int
    code: str
    title: str
    description: str

    @staticmethod
    def resolve_axis_number(obj: Objective) -> int:
        return obj.axis.number


class ObjectiveIn(Schema):
    axis_id: int
    code: str = Field(..., min_length=1, max_length=12)
    title: str = Field(..., min_length=1, max_length=255)
    description: str = Field("", max_length=5000)


class ObjectivePatch(Schema):
    axis_id: int | None = None
    code: str | None = Field(None, min_length=1, max_length=12)
    title: str | None = Field(None, min_length=1, max_length=255)
    description: str | None = Field(None, max_length=5000)


class PartnerOut(Schema):
    organisation_id: int
    name: str
    role: str


class PlaceOut(Schema):
    id: int
    kind: str
    code: str
    name: str


class ActionOut(Schema):
    id: int
    code: str
    title: str
    status: str
    status_label: str
    visibility: str
    objective_id: int | None
    objective_code: str | None
    axis_number: int | None
    pilots: list[OrganisationRef]
    progress: float | None = Field(None, description="Avancement moyen des indicateurs, en %")
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    late: bool = Field(description="Fin prévue dépassée sans être réalisée ni abandonnée")
    late_milestone: bool = Field(description="Au moins un jalon en retard")
    updated_at: datetime.datetime
    url: str

    @staticmethod
    def resolve_late(obj: Action) -> bool:
        annotated = getattr(obj, "is_late", None)
        return bool(annotated) if annotated is not None else obj.is_late_on(timezone.localdate())

    @staticmethod
    def resolve_late_milestone(obj: Action) -> bool:
        annotated = getattr(obj, "has_late_milestone", None)
        if annotated is not None:
            return bool(annotated)
        return Milestone.objects.late(timezone.localdate()).filter(action=obj).exists()

    @staticmethod
    def resolve_status_label(obj: Action) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_objective_code(obj: Action) -> str | None:
        return obj.objective.code if obj.objective else None

    @staticmethod
    def resolve_axis_number(obj: Action) -> int | None:
        return obj.objective.axis.number if obj.objective else None

    @staticmethod
    def resolve_pilots(obj: Action) -> list[dict[str, Any]]:
        return [{"id": o.pk, "name": o.name} for o in obj.pilots.all()]

    @staticmethod
    def resolve_progress(obj: Action) -> float | None:
        return _float(obj.progress)

    @staticmethod
    def resolve_url(obj: Action) -> str:
        return obj.get_absolute_url()


class MeansOut(Schema):
    id: int
    kind: str
    contributor: str
    organisation_id: int | None
    year: int | None
    amount: float | None
    unit: str
    description: str

    @staticmethod
    def resolve_amount(obj: Any) -> float | None:
        return _float(obj.amount)


class ActionDetailOut(ActionOut):
    summary: str
    rationale: str = Field(..., description="Pourquoi cette action : ce qui a été observé")
    goals: str
    publics: list[str]
    publics_labels: list[str]
    public_precision: str
    places: list[PlaceOut]
    partners: list[PartnerOut]
    related: list[str] = Field(..., description="Codes des actions liées visibles")
    means: list[MeansOut]

    @staticmethod
    def resolve_rationale(obj: Action) -> str:
        return obj.constat

    @staticmethod
    def resolve_publics(obj: Action) -> list[str]:
        return [p.public for p in obj.publics.all()]

    @staticmethod
    def resolve_publics_labels(obj: Action) -> list[str]:
        return [public_label(p.public) for p in obj.publics.all()]

    @staticmethod
    def resolve_places(obj: Action) -> list[GeoUnit]:
        return list(obj.places.all())

    @staticmethod
    def resolve_partners(obj: Action) -> list[dict[str, Any]]:
        return [
            {
                "organisation_id": link.organisation_id,
                "name": link.organisation.name,
                "role": link.role,
            }
            for link in obj.partner_links.all()
        ]

    @staticmethod
    def resolve_related(obj: Action) -> list[str]:
        return [a.code for a in obj.related.all()]

    @staticmethod
    def resolve_means(obj: Action) -> list[Any]:
        return list(obj.means.all())


class ActionIn(Schema):
    title: str = Field(..., min_length=1, max_length=255)
    code: str = Field("", max_length=20)
    objective_id: int | None = None
    status: str = Field(Action.Status.IDEA, pattern=STATUS_PATTERN)
    visibility: str = Field(Visibility.PARTNERS, pattern=VISIBILITY_PATTERN)
    summary: str = Field("", max_length=20000)
    rationale: str = Field("", max_length=20000)
    goals: str = Field("", max_length=20000)
    publics: list[str] = Field([], description="Valeurs data·inclusion (publics)")
    public_precision: str = Field("", max_length=255)
    place_ids: list[int] = []
    pilot_ids: list[int] = []
    restricted_to_ids: list[int] = []
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None


class ActionPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=255)
    code: str | None = Field(None, min_length=1, max_length=20)
    objective_id: int | None = None
    visibility: str | None = Field(None, pattern=VISIBILITY_PATTERN)
    summary: str | None = Field(None, max_length=20000)
    rationale: str | None = Field(None, max_length=20000)
    goals: str | None = Field(None, max_length=20000)
    publics: list[str] | None = None
    public_precision: str | None = Field(None, max_length=255)
    place_ids: list[int] | None = None
    pilot_ids: list[int] | None = None
    restricted_to_ids: list[int] | None = None
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None


class StatusIn(Schema):
    status: str = Field(..., pattern=STATUS_PATTERN)
    reason: str = Field(..., min_length=1, max_length=5000)
    on: datetime.date | None = None


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    reason: str
    changed_on: datetime.date


class ActionFilters(Schema):
    axis: int | None = None
    objective: int | None = None
    status: str = Field("", pattern="^(" + "|".join(["", *Action.Status.values]) + ")$")
    pilot: int | None = None
    partner: int | None = None
    public: str = Field("", max_length=64)
    place: int | None = None
    q: str = Field("", max_length=100)
    sort: str = Field("code", pattern="^(" + "|".join(selectors.SORTS) + ")$")
    late: str = Field(
        "",
        pattern="^(" + "|".join(["", *selectors.LATE_FILTERS]) + ")$",
        description="any: en retard (fin dépassée ou jalon en retard); action: fin dépassée; "
        "milestone: avec un jalon en retard",
    )


class MilestoneOut(Schema):
    id: int
    title: str
    planned_on: datetime.date | None
    done_on: datetime.date | None
    description: str
    late: bool = Field(description="Date prévue dépassée sans être atteint")

    @staticmethod
    def resolve_late(obj: Milestone) -> bool:
        return obj.is_late(timezone.localdate())


class MilestoneIn(Schema):
    title: str = Field(..., min_length=1, max_length=255)
    planned_on: datetime.date | None = None
    done_on: datetime.date | None = None
    description: str = Field("", max_length=5000)


class MilestonePatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=255)
    planned_on: datetime.date | None = None
    done_on: datetime.date | None = None
    description: str | None = Field(None, max_length=5000)


class TargetIO(Schema):
    year: int = Field(..., ge=1990, le=2100)
    value: float


class IndicatorOut(Schema):
    id: int
    name: str
    unit: str
    direction: str
    baseline_value: float | None
    baseline_on: datetime.date | None
    description: str
    targets: list[TargetIO]
    latest_value: float | None
    latest_on: datetime.date | None
    progress: float | None

    @staticmethod
    def resolve_baseline_value(obj: Indicator) -> float | None:
        return _float(obj.baseline_value)

    @staticmethod
    def resolve_latest_value(obj: Indicator) -> float | None:
        return _float(obj.latest_value)

    @staticmethod
    def resolve_progress(obj: Indicator) -> float | None:
        return _float(obj.progress)

    @staticmethod
    def resolve_targets(obj: Indicator) -> list[dict[str, Any]]:
        return [{"year": t.year, "value": float(t.value)} for t in obj.yearly_targets.all()]


class IndicatorIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    unit: str = Field(..., min_length=1, max_length=40)
    direction: str = Field(Indicator.Direction.UP, pattern="^(up|down)$")
    baseline_value: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    baseline_on: datetime.date | None = None
    description: str = Field("", max_length=5000)
    targets: list[TargetIO] = []


class IndicatorPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    unit: str | None = Field(None, min_length=1, max_length=40)
    direction: str | None = Field(None, pattern="^(up|down)$")
    baseline_value: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    baseline_on: datetime.date | None = None
    description: str | None = Field(None, max_length=5000)
    targets: list[TargetIO] | None = None


class MeasurementOut(Schema):
    id: int
    measured_on: datetime.date
    value: float
    source: str
    comment: str

    @staticmethod
    def resolve_value(obj: Measurement) -> float:
        return float(obj.value)


class MeasurementIn(Schema):
    measured_on: datetime.date
    value: Decimal = Field(..., max_digits=14, decimal_places=2)
    source: str = Field("", max_length=255)
    comment: str = Field("", max_length=5000)


class MeasurementPatch(Schema):
    measured_on: datetime.date | None = None
    value: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    source: str | None = Field(None, max_length=255)
    comment: str | None = Field(None, max_length=5000)


# --------------------------------------------------------------------------- essaimage

AUDIENCE_PATTERN = "^(" + "|".join(InspiringModel.Audience.values) + ")$"


class InspiringModelOut(Schema):
    id: int
    title: str = Field(description="Intitulé de la fiche action d’origine")
    territory_name: str
    territory_slug: str
    theme: str | None = Field(None, description="Nom court de l’axe de la fiche d’origine")
    summary: str
    resources: str
    contacts: str
    results: str
    visibility: str = Field(description="public, ou partners : le réseau des territoires")
    offered_at: datetime.datetime
    reuse_count: int = Field(description="Nombre de fiches reprises de ce modèle")
    action_id: int | None = Field(
        None, description="La fiche d’origine, quand l’appelant peut la lire"
    )
    url: str

    @staticmethod
    def resolve_title(obj: InspiringModel) -> str:
        return obj.action.title

    @staticmethod
    def resolve_territory_name(obj: InspiringModel) -> str:
        return obj.action.territory.name

    @staticmethod
    def resolve_territory_slug(obj: InspiringModel) -> str:
        return obj.action.territory.slug

    @staticmethod
    def resolve_theme(obj: InspiringModel) -> str | None:
        objective = obj.action.objective
        return objective.axis.short_name if objective is not None else None

    @staticmethod
    def resolve_reuse_count(obj: InspiringModel) -> int:
        annotated = getattr(obj, "reuse_count", None)
        return annotated if annotated is not None else obj.copies.count()

    @staticmethod
    def resolve_action_id(obj: InspiringModel, context: Any) -> int | None:
        return references.api_target_id(context, obj, "action")

    @staticmethod
    def resolve_url(obj: InspiringModel) -> str:
        return obj.get_absolute_url()


class InspiringModelFilters(Schema):
    q: str = Field("", max_length=100, description="Texte recherché")
    theme: str = Field("", max_length=60, description="Nom court d’un axe")
    territory: int | None = Field(
        None, ge=1, le=2**63 - 1, description="Identifiant du territoire d’origine"
    )


class InspiringModelIn(Schema):
    summary: str = Field(..., min_length=1, max_length=5000)
    resources: str = Field(..., min_length=1, max_length=5000)
    contacts: str = Field("", max_length=2000)
    results: str = Field(..., min_length=1, max_length=5000)
    visibility: str = Field("partners", pattern=AUDIENCE_PATTERN)
    confirm_personal_data: bool = Field(
        False,
        description="Confirme que les coordonnées signalées (adresse, téléphone, nom) sont "
        "celles d’un service et peuvent être lues par d’autres territoires",
    )


class InspiringCopyIn(Schema):
    objective_id: int = Field(
        ..., ge=1, le=2**63 - 1, description="Objectif du territoire où ranger la copie"
    )


class InspiringCopyOut(Schema):
    action_id: int
    code: str
    territory_slug: str
    url: str

    @staticmethod
    def resolve_action_id(obj: Action) -> int:
        return obj.pk

    @staticmethod
    def resolve_territory_slug(obj: Action) -> str:
        return obj.territory.slug

    @staticmethod
    def resolve_url(obj: Action) -> str:
        return obj.get_absolute_url()
