"""API shapes of participation: English names; the data·inclusion category keeps its
schema's value."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from maillage.api.schemas import MAX_ID
from maillage.core import references
from maillage.participation.models import Contribution


class ContributionOut(Schema):
    id: int
    kind: str
    category: str
    data_inclusion_category: str
    area_id: int | None  # the quartier (territories.GeoUnit)
    title: str
    text: str
    display_name: str
    origin: str
    created_at: datetime.datetime
    supports_count: int
    moderation: str
    status: str
    answer: str
    answered_at: datetime.datetime | None
    body_id: int | None  # None as well when the body is hidden from the caller
    action_id: int | None  # None as well when the fiche is hidden from the caller
    sent_to_watch: bool  # sent to the cellule de veille; the signal itself is never public

    @staticmethod
    def resolve_sent_to_watch(obj: Contribution) -> bool:
        return obj.signal_id is not None

    @staticmethod
    def resolve_area_id(obj: Contribution) -> int | None:
        return obj.quartier_id

    @staticmethod
    def resolve_data_inclusion_category(obj: Contribution) -> str:
        return obj.data_inclusion_category

    @staticmethod
    def resolve_action_id(obj: Any, context: Any) -> int | None:
        return references.api_target_id(context, obj, "action")

    @staticmethod
    def resolve_body_id(obj: Any, context: Any) -> int | None:
        return references.api_target_id(context, obj, "body")


class ContributionIn(Schema):
    kind: str = Field(..., description="need, idea, question")
    category: str = Field(
        ...,
        description="childcare, housing, health, work, french, money, transport, digital, other",
    )
    area_id: int | None = Field(None, ge=1, le=MAX_ID)
    title: str = Field(..., min_length=2, max_length=120)
    text: str = Field(..., min_length=2, max_length=2000)
    display_name: str = Field(..., min_length=1, max_length=40)
    # Assisted entry: a partner professional for a resident, with their consent.
    assisted: bool = False
    origin: str = Field("web", description="web, permanence, paper, workshop, walk")
    organisation_id: int | None = Field(None, ge=1, le=MAX_ID)
    consent: bool = False


class ModerationIn(Schema):
    decision: str = Field(..., description="published, refused, hidden")
    reason: str = Field(
        "",
        description="personal_data, offensive, off_topic, duplicate, individual_case, "
        "advertising (required unless published)",
    )


class AnswerIn(Schema):
    status: str = Field(
        ..., description="received, studying, transmitted, integrated, not_retained"
    )
    answer: str = Field("", max_length=4000)
    body_id: int | None = Field(None, ge=1, le=MAX_ID)
    action_id: int | None = Field(None, ge=1, le=MAX_ID)


class SupportOut(Schema):
    contribution_id: int
    supports_count: int


class OriginCountOut(Schema):
    origin: str
    count: int
    by_status: dict[str, int]


# --------------------------------------------------------------------------- Conseil citoyen


class CouncilMemberOut(Schema):
    """A mandate, with what is public: never the person's account nor e-mail."""

    display_name: str
    college: str
    organisation_name: str
    started_on: datetime.date
    ended_on: datetime.date | None
    drawn: bool


class CollegeOut(Schema):
    college: str
    label: str
    members: list[CouncilMemberOut]


class DrawLineOut(Schema):
    """A drawn line: its rank, and the id, name and quartier of the source list's line."""

    rank: int
    id: str
    name: str
    area: str

    @staticmethod
    def resolve_name(obj: dict[str, Any]) -> str:
        return str(obj["nom"])

    @staticmethod
    def resolve_area(obj: dict[str, Any]) -> str:
        return str(obj["quartier"])


class DrawOut(Schema):
    id: int
    created_at: datetime.datetime
    algorithm: str
    public_value: str
    list_hash: str  # SHA-256 of the canonical source list
    seed: str
    seats: int
    balance_by: str
    candidates_count: int
    result: list[DrawLineOut]
    mandate_start: datetime.date
    mandate_end: datetime.date | None


class AvisOut(Schema):
    id: int
    action_id: int
    title: str
    text: str
    approved_on: datetime.date
    state: str
    published_at: datetime.datetime | None


class InterpellationOut(Schema):
    id: int
    subject: str
    text: str
    target_id: int
    created_at: datetime.datetime
    follow_up: str  # waiting, scheduled, treated, withdrawn
    decision_count: int


class CouncilOut(Schema):
    id: int
    name: str
    colleges: list[CollegeOut]
    past_members: list[CouncilMemberOut]
    draws: list[DrawOut]
    opinions: list[AvisOut]
    interpellations: list[InterpellationOut]


class AvisIn(Schema):
    action_id: int = Field(..., ge=1, le=MAX_ID)
    title: str = Field(..., min_length=2, max_length=160)
    text: str = Field(..., min_length=2, max_length=6000)
    approved_on: datetime.date
    publish: bool = False


