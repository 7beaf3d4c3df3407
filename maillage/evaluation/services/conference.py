"""Writes of the conférence sociale: its programme, the residents' registrations (through
community's events: capacity, waiting list, promotion on cancellation), attendance, the
proposals, the vote and the answers (which create a decision, a task or a draft fiche
action through governance's and programme's services)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.community import services as community
from maillage.community.models import LANGUAGE_LABELS, Event, Registration
from maillage.core import audit
from maillage.evaluation.models import (
    Ballot,
    BallotPoints,
    Conference,
    Needs,
    Proposal,
    Session,
)
from maillage.evaluation.models.conference import MAX_POINTS_PER_PROPOSAL
from maillage.governance import services as governance
from maillage.governance.models import Body, Meeting
from maillage.programme import services as programme
from maillage.programme.models import Action
from maillage.territories.models import Organisation, Territory

HELD = (Meeting.Status.HELD, Meeting.Status.APPROVED)
MAX_CHILDREN = 10


def raise_if(errors: dict[str, Any]) -> None:
    if errors:
        raise ValidationError(errors)


def _record(actor: Any, action: str, obj: Any, territory: Territory, **changes: Any) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        territory=territory,
        changes={k: [None, v] for k, v in changes.items()},
    )


# --------------------------------------------------------------------------- the event


@transaction.atomic
def create_conference(
    *,
    actor: Any,
    territory: Territory,
    meeting: Meeting,
    year: int,
    introduction: str = "",
    headcount: int | None = None,
    points_per_ballot: int = 5,
) -> Conference:
    errors: dict[str, str] = {}
    if meeting.body.territory_id != territory.pk:
        errors["meeting"] = _("Cette séance appartient à un autre territoire.")
    elif meeting.body.kind != Body.Kind.SOCIAL_CONFERENCE:
        errors["meeting"] = _("Choisissez une séance de l’instance « conférence sociale ».")
    elif Conference.objects.filter(meeting=meeting).exists():
        errors["meeting"] = _("Cette séance est déjà une conférence sociale.")
    if Conference.objects.filter(territory=territory, year=year).exists():
        errors["year"] = _("La conférence sociale %(year)s existe déjà.") % {"year": year}
    if not 1 <= (points_per_ballot or 0) <= 20:
        errors["points_per_ballot"] = _("Entre 1 et 20 points par participant.")
    raise_if(errors)
    conference = Conference(
        territory=territory,
        meeting=meeting,
        year=year,
        introduction=(introduction or "").strip(),
        headcount=headcount,
        points_per_ballot=points_per_ballot,
    )
    conference.full_clean()
    conference.save()
    _record(actor, "conference.create", conference, territory, year=year)
    return conference


@transaction.atomic
def add_session(
    *,
    actor: Any,
    conference: Conference,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    room: str = "",
    speakers: str = "",
    axis: Any = None,
    facilitator: Any = None,
) -> Session:
    errors: dict[str, str] = {}
    if axis is not None and axis.territory_id != conference.territory_id:
        errors["axis"] = _("Cet axe appartient à un autre territoire.")
    if kind == Session.Kind.WORKSHOP and axis is None:
        errors["axis"] = _("Un atelier porte sur un axe du programme : choisissez-le.")
    raise_if(errors)
    session = Session(
        conference=conference,
        kind=kind,
        title=(title or "").strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        room=(room or "").strip(),
        speakers=(speakers or "").strip(),
        axis=axis,
        facilitator=facilitator,
    )
    session.full_clean()
    session.save()
    _record(actor, "conference.session", conference, conference.territory, session=session.title)
    return session


ACCESSIBILITY = (
    "Sur demande à l’inscription : interprétariat, interprète en langue des signes "
    "française, garde d’enfants et accès pour les personnes à mobilité réduite."
)


@transaction.atomic
def open_registration(
    *, actor: Any, conference: Conference, organisation: Organisation, capacity: int | None
) -> Event:
    """Open the residents' registrations: a public event of the community's (the
    capacity and the waiting list are its own), created on first opening."""
    conference = (
        Conference.objects.select_for_update(of=("self",))
        .select_related("meeting", "territory", "event")
        .get(pk=conference.pk)
    )
    meeting = conference.meeting
    if meeting.status not in (Meeting.Status.DRAFT, Meeting.Status.CONVENED):
        raise_if({"__all__": _("La conférence sociale a eu lieu : les inscriptions sont closes.")})
    if conference.event is None:
        event = community.create_event(
            actor=actor,
            territory=conference.territory,
            organisation=organisation,
            title=str(conference),
            summary=_(
                "La conférence sociale réunit les élu·es, les services, les partenaires et les "
                "habitant·es pour faire le point sur le projet social de territoire et faire "
                "des propositions."
            ),
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            place=meeting.place or _("Lieu à préciser"),
            accessibility=ACCESSIBILITY,
            registration_open=True,
            capacity=capacity,
        )
        community.publish_event(actor=actor, event=event)
        conference.event = event
        conference.save(update_fields=["event", "updated_at"])
    else:
        event = community.update_event(
            actor=actor, event=conference.event, registration_open=True, capacity=capacity
        )
        if event.status != Event.Status.PUBLISHED:
            community.publish_event(actor=actor, event=event)
    _record(
        actor, "conference.registration_open", conference, conference.territory, capacity=capacity
    )
    return event


@transaction.atomic
def close_registration(*, actor: Any, conference: Conference) -> None:
    if conference.event is None or not conference.event.registration_open:
        raise_if({"__all__": _("Les inscriptions ne sont pas ouvertes.")})
    assert conference.event is not None
    community.update_event(actor=actor, event=conference.event, registration_open=False)
    _record(actor, "conference.registration_close", conference, conference.territory, open=False)


def _check_needs(
    interpretation: str, childcare_count: int, childcare_ages: str, other: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if interpretation and (
        interpretation not in LANGUAGE_LABELS or interpretation in ("fr", "lsf")
    ):
        errors["interpretation"] = _("Choisissez la langue d’interprétariat dans la liste.")
    if childcare_count < 0 or childcare_count > MAX_CHILDREN:
        errors["childcare_count"] = _("Indiquez un nombre d’enfants entre 0 et %(max)s.") % {
            "max": MAX_CHILDREN
        }
    elif childcare_count and not childcare_ages.strip():
        errors["childcare_ages"] = _("Indiquez l’âge des enfants à faire garder.")
    if len(other) > 500:
        errors["other"] = _("500 caractères au plus.")
    return errors


@transaction.atomic
def register(
    *,
    actor: Any,
    conference: Conference,
    name: str,
    email: str,
    user: Any = None,
    interpretation: str = "",
    sign_language: bool = False,
    childcare_count: int = 0,
    childcare_ages: str = "",
    step_free: bool = False,
    other: str = "",
) -> Registration:
    """Register a resident with their needs: a confirmed place while the capacity allows,
    else the waiting list (community's rule)."""
    childcare_count = childcare_count or 0
    raise_if(_check_needs(interpretation or "", childcare_count, childcare_ages or "", other or ""))
    if conference.event is None:
        raise_if({"__all__": _("Les inscriptions à cette conférence sociale sont fermées.")})
    assert conference.event is not None
    registration = community.register(
        actor=actor, event=conference.event, name=name, email=email, user=user
    )
    needs = Needs(
        registration=registration,
        conference=conference,
        interpretation=interpretation or "",
        sign_language=bool(sign_language),
        childcare_count=childcare_count,
        childcare_ages=(childcare_ages or "").strip() if childcare_count else "",
        step_free=bool(step_free),
        other=(other or "").strip(),
    )
    needs.full_clean()
    needs.save()
    _record(
        actor,
        "conference.register",
        conference,
        conference.territory,
        status=registration.status,
        needs=needs.has_needs,
    )
    return registration


@transaction.atomic
def record_attendance(*, actor: Any, conference: Conference, present: set[int]) -> int:
    """The residents' sign-in sheet (émargement): ``present`` are registration ids; only
    confirmed registrations count. Answers how many were present."""
    rows = Needs.objects.filter(
        conference=conference, registration__status=Registration.Status.CONFIRMED
    )
    rows.update(attended=False)
    count = rows.filter(registration_id__in=present).update(attended=True)
    _record(actor, "conference.attendance", conference, conference.territory, present=count)
    return count


@transaction.atomic
def update_conference(*, actor: Any, conference: Conference, **fields: Any) -> Conference:
    allowed = {"introduction", "headcount", "proposals_open"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"update_conference() got unexpected fields {sorted(unknown)}")
    before = audit.snapshot(conference, sorted(allowed))
    for name, value in fields.items():
        setattr(conference, name, value)
    conference.full_clean()
    conference.save()
    audit.record(
        actor=actor,
        action="conference.update",
        obj=conference,
        territory=conference.territory,
        changes=audit.diff(before, audit.snapshot(conference, sorted(allowed))),
    )
    return conference


# --------------------------------------------------------------------------- proposals


@transaction.atomic
def add_proposal(
    *,
    actor: Any,
    conference: Conference,
    title: str,
    text: str = "",
    session: Session | None = None,
    origin: str = Proposal.Origin.WORKSHOP,
) -> Proposal:
    locked = (
        Conference.objects.select_for_update().select_related("territory").get(pk=conference.pk)
    )
    errors: dict[str, str] = {}
    if not locked.proposals_open or locked.voting_closed:
        errors["__all__"] = _("Les propositions de cette conférence sociale sont closes.")
    if session is not None and session.conference_id != locked.pk:
        errors["session"] = _("Cet atelier appartient à une autre conférence.")
    if origin == Proposal.Origin.WORKSHOP and session is None:
        errors["session"] = _("Indiquez l’atelier où la proposition a été faite.")
    if not (title or "").strip():
        errors["title"] = _("Écrivez la proposition.")
    raise_if(errors)
    number = (locked.proposals.aggregate(top=Max("number"))["top"] or 0) + 1
    proposal = Proposal(
        conference=locked,
        session=session,
        number=number,
        title=title.strip(),
        text=(text or "").strip(),
        origin=origin,
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )
    proposal.full_clean()
    proposal.save()
    _record(actor, "conference.proposal", proposal, locked.territory, number=number)
    return proposal


@transaction.atomic
def set_voting(*, actor: Any, conference: Conference, open: bool) -> Conference:
    locked = Conference.objects.select_for_update().get(pk=conference.pk)
    if open:
        if locked.voting_closed:
            raise_if({"__all__": _("Le vote est clos : il ne peut pas rouvrir.")})
        if not locked.proposals.exists():
            raise_if({"__all__": _("Aucune proposition à classer : le vote ne peut pas ouvrir.")})
        locked.voting_open = True
    else:
        if not locked.voting_open:
            raise_if({"__all__": _("Le vote n’est pas ouvert.")})
        locked.voting_open = False
        locked.voting_closed = True
        locked.proposals_open = False
    locked.save(update_fields=["voting_open", "voting_closed", "proposals_open", "updated_at"])
    _record(
        actor,
        "conference.vote_open" if open else "conference.vote_close",
        locked,
        conference.territory,
    )
    return locked


@transaction.atomic
def cast_ballot(*, actor: Any, conference: Conference, points: dict[int, int]) -> Ballot:
    """One ballot per participant: the points they give to each proposal (proposal id →
    points), at most ``points_per_ballot`` in all and MAX_POINTS_PER_PROPOSAL on one.
    Voting again while the vote is open replaces the ballot."""
    locked = Conference.objects.select_for_update().get(pk=conference.pk)
    if not locked.voting_open:
        raise_if({"__all__": _("Le vote n’est pas ouvert.")})
    given = {int(k): int(v or 0) for k, v in points.items() if int(v or 0)}
    known = set(locked.proposals.filter(pk__in=given).values_list("pk", flat=True))
    errors: dict[str, str] = {}
    if set(given) - known:
        errors["__all__"] = _("Une proposition n’appartient pas à cette conférence.")
    elif any(v < 0 for v in given.values()):
        errors["__all__"] = _("Les points sont des nombres positifs.")
    elif any(v > MAX_POINTS_PER_PROPOSAL for v in given.values()):
        errors["__all__"] = _("Au plus %(max)s points sur une même proposition.") % {
            "max": MAX_POINTS_PER_PROPOSAL
        }
    elif sum(given.values()) > locked.points_per_ballot:
        errors["__all__"] = _(
            "Vous avez donné %(given)s points : vous en avez %(max)s à répartir."
        ) % {"given": sum(given.values()), "max": locked.points_per_ballot}
    elif not given:
        errors["__all__"] = _("Donnez au moins un point à une proposition.")
    raise_if(errors)
    ballot, _created = Ballot.objects.get_or_create(conference=locked, voter=actor)
    ballot.points.all().delete()
    BallotPoints.objects.bulk_create(
        BallotPoints(ballot=ballot, proposal_id=pk, points=value) for pk, value in given.items()
    )
    ballot.save()
    _record(actor, "conference.ballot", locked, conference.territory, points=sum(given.values()))
    return ballot


def _proposal_reference(proposal: Proposal) -> str:
    return _("proposition n° %(n)s de la conférence sociale %(year)s") % {
        "n": proposal.number,
        "year": proposal.conference.year,
    }


@transaction.atomic
def answer_proposal(
    *,
    actor: Any,
    proposal: Proposal,
    answer: str,
    reason: str = "",
    create: str = "",
    owner: Organisation | None = None,
    due_date: datetime.date | None = None,
) -> Proposal:
    """Answer a proposal after the event: retenue, à étudier (why, and what will be
    studied) or non retenue (why). ``create`` makes what follows: a decision in the
    conférence's register (``decision``), a follow-up task (``task``) or a draft fiche
    action (``action``), each naming the proposal; the proposal links back to it."""
    proposal = (
        Proposal.objects.select_for_update()
        .select_related("conference__meeting__body", "conference__territory")
        .get(pk=proposal.pk)
    )
    conference = proposal.conference
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if conference.meeting.status not in HELD:
        errors["__all__"] = _("On répond aux propositions une fois la conférence sociale tenue.")
    if answer not in Proposal.Answer.values:
        errors["answer"] = _("Choisissez la réponse : retenue, à étudier ou non retenue.")
    elif answer in (Proposal.Answer.STUDY, Proposal.Answer.REJECTED) and not reason:
        errors["reason"] = _(
            "Expliquez pourquoi : une proposition non retenue ou à étudier reçoit toujours "
            "une explication."
        )
    if create and create not in ("decision", "task", "action"):
        errors["create"] = _("Choisissez ce que la réponse crée dans la liste.")
    elif create and answer == Proposal.Answer.REJECTED:
        errors["create"] = _("Une proposition non retenue ne crée ni décision, ni tâche, ni fiche.")
    elif create == "decision" and proposal.decision_id:
        errors["create"] = _("Cette proposition a déjà sa décision.")
    elif create == "task" and proposal.task_id:
        errors["create"] = _("Cette proposition a déjà sa tâche.")
    elif create == "action" and proposal.action_id:
        errors["create"] = _("Cette proposition a déjà sa fiche action.")
    raise_if(errors)
    before = audit.snapshot(proposal, ["answer", "answer_reason"])
    proposal.answer = answer
    proposal.answer_reason = reason
    proposal.answered_at = timezone.now()
    proposal.answered_by = actor if getattr(actor, "is_authenticated", False) else None
    reference = _proposal_reference(proposal)
    link = reverse(
        "evaluation:proposal", args=[conference.territory.slug, conference.year, proposal.number]
    )
    if create == "decision":
        proposal.decision = governance.record_decision(
            actor=actor,
            meeting=conference.meeting,
            text=f"{proposal.title} ({reference})",
            owner=owner,
            due_date=due_date,
        )
    elif create == "task":
        proposal.task = governance.create_task(
            actor=actor,
            territory=conference.territory,
            title=proposal.title[:200],
            owner=owner,
            due_date=due_date,
            description=_("Suite donnée à la %(ref)s : %(link)s")
            % {"ref": reference, "link": link},
        )
    elif create == "action":
        proposal.action = programme.create_action(
            actor=actor,
            territory=conference.territory,
            title=proposal.title[:200],
            summary=_("Issue de la %(ref)s.") % {"ref": reference},
            constat=proposal.text,
            status=Action.Status.IDEA,
            pilots=[owner] if owner is not None else None,
        )
    proposal.full_clean()
    proposal.save()
    audit.record(
        actor=actor,
        action="conference.answer",
        obj=proposal,
        territory=conference.territory,
        changes={
            **audit.diff(before, audit.snapshot(proposal, ["answer", "answer_reason"])),
            **({"created": [None, create]} if create else {}),
        },
    )
    return proposal
