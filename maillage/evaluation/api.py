"""The evaluation API (read): campaigns, bilans and the frozen snapshots with their hash,
through the same access rules as the pages (docs/evaluation.md)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from maillage.api.auth import READ_AUTH
from maillage.api.pagination import paginated
from maillage.api.schemas import READ_ERRORS
from maillage.evaluation import selectors
from maillage.territories.models import Territory
from maillage.territories.selectors import territory_or_404

router = Router(tags=["Évaluation"])

PREFIX = "/territories/{slug}"


def _territory(request: HttpRequest, slug: str) -> Territory:
    return territory_or_404(request.user, slug)


class QuestionOut(Schema):
    key: str
    label: str
    text: str = ""


class CampaignOut(Schema):
    year: int
    state: str
    bilans_due_on: datetime.date
    questionnaire_due_on: datetime.date
    conference_on: datetime.date | None
    decisions_on: datetime.date | None
    avenant_on: datetime.date | None
    late_policy: str
    validated_bilans_public: bool
    questions: list[QuestionOut]
    closed_at: datetime.datetime | None

    @staticmethod
    def resolve_validated_bilans_public(obj: Any) -> bool:
        return bool(obj.bilans_public)


class BilanOut(Schema):
    id: int
    year: int
    action_id: int
    action_code: str
    state: str
    version: int
    achievements: str
    publics_reached: str
    difficulties: str
    levers: str
    follow_up: str
    follow_up_note: str
    rating: int | None
    answers: dict[str, str]
    indicators: list[dict[str, Any]]
    means: list[dict[str, Any]]
    submitted_late: bool

    @staticmethod
    def resolve_year(obj: Any) -> int:
        return int(obj.campaign.year)

    @staticmethod
    def resolve_action_code(obj: Any) -> str:
        return str(obj.action.code)


class SnapshotOut(Schema):
    year: int
    sha256: str
    recomputed_sha256: str
    intact: bool
    created_at: datetime.datetime
    content: dict[str, Any]

    @staticmethod
    def resolve_recomputed_sha256(obj: Any) -> str:
        return str(obj.recomputed_hash())

    @staticmethod
    def resolve_intact(obj: Any) -> bool:
        return bool(obj.is_intact())

    @staticmethod
    def resolve_content(obj: Any) -> dict[str, Any]:
        return dict(obj.data)


@router.get(PREFIX + "/campaigns", response={200: list[CampaignOut], **READ_ERRORS}, auth=READ_AUTH)
@paginated()
def list_campaigns(request: HttpRequest, slug: str) -> Any:
    """The territory's evaluation campaigns, latest year first."""
    return selectors.campaigns(request.user, _territory(request, slug))


@router.get(
    PREFIX + "/campaigns/{year}", response={200: CampaignOut, **READ_ERRORS}, auth=READ_AUTH
)
def get_campaign(request: HttpRequest, slug: str, year: int) -> Any:
    return selectors.campaign_or_404(request.user, _territory(request, slug), year)


@router.get(
    PREFIX + "/campaigns/{year}/bilans",
    response={200: list[BilanOut], **READ_ERRORS},
    auth=READ_AUTH,
)
@paginated()
def list_bilans(request: HttpRequest, slug: str, year: int) -> Any:
    """The campaign's bilans the reader may see, in the programme's order."""
    campaign = selectors.campaign_or_404(request.user, _territory(request, slug), year)
    return selectors.bilans(request.user, campaign)


@router.get(PREFIX + "/bilans/{bilan_id}", response={200: BilanOut, **READ_ERRORS}, auth=READ_AUTH)
def get_bilan(request: HttpRequest, slug: str, bilan_id: int) -> Any:
    return selectors.bilan_or_404(request.user, _territory(request, slug), bilan_id)


@router.get(
    PREFIX + "/snapshots/{year}", response={200: SnapshotOut, **READ_ERRORS}, auth=READ_AUTH
)
def get_snapshot(request: HttpRequest, slug: str, year: int) -> Any:
    """The frozen year: its canonical content, the stored SHA-256 and the hash recomputed
    now (``intact`` when they agree)."""
    return selectors.snapshot_or_404(request.user, _territory(request, slug), year)


# The conférence sociale's proposals and registrations have their own router.
from maillage.evaluation import api_conference  # noqa: E402

router.add_router("", api_conference.router)