class InterpellationIn(Schema):
    subject: str = Field(..., min_length=2, max_length=200)
    text: str = Field(..., min_length=2, max_length=6000)
    target_id: int | None = Field(None, ge=1, le=MAX_ID)


# --------------------------------------------------------------------------- consultations


class ConsultationOut(Schema):
    id: int
    title: str
    description: str
    state: str  # draft (coordinators only), open, closed
    opens_on: datetime.date
    closes_on: datetime.date
    area_ids: list[int]  # the target quartiers (territories.GeoUnit); empty: everywhere
    anonymous: bool
    results_published: bool
    accepts_answers: bool

    @staticmethod
    def resolve_area_ids(obj: Any) -> list[int]:
        return [q.pk for q in obj.quartiers.all()]

    @staticmethod
    def resolve_accepts_answers(obj: Any) -> bool:
        return bool(obj.accepts_answers())


class OptionOut(Schema):
    id: int
    label: str


class ConsultationQuestionOut(Schema):
    id: int
    position: int
    kind: str  # single, multiple, scale, text
    label: str
    help_text: str
    required: bool
    scale_min: int
    scale_max: int
    scale_min_label: str
    scale_max_label: str
    options: list[OptionOut]

    @staticmethod
    def resolve_options(obj: Any) -> list[Any]:
        return list(obj.options.all())


class ConsultationDetailOut(ConsultationOut):
    questions: list[ConsultationQuestionOut]

    @staticmethod
    def resolve_questions(obj: Any) -> list[Any]:
        return list(obj.questions.all())


class ResultRowOut(Schema):
    option_id: int | None  # a choice
    value: int | None  # a note of the scale
    label: str
    count: int
    percent: int  # of the people who answered the question
    # With ``split``: the count per origin or quartier id ("none": not given); null when
    # hidden because the group or the count is smaller than the threshold.
    by_group: dict[str, int | None]


class QuestionResultOut(Schema):
    question_id: int
    kind: str
    label: str
    respondents: int
    mean: float | None
    rows: list[ResultRowOut]
    published_texts: list[str]  # the latest published written answers (at most 20)


class ConsultationAnswerIn(Schema):
    question_id: int = Field(..., ge=1, le=MAX_ID)
    option_ids: list[int] = Field(default_factory=list, max_length=30)
    value: int | None = Field(None, ge=0, le=10)
    text: str = Field("", max_length=1000)


class ConsultationResponseIn(Schema):
    answers: list[ConsultationAnswerIn] = Field(..., min_length=1, max_length=100)
    area_id: int | None = Field(None, ge=1, le=MAX_ID)
    # Assisted entry: a partner professional for a resident, with their consent.
    assisted: bool = False
    origin: str = Field("web", description="web, permanence, paper, workshop, walk")
    organisation_id: int | None = Field(None, ge=1, le=MAX_ID)
    consent: bool = False


class ConsultationResponseOut(Schema):
    id: int
    consultation_id: int
    origin: str
    area_id: int | None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_area_id(obj: Any) -> int | None:
        return obj.quartier_id


# --------------------------------------------------------------------------- without an account


class AltchaChallengeOut(Schema):
    """An ALTCHA challenge (proof of work, HMAC-SHA-256), as the page's widget receives it:
    find ``number`` ≤ ``maxNumber`` such that SHA-256(salt + number) = challenge, then send
    the payload (base64 of the JSON algorithm, challenge, number, salt, signature)."""

    algorithm: str
    challenge: str
    maxNumber: int
    salt: str
    signature: str


class AnonymousContributionIn(Schema):
    kind: str = Field(..., description="need, idea, question")
    category: str = Field(
        ...,
        description="childcare, housing, health, work, french, money, transport, digital, other",
    )
    area_id: int | None = Field(None, ge=1, le=MAX_ID)
    title: str = Field(..., min_length=2, max_length=120)
    text: str = Field(..., min_length=2, max_length=2000)
    display_name: str = Field("", max_length=40)
    altcha: str = Field(
        ..., max_length=4000, description="The solved challenge's payload (base64 JSON)"
    )


class AnonymousContributionOut(Schema):
    """What the writer gets back: the message waits for moderation (never published at once)."""

    id: int
    moderation: str
    title: str
    created_at: datetime.datetime


# --------------------------------------------------------------------------- written answers


class ConsultationTextOut(Schema):
    """A written answer waiting for a moderator."""

    id: int
    question_id: int
    question: str
    text: str
    moderation: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_question(obj: Any) -> str:
        return obj.question.label

    @staticmethod
    def resolve_created_at(obj: Any) -> datetime.datetime:
        return obj.response.created_at
