"""The participation API: published contributions with their official answers, and the
writes of the pages under the same rules (everything written waits for moderation)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import Throttled

from maillage.api.auth import READ_AUTH, WRITE_AUTH
from maillage.api.pagination import paginated
from maillage.api.schemas import ERRORS, READ_ERRORS
from maillage.core import access, ratelimit, references
from maillage.core.http_api import require_api
from maillage.governance.models import Body
from maillage.participation import altcha, selectors, services
from maillage.participation.api_schemas import (
    AltchaChallengeOut,
    AnonymousContributionIn,
    AnonymousContributionOut,
    AnswerIn,
    AvisIn,
    AvisOut,
    ConsultationDetailOut,
    ConsultationOut,
    ConsultationResponseIn,
    ConsultationResponseOut,
    ConsultationTextOut,
    ContributionIn,
    ContributionOut,
    CouncilOut,
    InterpellationIn,
    InterpellationOut,
    ModerationIn,
    OriginCountOut,
    QuestionResultOut,
    SupportOut,
)
from maillage.participation.models import Category, College, Kind, Origin
from maillage.participation.models import Status as Followup
from maillage.programme.models import Action
from maillage.territories.models import GeoUnit, Organisation, Territory
from maillage.territories.selectors import territory_or_404

router = Router(tags=["Participation"])

PREFIX = "/territories/{slug}/contributions"


def _territory(request: HttpRequest, slug: str) -> Territory:
    return territory_or_404(request.user, slug)


def _choice(value: str, allowed: list[str], field: str) -> str:
    if value not in allowed:
        raise ValidationError({field: _("Valeur inconnue : %(value)s.") % {"value": value}})
    return value


@router.get(PREFIX, response={200: list[ContributionOut], **READ_ERRORS}, auth=READ_AUTH)
@paginated()
def list_contributions(
    request: HttpRequest, slug: str, kind: str = "", category: str = "", answered: bool = False
) -> Any:
    """Published contributions only, newest first (``answered``: those with an official
    answer, most recently answered first)."""
    territory = _territory(request, slug)
    if kind:
        _choice(kind, Kind.values, "kind")
    if category:
        _choice(category, Category.values, "category")
    if answered:
        found = selectors.done(request.user, territory)
        found = found.filter(kind=kind) if kind else found
        found = found.filter(category=category) if category else found
    else:
        found = selectors.public_contributions(
            request.user, territory, kind=kind, category=category
        )
    return references.with_visibility(request.user, found, "action", "body")


@router.get(
    PREFIX + "/origins", response={200: list[OriginCountOut], **READ_ERRORS}, auth=READ_AUTH
)
@paginated()
def contribution_origins(request: HttpRequest, slug: str) -> Any:
    """Published contributions by origin (web, permanence…) and by what became of them."""
    territory = _territory(request, slug)
    return [
        {
            "origin": row["origin"],
            "count": row["total"],
            "by_status": dict(zip(Followup.values, row["by_status"], strict=True)),
        }
        for row in selectors.origin_counts(request.user, territory)
    ]


@router.get(
    PREFIX + "/{contribution_id}", response={200: ContributionOut, **READ_ERRORS}, auth=READ_AUTH
)
def get_contribution(request: HttpRequest, slug: str, contribution_id: int) -> Any:
    return selectors.contribution_or_404(request.user, _territory(request, slug), contribution_id)


@router.post(PREFIX, response={201: ContributionOut, **ERRORS}, auth=WRITE_AUTH)
def create_contribution(request: HttpRequest, slug: str, payload: ContributionIn) -> Any:
    """A new contribution: it waits for moderation before anyone else sees it."""
    territory = _territory(request, slug)
    require_api(request, "assist_contribution" if payload.assisted else "contribute", territory)
    quartier = None
    if payload.area_id is not None:
        quartier = GeoUnit.objects.filter(territory=territory, pk=payload.area_id).first()
        if quartier is None:
            raise ValidationError({"area_id": _("Ce quartier n’est pas dans ce territoire.")})
    organisation = None
    if payload.organisation_id is not None:
        organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
        if organisation is None:
            raise ValidationError({"organisation_id": _("Organisation introuvable.")})
    made = services.create_contribution(
        actor=request.user,
        territory=territory,
        kind=_choice(payload.kind, Kind.values, "kind"),
        category=_choice(payload.category, Category.values, "category"),
        quartier=quartier,
        title=payload.title,
        text=payload.text,
        display_name=payload.display_name,
        assisted=payload.assisted,
        origin=_choice(payload.origin, Origin.values, "origin"),
        entered_for=organisation,
        consent=payload.consent,
    )
    return Status(201, made)


@router.post(
    PREFIX + "/{contribution_id}/supports", response={201: SupportOut, **ERRORS}, auth=WRITE_AUTH
)
def support_contribution(request: HttpRequest, slug: str, contribution_id: int) -> Any:
    """ "Moi aussi": once per person; a second time answers 422."""
    contribution = selectors.contribution_or_404(
        request.user, _territory(request, slug), contribution_id
    )
    require_api(request, "support", contribution)
    services.support_contribution(actor=request.user, contribution=contribution)
    return Status(
        201,
        {"contribution_id": contribution.pk, "supports_count": contribution.supports_count},
    )


@router.post(
    PREFIX + "/{contribution_id}/moderation",
    response={200: ContributionOut, **ERRORS},
    auth=WRITE_AUTH,
)
def moderate_contribution(
    request: HttpRequest, slug: str, contribution_id: int, payload: ModerationIn
) -> Any:
    contribution = selectors.contribution_or_404(
        request.user, _territory(request, slug), contribution_id
    )
    require_api(request, "moderate", contribution)
    return services.moderate_contribution(
        actor=request.user,
        contribution=contribution,
        decision=payload.decision,
        reason=payload.reason,
    )


@router.post(
    PREFIX + "/{contribution_id}/answer",
    response={200: ContributionOut, **ERRORS},
    auth=WRITE_AUTH,
)
def answer_contribution(
    request: HttpRequest, slug: str, contribution_id: int, payload: AnswerIn
) -> Any:
    territory = _territory(request, slug)
    contribution = selectors.contribution_or_404(request.user, territory, contribution_id)
    require_api(request, "answer", contribution)
    body = action = None
    if payload.body_id is not None:
        body = (
            access.visible(request.user, Body.objects.filter(territory=territory))
            .filter(pk=payload.body_id)
            .first()
        )
        if body is None:
            raise ValidationError({"body_id": _("Instance introuvable sur ce territoire.")})
    if payload.action_id is not None:
        action = (
            access.visible(request.user, Action.objects.filter(territory=territory))
            .filter(pk=payload.action_id)
            .first()
        )
        if action is None:
            raise ValidationError({"action_id": _("Fiche action introuvable sur ce territoire.")})
    return services.answer_contribution(
        actor=request.user,
        contribution=contribution,
        status=_choice(payload.status, Followup.values, "status"),
        answer=payload.answer,
        body=body,
        action=action,
    )


# --------------------------------------------------------------------------- Conseil citoyen

COUNCIL = "/territories/{slug}/citizen-councils/{body_id}"


def _member(member: Any) -> dict[str, Any]:
    return {
        "display_name": member.display_name,
        "college": member.college,
        "organisation_name": member.organisation.name if member.organisation else "",
        "started_on": member.started_on,
        "ended_on": member.ended_on,
        "drawn": member.draw_id is not None,
    }


def _interpellation(interpellation: Any) -> dict[str, Any]:
    return {
        "id": interpellation.pk,
        "subject": interpellation.subject,
        "text": interpellation.text,
        "target_id": interpellation.target_id,
        "created_at": interpellation.created_at,
        "follow_up": selectors.follow_up(interpellation),
        "decision_count": getattr(interpellation, "decision_count", 0),
    }


@router.get(COUNCIL, response={200: CouncilOut, **READ_ERRORS}, auth=READ_AUTH)
def get_citizen_council(request: HttpRequest, slug: str, body_id: int) -> Any:
    """A Conseil citoyen: its colleges and current mandates, past mandates, draws by lot
    (seed, list hash, result), the avis the caller may read and its interpellations."""
    body = selectors.council_or_404(request.user, _territory(request, slug), body_id)
    council = selectors.council(request.user, body)
    labels = dict(College.choices)
    return {
        "id": body.pk,
        "name": body.name,
        "colleges": [
            {
                "college": value,
                "label": str(labels[value]),
                "members": [_member(member) for member in members],
            }
            for value, (_label, members) in zip(College.values, council.colleges, strict=True)
        ],
        "past_members": [_member(member) for member in council.past],
        "draws": council.draws,
        "opinions": council.opinions,
        "interpellations": [_interpellation(item) for item in council.interpellations],
    }


@router.post(COUNCIL + "/avis", response={201: AvisOut, **ERRORS}, auth=WRITE_AUTH)
def create_council_avis(request: HttpRequest, slug: str, body_id: int, payload: AvisIn) -> Any:
    """An avis of the Conseil on a fiche action, by one of its members (a draft unless
    ``publish``)."""
    territory = _territory(request, slug)
    body = selectors.council_or_404(request.user, territory, body_id)
    require_api(request, "write_avis", body)
    action = (
        access.visible(request.user, Action.objects.filter(territory=territory))
        .filter(pk=payload.action_id)
        .first()
    )
    if action is None:
        raise ValidationError({"action_id": _("Fiche action introuvable sur ce territoire.")})
    made = services.create_avis(
        actor=request.user,
        body=body,
        action=action,
        title=payload.title,
        text=payload.text,
        approved_on=payload.approved_on,
        publish=payload.publish,
    )
    return Status(201, made)


@router.post(
    COUNCIL + "/interpellations", response={201: InterpellationOut, **ERRORS}, auth=WRITE_AUTH
)
def create_council_interpellation(
    request: HttpRequest, slug: str, body_id: int, payload: InterpellationIn
) -> Any:
    """An interpellation of the comité stratégique: it becomes a subject of its backlog."""
    territory = _territory(request, slug)
    body = selectors.council_or_404(request.user, territory, body_id)
    require_api(request, "interpellate", body)
    target = None
    if payload.target_id is not None:
        target = services.strategic_committees(body).filter(pk=payload.target_id).first()
        if target is None:
            raise ValidationError({"target_id": _("Comité stratégique introuvable.")})
    made = services.interpellate(
        actor=request.user, body=body, subject=payload.subject, text=payload.text, target=target
    )
    return Status(201, _interpellation(made))


# --------------------------------------------------------------------------- consultations

CONSULTATIONS = "/territories/{slug}/consultations"


def _consultation(request: HttpRequest, slug: str, consultation_id: int) -> Any:
    return selectors.consult.consultation_or_404(
        request.user, _territory(request, slug), consultation_id
    )


@router.get(CONSULTATIONS, response={200: list[ConsultationOut], **READ_ERRORS}, auth=READ_AUTH)
@paginated()
def list_consultations(request: HttpRequest, slug: str) -> Any:
    """Open and closed consultations (drafts for the coordinators only)."""
    territory = _territory(request, slug)
    return selectors.consult.consultations(request.user, territory).prefetch_related("quartiers")


@router.get(
    CONSULTATIONS + "/{consultation_id}",
    response={200: ConsultationDetailOut, **READ_ERRORS},
    auth=READ_AUTH,
)
def get_consultation(request: HttpRequest, slug: str, consultation_id: int) -> Any:
    consultation = _consultation(request, slug, consultation_id)
    prefetch_related_objects([consultation], "quartiers", "questions__options")
    return consultation


@router.get(
    CONSULTATIONS + "/{consultation_id}/results",
    response={200: list[QuestionResultOut], **READ_ERRORS},
    auth=READ_AUTH,
)
@paginated()
def consultation_results(
    request: HttpRequest, slug: str, consultation_id: int, split: str = ""
) -> Any:
    """Per question: counts per option (never combinations), the scale's mean, the latest
    published written answers. ``split``: origin or quartier; groups and counts below the
    small-cell threshold are null."""
    consultation = _consultation(request, slug, consultation_id)
    require_api(request, "view_results", consultation)
    if split:
        _choice(split, ["origin", "quartier"], "split")
    found = selectors.consult.results(consultation, split=split, texts=20)
    return [
        {
            "question_id": r.question.pk,
            "kind": r.question.kind,
            "label": r.question.label,
            "respondents": r.respondents,
            "mean": float(r.mean.replace(",", ".")) if r.mean else None,
            "rows": [
                {
                    "option_id": row.key if r.question.has_options else None,
                    "value": row.key if not r.question.has_options else None,
                    "label": row.label,
                    "count": row.count,
                    "percent": int(row.percent),
                    "by_group": {
                        "none" if g.key is None else str(g.key): c.count
                        for g, c in zip(r.groups, row.cells, strict=True)
                    },
                }
                for row in r.rows
            ],
            "published_texts": [a.text for a in r.texts],
        }
        for r in found
    ]


@router.post(
    CONSULTATIONS + "/{consultation_id}/responses",
    response={201: ConsultationResponseOut, **ERRORS},
    auth=WRITE_AUTH,
)
def answer_consultation(
    request: HttpRequest, slug: str, consultation_id: int, payload: ConsultationResponseIn
) -> Any:
    """One person's answers, under the pages' rules: the dates, one answer per account
    (sent again, it replaces the first while the consultation is open), written answers
    waiting for moderation; ``assisted`` for a partner professional entering a resident's
    answers with their consent and the origin."""
    consultation = _consultation(request, slug, consultation_id)
    require_api(request, "assist" if payload.assisted else "answer", consultation)
    territory = consultation.territory
    quartier = None
    if payload.area_id is not None:
        quartier = GeoUnit.objects.filter(territory=territory, pk=payload.area_id).first()
        if quartier is None:
            raise ValidationError({"area_id": _("Ce quartier n’est pas dans ce territoire.")})
    organisation = None
    if payload.organisation_id is not None:
        organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
        if organisation is None:
            raise ValidationError({"organisation_id": _("Organisation introuvable.")})
    answers: dict[int, Any] = {}
    for item in payload.answers:
        answers[item.question_id] = item.option_ids or (
            item.value if item.value is not None else item.text
        )
    made = services.submit_response(
        actor=request.user,
        consultation=consultation,
        answers=answers,
        quartier=quartier,
        assisted=payload.assisted,
        origin=_choice(payload.origin, Origin.values, "origin"),
        entered_for=organisation,
        consent=payload.consent,
    )
    return Status(201, made)


# --------------------------------------------------------------------------- without an account
# As the page « Écrire sans compte »: only for callers without an account, a proof of work
# (ALTCHA) made and checked here, single use, the same limit per connection, and always a
# relecture before publication.

ANONYMOUS = "/territories/{slug}/anonymous-contributions"


@router.get(
    ANONYMOUS + "/challenge",
    response={200: AltchaChallengeOut, **READ_ERRORS},
    auth=READ_AUTH,
)
def anonymous_challenge(request: HttpRequest, slug: str) -> Any:
    """A fresh proof-of-work challenge for an anonymous contribution (to solve as the
    page's widget does, then to send in ``altcha``)."""
    require_api(request, "contribute_anonymously", _territory(request, slug))
    return altcha.new_challenge()


@router.post(
    ANONYMOUS,
    response={201: AnonymousContributionOut, **ERRORS},
    auth=READ_AUTH,
)
def create_anonymous_contribution(
    request: HttpRequest, slug: str, payload: AnonymousContributionIn
) -> Any:
    """A contribution without an account: the solved challenge in ``altcha``; it always
    waits for moderation. Too many from one connection answer 429."""
    territory = _territory(request, slug)
    require_api(request, "contribute_anonymously", territory)
    if not ratelimit.allow(request, "anonymous_contribution", territory.slug):
        raise Throttled(settings.RATE_LIMITS["anonymous_contribution"][2])
    quartier = None
    if payload.area_id is not None:
        quartier = GeoUnit.objects.filter(territory=territory, pk=payload.area_id).first()
        if quartier is None:
            raise ValidationError({"area_id": _("Ce quartier n’est pas dans ce territoire.")})
    kind = _choice(payload.kind, Kind.values, "kind")
    category = _choice(payload.category, Category.values, "category")
    try:
        altcha.ProofOfWorkField().clean(payload.altcha)
    except ValidationError as exc:
        raise ValidationError({"altcha": exc.messages}) from exc
    made = services.create_anonymous_contribution(
        territory=territory,
        kind=kind,
        category=category,
        quartier=quartier,
        title=payload.title,
        text=payload.text,
        display_name=payload.display_name,
    )
    return Status(201, made)


# --------------------------------------------------------------------------- written answers


@router.get(
    CONSULTATIONS + "/{consultation_id}/moderation",
    response={200: list[ConsultationTextOut], **READ_ERRORS},
    auth=READ_AUTH,
)
@paginated()
def consultation_text_queue(request: HttpRequest, slug: str, consultation_id: int) -> Any:
    """The written answers waiting for a moderator, oldest first (the moderators)."""
    consultation = _consultation(request, slug, consultation_id)
    require_api(request, "moderate", consultation)
    return selectors.consult.text_queue(consultation)


@router.post(
    CONSULTATIONS + "/{consultation_id}/moderation/{answer_id}",
    response={200: ConsultationTextOut, **ERRORS},
    auth=WRITE_AUTH,
)
def moderate_consultation_text(
    request: HttpRequest, slug: str, consultation_id: int, answer_id: int, payload: ModerationIn
) -> Any:
    """Publish, refuse or hide a written answer waiting for moderation (as on the page: a
    reason unless published)."""
    consultation = _consultation(request, slug, consultation_id)
    require_api(request, "moderate", consultation)
    answer = get_object_or_404(selectors.consult.text_queue(consultation), pk=answer_id)
    return services.moderate_answer(
        actor=request.user, answer=answer, decision=payload.decision, reason=payload.reason
    )
