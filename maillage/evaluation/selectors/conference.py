"""Reads of the conférence sociale: the conférence and its programme, the registrations
(counts and needs), the proposals ranked by the vote (summed in SQL) and the proceedings
section of the annual report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.template.loader import render_to_string

from maillage.community.models import Registration
from maillage.core import access
from maillage.evaluation.models import Conference, Needs, Proposal, Session
from maillage.governance.models import Attendance, Meeting
from maillage.territories.models import Territory

CONFIRMED = Registration.Status.CONFIRMED
WAITING = Registration.Status.WAITING


def conferences(user: Any, territory: Territory) -> list[Conference]:
    return list(
        access.visible(user, Conference.objects.filter(territory=territory))
        .select_related("meeting", "event", "territory")
        .order_by("-year")
    )


def conference_or_404(user: Any, territory: Territory, year: Any) -> Conference:
    return access.get_visible_or_404(
        user,
        Conference.objects.filter(territory=territory)
        .select_related("territory", "meeting__body", "event")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=Session.objects.select_related("axis", "facilitator").order_by(
                    "starts_at", "id"
                ),
            )
        ),
        year=year,
    )


@dataclass
class RegistrationCounts:
    confirmed: int = 0
    waiting: int = 0
    attended: int = 0
    interpretation: int = 0
    sign_language: int = 0
    childcare_children: int = 0
    step_free: int = 0


def registration_counts(conference: Conference) -> RegistrationCounts:
    """One query: the places, the waiting list and the needs to prepare."""
    if conference.event_id is None:
        return RegistrationCounts()
    row = Registration.objects.filter(event_id=conference.event_id).aggregate(
        confirmed=Count("pk", filter=Q(status=CONFIRMED)),
        waiting=Count("pk", filter=Q(status=WAITING)),
        attended=Count("pk", filter=Q(status=CONFIRMED, conference_needs__attended=True)),
        interpretation=Count(
            "pk", filter=Q(status=CONFIRMED) & ~Q(conference_needs__interpretation="")
        ),
        sign_language=Count("pk", filter=Q(status=CONFIRMED, conference_needs__sign_language=True)),
        childcare_children=Coalesce(
            Sum("conference_needs__childcare_count", filter=Q(status=CONFIRMED)), 0
        ),
        step_free=Count("pk", filter=Q(status=CONFIRMED, conference_needs__step_free=True)),
    )
    return RegistrationCounts(**row)


def registrations(conference: Conference) -> list[Registration]:
    """For the coordination: every registration with its needs (the sign-in sheet)."""
    if conference.event_id is None:
        return []
    return list(
        Registration.objects.filter(event_id=conference.event_id)
        .exclude(status=Registration.Status.CANCELLED)
        .select_related("conference_needs")
        .order_by("status", "created_at", "id")
    )


def ranked(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Proposals with their score (points summed) and number of voters, best first."""
    return queryset.annotate(
        score=Coalesce(Sum("ballot_points__points"), Value(0), output_field=IntegerField()),
        voters=Count("ballot_points"),
    ).order_by("-score", "number")


def proposals(user: Any, conference: Conference, *, by_rank: bool = False) -> list[Proposal]:
    queryset = access.visible(user, Proposal.objects.filter(conference=conference)).select_related(
        "session__axis", "decision__body", "task", "action"
    )
    if by_rank:
        return list(ranked(queryset))
    return list(ranked(queryset).order_by("session__starts_at", "number"))


def proposal_or_404(user: Any, conference: Conference, number: Any) -> Proposal:
    return access.get_visible_or_404(
        user,
        ranked(Proposal.objects.filter(conference=conference)).select_related(
            "conference__territory",
            "conference__meeting__body",
            "session__axis",
            "decision__body",
            "task",
            "action",
            "answered_by",
        ),
        number=number,
    )


def my_ballot(user: Any, conference: Conference) -> dict[int, int]:
    if not getattr(user, "is_authenticated", False):
        return {}
    from maillage.evaluation.models import BallotPoints

    return dict(
        BallotPoints.objects.filter(ballot__conference=conference, ballot__voter=user).values_list(
            "proposal_id", "points"
        )
    )


