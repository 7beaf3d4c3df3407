"""The shapes of the governance API: what goes out, and what comes in."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from ninja import Field, Schema

from maillage.api.schemas import MAX_ID, OrganisationRef
from maillage.core import references
from maillage.governance.models import Body, BodyMembership, Decision, FollowUpTask, Meeting


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(moment) if moment else None


class PersonOut(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.full_name


class BodyMembershipOut(Schema):
    id: int
    organisation: OrganisationRef
    titular: PersonOut | None
    substitute: PersonOut | None
    started_on: datetime.date
    ended_on: datetime.date | None
    end_reason: str
    active: bool

    @staticmethod
    def resolve_active(obj: BodyMembership) -> bool:
        return obj.is_active()


class BodyOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    short_name: str
    theme: str
    axis_id: int | None
    mandate: str
    rhythm: str
    chair: PersonOut | None
    secretary: PersonOut | None
    visibility: str
    documents_visibility: str
    is_archived: bool
    url: str

    @staticmethod
    def resolve_kind_label(obj: Body) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_url(obj: Body) -> str:
        return obj.get_absolute_url()


class BodyIn(Schema):
    kind: str = Field(
        ...,
        description=(
            "strategic, technical, working_group, network, watch, social_conference, "
            "citizen_council, other"
        ),
    )
    name: str = Field(..., min_length=2, max_length=200)
    short_name: str = Field("", max_length=40)
    theme: str = Field("", max_length=150)
    axis_id: int | None = None
    mandate: str = Field("", max_length=5000)
    rhythm: str = Field("", max_length=100)
    chair_id: int | None = None
    secretary_id: int | None = None
    visibility: str = Field("public", pattern="^(public|partners|members)$")
    documents_visibility: str = Field("members", pattern="^(public|partners|members)$")


class BodyPatch(Schema):
    kind: str | None = None
    name: str | None = Field(None, min_length=2, max_length=200)
    short_name: str | None = Field(None, max_length=40)
    theme: str | None = Field(None, max_length=150)
    axis_id: int | None = None
    mandate: str | None = Field(None, max_length=5000)
    rhythm: str | None = Field(None, max_length=100)
    chair_id: int | None = None
    secretary_id: int | None = None
    visibility: str | None = Field(None, pattern="^(public|partners|members)$")
    documents_visibility: str | None = Field(None, pattern="^(public|partners|members)$")
    is_archived: bool | None = None


class MembershipIn(Schema):
    organisation_id: int
    titular_id: int | None = None
    substitute_id: int | None = None
    started_on: datetime.date | None = None


class RepresentativesIn(Schema):
    titular_id: int | None = None
    substitute_id: int | None = None
    on: datetime.date | None = None


class EndIn(Schema):
    on: datetime.date | None = None
    reason: str = Field("", max_length=255)


class AgendaItemOut(Schema):
    id: int
    body_id: int
    meeting_id: int | None
    position: int
    title: str
    description: str
    duration_minutes: int
    presenter: PersonOut | None
    action_id: int | None  # None as well when the fiche is hidden from the caller
    proposed_by: PersonOut | None
    carried_from_id: int | None

    @staticmethod
    def resolve_action_id(obj: Any, context: Any) -> int | None:
        return references.api_target_id(context, obj, "action")


class AgendaItemIn(Schema):
    title: str = Field(..., min_length=2, max_length=255)
    description: str = Field("", max_length=5000)
    duration_minutes: int = Field(15, ge=1, le=600)
    presenter_id: int | None = None
    action_id: int | None = None


class AgendaItemPatch(Schema):
    title: str | None = Field(None, min_length=2, max_length=255)
    description: str | None = Field(None, max_length=5000)
    duration_minutes: int | None = Field(None, ge=1, le=600)
    presenter_id: int | None = None
    action_id: int | None = None
    meeting_id: int | None = Field(
        None, description="Inscrire à cette séance ; 0 pour remettre le point en attente."
    )


class MeetingOut(Schema):
    id: int
    body_id: int
    title: str
    status: str
    status_label: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    place: str
    video_url: str
    description: str
    sequence: int
    convened_at: datetime.datetime | None
    approved_at: datetime.datetime | None
    cancelled_reason: str
    url: str

    @staticmethod
    def resolve_status_label(obj: Meeting) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_starts_at(obj: Meeting) -> datetime.datetime | None:
        return _local(obj.starts_at)

    @staticmethod
    def resolve_ends_at(obj: Meeting) -> datetime.datetime | None:
        return _local(obj.ends_at)

    @staticmethod
    def resolve_convened_at(obj: Meeting) -> datetime.datetime | None:
        return _local(obj.convened_at)

    @staticmethod
    def resolve_approved_at(obj: Meeting) -> datetime.datetime | None:
        return _local(obj.approved_at)

    @staticmethod
    def resolve_url(obj: Meeting) -> str:
        return obj.get_absolute_url()


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut]
    agenda_minutes: int
    warnings: list[str]
    minutes_readable: bool


class MeetingIn(Schema):
    title: str = Field(..., min_length=2, max_length=200)
    starts_at: datetime.datetime = Field(
        ..., description="ISO 8601 ; sans décalage, l’heure est lue à Paris."
    )
    ends_at: datetime.datetime
    place: str = Field("", max_length=255)
    video_url: str = Field("", max_length=200)
    description: str = Field("", max_length=5000)


class MeetingPatch(Schema):
    title: str | None = Field(None, min_length=2, max_length=200)
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    place: str | None = Field(None, max_length=255)
    video_url: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=5000)


class ConveneIn(Schema):
    message: str = Field("", max_length=3000)


class CancelIn(Schema):
    reason: str = Field(..., min_length=1, max_length=255)


class AttendanceOut(Schema):
    user: PersonOut
    organisation: OrganisationRef | None
    status: str
    represented_by: PersonOut | None
    note: str


class ConvocationAnswerIn(Schema):
    answer: str = Field(..., pattern="^(present|excused|represented)$")
    represented_by: str = Field(
        "", max_length=150, description="Personne ou organisation qui représente (si represented)"
    )
    comment: str = Field("", max_length=255)


class ConvocationAnswerOut(Schema):
    """One convened person and their answer (``answer`` null: no answer yet)."""

    user: PersonOut
    organisation: OrganisationRef | None
    seat: str
    answer: str | None
    answer_label: str | None
    represented_by: str
    comment: str
    channel: str | None
    answered_at: datetime.datetime | None

    @staticmethod
    def resolve_answer(obj: Any) -> str | None:
        return obj.answer.answer if obj.answer else None

    @staticmethod
    def resolve_answer_label(obj: Any) -> str | None:
        return str(obj.answer.get_answer_display()) if obj.answer else None

    @staticmethod
    def resolve_represented_by(obj: Any) -> str:
        return obj.answer.represented_by if obj.answer else ""

    @staticmethod
    def resolve_comment(obj: Any) -> str:
        return obj.answer.comment if obj.answer else ""

    @staticmethod
    def resolve_channel(obj: Any) -> str | None:
        return obj.answer.channel if obj.answer else None

    @staticmethod
    def resolve_answered_at(obj: Any) -> datetime.datetime | None:
        return obj.answer.answered_at if obj.answer else None


class AttendanceIn(Schema):
    user_id: int
    status: str = Field(..., pattern="^(present|excused|absent|represented)$")
    represented_by_id: int | None = None
    note: str = Field("", max_length=255)


class MinutesOut(Schema):
    item_id: int | None
    text: str
    updated_at: datetime.datetime


class MinutesIn(Schema):
    general: str = Field("", max_length=50000)
    items: dict[int, str] = Field(
        default_factory=dict, description="Texte par identifiant de point"
    )


class TaskOut(Schema):
    id: int
    title: str
    description: str
    decision_id: int | None  # None as well when the decision is hidden from the caller
    agreement_id: int | None  # likewise for the agreement
    body_id: int | None
    owner: OrganisationRef | None
    assignee: PersonOut | None
    due_date: datetime.date | None
    status: str
    status_note: str
    completed_on: datetime.date | None
    overdue: bool

    @staticmethod
    def resolve_overdue(obj: FollowUpTask) -> bool:
        return obj.is_overdue

    @staticmethod
    def resolve_decision_id(obj: FollowUpTask, context: Any) -> int | None:
        return references.api_target_id(context, obj, "decision")

    @staticmethod
    def resolve_agreement_id(obj: FollowUpTask, context: Any) -> int | None:
        return references.api_target_id(context, obj, "agreement")


class TaskIn(Schema):
    title: str = Field(..., min_length=2, max_length=255)
    description: str = Field("", max_length=5000)
    owner_id: int | None = None
    assignee_id: int | None = None
    due_date: datetime.date | None = None


class TaskPatch(Schema):
    title: str | None = Field(None, min_length=2, max_length=255)
    description: str | None = Field(None, max_length=5000)
    owner_id: int | None = None
    assignee_id: int | None = None
    due_date: datetime.date | None = None
    status: str | None = Field(None, pattern="^(pending|in_progress|done|cancelled)$")
    status_note: str | None = Field(None, max_length=255)


class DecisionOut(Schema):
    id: int
    reference: str
    body_id: int
    meeting_id: int | None
    item_id: int | None
    decided_on: datetime.date
    text: str
    owner: OrganisationRef | None
    due_date: datetime.date | None
    status: str
    action_id: int | None  # None as well when the fiche is hidden from the caller
    action_effect: str
    action_status: str
    action_applied_at: datetime.datetime | None
    overdue: bool

    @staticmethod
    def resolve_action_id(obj: Any, context: Any) -> int | None:
        return references.api_target_id(context, obj, "action")

    @staticmethod
    def resolve_overdue(obj: Decision) -> bool:
        return obj.is_overdue


class DecisionDetailOut(DecisionOut):
    tasks: list[TaskOut]

    @staticmethod
    def resolve_tasks(obj: Decision) -> list[Any]:
        """Only the tasks the caller may see (prefetched by the selector)."""
        return list(obj.visible_tasks)  # type: ignore[attr-defined]


class DecisionIn(Schema):
    text: str = Field(..., min_length=2, max_length=10000)
    item_id: int | None = None
    owner_id: int | None = None
    due_date: datetime.date | None = None
    action_id: int | None = None
    action_effect: str = Field("", pattern="^(|create|status)$")
    action_status: str = Field("", max_length=16)
    action_title: str = Field("", max_length=255)
    task: TaskIn | None = Field(None, description="Une première tâche de suivi")


class DecisionPatch(Schema):
    text: str | None = Field(None, min_length=2, max_length=10000)
    owner_id: int | None = None
    due_date: datetime.date | None = None
    status: str | None = Field(None, pattern="^(open|done|abandoned)$")


class RegisterQuery(Schema):
    body: int | None = Field(None, ge=1, le=MAX_ID)
    kind: str = ""
    status: str = ""
    owner: int | None = Field(None, ge=1, le=MAX_ID)
    year: int | None = Field(None, ge=1900, le=2200)
    q: str = Field("", max_length=100)
    overdue: bool = False
    action: int | None = Field(None, ge=1, le=MAX_ID)


class TaskQuery(RegisterQuery):
    mine: bool = Field(False, description="Les tâches de mon organisation ou qui me sont confiées")


# --------------------------------------------------------------------------- articles, avenants


class ArticleOut(Schema):
    """An article of the version of a convention in force."""

    number: int
    title: str
    text: str


class ArticleChangeOut(Schema):
    operation: str  # modify, add, remove
    number: int
    title: str
    text: str


class MeansChangeOut(Schema):
    axis_id: int
    action_id: int | None  # None as well when the fiche is hidden from the caller
    funder: OrganisationRef
    year: int
    amount: str
    note: str

    @staticmethod
    def resolve_action_id(obj: Any, context: Any) -> int | None:
        return references.api_target_id(context, obj, "action")

    @staticmethod
    def resolve_amount(obj: Any) -> str:
        return str(obj.amount)


class AmendmentSignatoryOut(Schema):
    organisation: OrganisationRef
    signed_by: str
    signed_on: datetime.date | None


class CouncilResolutionOut(Schema):
    organisation: OrganisationRef
    reference: str
    adopted_on: datetime.date


class AmendmentOut(Schema):
    id: int
    agreement_id: int
    number: int
    title: str
    status: str  # draft, signing, signed
    signed_on: datetime.date | None


class AmendmentDetailOut(AmendmentOut):
    preamble: str
    base_version: int | None
    article_changes: list[ArticleChangeOut]
    means_changes: list[MeansChangeOut]
    signatories: list[AmendmentSignatoryOut]
    resolutions: list[CouncilResolutionOut]

    @staticmethod
    def resolve_base_version(obj: Any) -> int | None:
        return obj.base_version.number if obj.base_version_id else None

    @staticmethod
    def resolve_article_changes(obj: Any) -> list[Any]:
        return list(obj.changes.all())

    @staticmethod
    def resolve_means_changes(obj: Any) -> list[Any]:
        return list(obj.means_changes.all())

    @staticmethod
    def resolve_signatories(obj: Any) -> list[Any]:
        return list(obj.signatories.all())

    @staticmethod
    def resolve_resolutions(obj: Any) -> list[Any]:
        return list(obj.resolutions.all())
