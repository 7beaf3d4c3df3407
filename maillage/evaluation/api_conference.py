"""The conférence sociale in the API: its proposals with their votes and answers, and
residents' registration (with needs), through the same access rules and services as the
pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Path, Router, Schema, Status

from maillage.api.auth import READ_AUTH, WRITE_AUTH
from maillage.api.pagination import paginated
from maillage.api.schemas import ERRORS, READ_ERRORS
from maillage.core import access
from maillage.core.http_api import require_api
from maillage.evaluation.models import Proposal
from maillage.evaluation.selectors import conference as selectors
from maillage.evaluation.services import conference as services
from maillage.territories import selectors as territory_selectors

router = Router(tags=["Évaluation"])

PREFIX = "/territories/{slug}/conferences/{year}"
Year = Path(..., ge=2000, le=2100, description="Année de la conférence sociale")
Number = Path(..., ge=1, le=32767, description="Numéro de la proposition")


def _conference(request: HttpRequest, slug: str, year: int) -> Any:
    territory = territory_selectors.territory_or_404(request.user, slug)
    return selectors.conference_or_404(request.user, territory, year)


class ProposalOut(Schema):
    number: int
    title: str
    text: str
    workshop: str
    origin: str
    score: int
    voters: int
    answer: str
    answer_reason: str
    answered_at: datetime.datetime | None
    decision_id: int | None
    task_id: int | None
    action_id: int | None
    url: str

    @staticmethod
    def resolve_workshop(obj: Proposal) -> str:
        return obj.session.title if obj.session else ""

    @staticmethod
    def resolve_url(obj: Proposal) -> str:
        return obj.get_absolute_url()


def _out(request: HttpRequest, proposal: Proposal) -> Proposal:
    """What the answer created is named only to those who may see it."""
    user = request.user
    if proposal.decision is not None and not access.can(user, "view", proposal.decision):
        proposal.decision_id = None
    if proposal.task is not None and not access.can(user, "view", proposal.task):
        proposal.task_id = None
    if proposal.action is not None and not access.can(user, "view", proposal.action):
        proposal.action_id = None
    return proposal


@router.get(PREFIX + "/proposals", response={200: list[ProposalOut], **READ_ERRORS}, auth=READ_AUTH)
@paginated()
def evaluation_list_proposals(request: HttpRequest, slug: str, year: int = Year) -> Any:
    """The proposals of the year's conférence sociale, best ranked by the vote first."""
    conference = _conference(request, slug, year)
    return [_out(request, p) for p in selectors.proposals(request.user, conference, by_rank=True)]


@router.get(
    PREFIX + "/proposals/{number}", response={200: ProposalOut, **READ_ERRORS}, auth=READ_AUTH
)
def evaluation_get_proposal(
    request: HttpRequest, slug: str, year: int = Year, number: int = Number
) -> Any:
    conference = _conference(request, slug, year)
    return _out(request, selectors.proposal_or_404(request.user, conference, number))


class ConferenceRegistrationIn(Schema):
    name: str = Field("", max_length=150)
    email: str = Field("", max_length=254)
    interpretation: str = Field("", max_length=8, description="Code de langue (ar, ta, zh…)")
    sign_language: bool = False
    childcare_count: int = Field(0, ge=0, le=10)
    childcare_ages: str = Field("", max_length=100)
    step_free: bool = False
    other: str = Field("", max_length=500)


class ConferenceRegistrationOut(Schema):
    id: int
    name: str
    status: str
    interpretation: str
    sign_language: bool
    childcare_count: int
    step_free: bool


@router.post(
    PREFIX + "/registrations", response={201: ConferenceRegistrationOut, **ERRORS}, auth=WRITE_AUTH
)
def evaluation_register(
    request: HttpRequest, slug: str, payload: ConferenceRegistrationIn, year: int = Year
) -> Any:
    """The signed-in caller registers with their needs: a place, or the waiting list when
    the conférence is full."""
    conference = _conference(request, slug, year)
    require_api(request, "register", conference)
    user: Any = request.user
    data = payload.dict()
    registration = services.register(
        actor=user,
        conference=conference,
        user=user,
        **{
            **data,
            "name": data["name"] or user.full_name or user.email,
            "email": data["email"] or user.email,
        },
    )
    needs = registration.conference_needs
    return Status(
        201,
        {
            "id": registration.pk,
            "name": registration.name,
            "status": registration.status,
            "interpretation": needs.interpretation,
            "sign_language": needs.sign_language,
            "childcare_count": needs.childcare_count,
            "step_free": needs.step_free,
        },
    )