def is_registered(user: Any, conference: Conference) -> Registration | None:
    if not getattr(user, "is_authenticated", False) or conference.event_id is None:
        return None
    return (
        Registration.objects.filter(event_id=conference.event_id, user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


# --------------------------------------------------------------------------- proceedings


@dataclass
class Proceedings:
    """The conférence sociale's section of the annual report, as plain data (``data``)
    and as an HTML fragment (``html``) to insert in the report."""

    conference: Conference | None
    year: int
    data: dict[str, Any] = field(default_factory=dict)
    html: str = ""


def proceedings(territory: Territory, year: int, user: Any = None) -> Proceedings:
    """The proceedings and decisions of the year's conférence sociale: programme,
    attendance counts, proposals with their votes and answers, decisions created.
    ``user`` narrows what is read (the public report passes None: what anyone sees)."""
    from django.contrib.auth.models import AnonymousUser

    reader = user if user is not None else AnonymousUser()
    conference = (
        access.visible(reader, Conference.objects.filter(territory=territory, year=year))
        .select_related("territory", "meeting__body", "event")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=Session.objects.select_related("axis").order_by("starts_at", "id"),
            )
        )
        .first()
    )
    if conference is None:
        return Proceedings(conference=None, year=year)
    counts = registration_counts(conference)
    professionals = Attendance.objects.filter(
        meeting_id=conference.meeting_id,
        status__in=(Attendance.Status.PRESENT, Attendance.Status.REPRESENTED),
    ).count()
    items = proposals(reader, conference, by_rank=True)
    decisions = [p for p in items if p.decision_id and access.can(reader, "view", p.decision)]
    data = {
        "year": year,
        "title": str(conference),
        "date": conference.meeting.local_date.isoformat(),
        "place": conference.meeting.place,
        "introduction": conference.introduction,
        "held": conference.meeting.status in (Meeting.Status.HELD, Meeting.Status.APPROVED),
        "programme": [
            {
                "kind": s.kind,
                "title": s.title,
                "axis": s.axis.title if s.axis else "",
                "starts_at": s.starts_at.isoformat(),
                "ends_at": s.ends_at.isoformat(),
                "room": s.room,
                "speakers": s.speakers,
            }
            for s in conference.sessions.all()
        ],
        "attendance": {
            "headcount": conference.headcount,
            "professionals_present": professionals,
            "residents_registered": counts.confirmed,
            "residents_waiting": counts.waiting,
            "residents_present": counts.attended,
        },
        "ballots": conference.ballots.count(),
        "proposals": [
            {
                "number": p.number,
                "title": p.title,
                "workshop": p.session.title if p.session else "",
                "origin": p.origin,
                "score": p.score,  # type: ignore[attr-defined]
                "voters": p.voters,  # type: ignore[attr-defined]
                "answer": p.answer,
                "answer_label": p.get_answer_display() if p.answer else "",
                "reason": p.answer_reason,
            }
            for p in items
        ],
        "decisions": [
            {"proposal": p.number, "reference": p.decision.reference, "text": p.decision.text}  # type: ignore[union-attr]
            for p in decisions
        ],
    }
    html = render_to_string(
        "evaluation/partials/proceedings.html",
        {"conference": conference, "data": data, "proposals": items, "decisions": decisions},
    )
    return Proceedings(conference=conference, year=year, data=data, html=html)


def proceedings_or_404(user: Any, territory: Territory, year: int) -> Proceedings:
    result = proceedings(territory, year, user)
    if result.conference is None:
        raise Http404
    return result


__all__ = [
    "Needs",
    "Proceedings",
    "conference_or_404",
    "conferences",
    "is_registered",
    "my_ballot",
    "proceedings",
    "proceedings_or_404",
    "proposal_or_404",
    "proposals",
    "ranked",
    "registration_counts",
    "registrations",
]
