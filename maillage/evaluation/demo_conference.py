"""The demo's conférences sociales, through the services:

- the February 2016 seminar « Point d’étape et évolutions » (governance's demo holds its
  séance) as the first conférence sociale: more than a hundred actors counted, a plenary
  and one workshop per axis, the proposals the workshops made and the answers given;
- the conférence sociale of the coming weeks, convened, with its workshops by axis and
  residents' registrations open: few places, so that one registration is on the waiting
  list, and one resident asks for an interpreter in Arabic.

Names are invented. Loading twice changes nothing."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from maillage.core.demo import DemoContext
from maillage.evaluation.models import Conference, Session
from maillage.evaluation.services import conference as services
from maillage.governance import services as governance
from maillage.governance.models import Body, Meeting, local_datetime
from maillage.programme.models import Axis
from maillage.territories.models import Territory

SEMINAR = "Séminaire « Point d’étape et évolutions »"

WORKSHOPS_2016 = {
    1: "Logement : prévenir les expulsions, loger temporairement",
    2: "Emploi : la clause d’insertion et les freins à l’emploi des parents",
    3: "Familles : accueil des jeunes enfants et soutien aux parents",
    4: "Cohésion sociale : mieux se connaître entre services",
}

# (axis, proposal, answer, reason)
PROPOSALS_2016 = [
    (
        4,
        "Organiser des rencontres régulières entre les services pour se connaître",
        "retained",
        "Les réseaux thématiques (IRIS, petite enfance, parentalité) se réunissent depuis 2017.",
    ),
    (
        4,
        "Un annuaire partagé « qui contacter pour… » entre partenaires",
        "retained",
        "C’est l’objet de la plateforme collaborative décidée au séminaire.",
    ),
    (
        3,
        "Pérenniser la garderie éphémère pendant les démarches des parents",
        "study",
        "Les moyens sont à trouver avec la CAF : la question est reprise à la conférence "
        "sociale suivante.",
    ),
    (
        1,
        "Associer les bailleurs sociaux à la prévention des expulsions dès le premier impayé",
        "retained",
        "Le groupe de travail « prévention des expulsions » réunit les bailleurs depuis 2016.",
    ),
    (
        2,
        "Ouvrir la clause d’insertion à tous les marchés de la commune",
        "rejected",
        "Certains marchés ne s’y prêtent pas (fournitures, prestations intellectuelles) ; la "
        "clause est généralisée aux marchés de travaux et de services.",
    ),
    (
        4,
        "Faire animer les groupes de travail par un binôme Ville / partenaire",
        "retained",
        "Décidé au séminaire : chaque groupe désigne un binôme d’animation.",
    ),
]

WORKSHOPS_NEXT = {
    1: ("Logement et habitat", "Salle 1"),
    2: ("Emploi et insertion", "Salle 2"),
    3: ("Familles et petite enfance", "Salle 3"),
    4: ("Cohésion sociale", "Salle 4"),
}

# Invented residents: (name, e-mail, needs)
RESIDENTS: list[tuple[str, str, dict[str, Any]]] = [
    ("Samira B.", "samira.b@exemple.test", {"interpretation": "ar"}),
    ("Jean-Paul M.", "jean-paul.m@exemple.test", {"step_free": True}),
    (
        "Awa D.",
        "awa.d@exemple.test",
        {"childcare_count": 2, "childcare_ages": "18 mois et 4 ans"},
    ),
    ("Lucie R.", "lucie.r@exemple.test", {"sign_language": True}),
]
CAPACITY = 3


def _axes(territory: Territory) -> dict[int, Axis]:
    return {a.number: a for a in Axis.objects.filter(territory=territory, number__in=[1, 2, 3, 4])}


def _conference_body(territory: Territory) -> Body | None:
    return Body.objects.filter(territory=territory, kind=Body.Kind.SOCIAL_CONFERENCE).first()


def _load_2016(ctx: DemoContext, territory: Territory) -> None:
    meeting = Meeting.objects.filter(
        body__territory=territory, body__kind=Body.Kind.SOCIAL_CONFERENCE, title=SEMINAR
    ).first()
    if meeting is None or Conference.objects.filter(meeting=meeting).exists():
        return
    conference = services.create_conference(
        actor=None,
        territory=territory,
        meeting=meeting,
        year=meeting.local_date.year,
        headcount=110,
        introduction="Plus d’une centaine d’acteurs réunis pour partager les premiers "
        "résultats du projet social de territoire et recueillir leurs propositions.",
    )
    day = meeting.local_date
    services.add_session(
        actor=None,
        conference=conference,
        kind=Session.Kind.PLENARY,
        title="Projection du film « Évolutions et perspectives » et premiers résultats",
        starts_at=local_datetime(day, datetime.time(9, 0)),
        ends_at=local_datetime(day, datetime.time(10, 30)),
        room="Salle polyvalente",
        speakers="Élue chargée des solidarités, coordinatrice du projet social de territoire",
    )
    axes = _axes(territory)
    sessions: dict[int, Session] = {}
    for number, title in WORKSHOPS_2016.items():
        if number not in axes:
            continue
        sessions[number] = services.add_session(
            actor=None,
            conference=conference,
            kind=Session.Kind.WORKSHOP,
            title=title,
            axis=axes[number],
            starts_at=local_datetime(day, datetime.time(10, 45)),
            ends_at=local_datetime(day, datetime.time(13, 15)),
            room=f"Salle {number}",
        )
    for axis, title, answer, reason in PROPOSALS_2016:
        if axis not in sessions:
            continue
        proposal = services.add_proposal(
            actor=None, conference=conference, title=title, session=sessions[axis]
        )
        services.answer_proposal(actor=None, proposal=proposal, answer=answer, reason=reason)


def _load_next(ctx: DemoContext, territory: Territory) -> None:
    body = _conference_body(territory)
    if body is None:
        return
    # Some eight weeks ahead: after the comité stratégique (40 days), registrations open.
    day = timezone.localdate() + datetime.timedelta(days=54)
    if Conference.objects.filter(territory=territory, year=day.year).exists():
        return
    meeting = governance.create_meeting(
        actor=None,
        body=body,
        title=f"Conférence sociale {day.year}",
        starts_at=local_datetime(day, datetime.time(9, 30)),
        ends_at=local_datetime(day, datetime.time(16, 0)),
        place="Espace 93, Clichy-sous-Bois",
        description="Évaluation annuelle partagée : bilans des fiches actions, ateliers par axe, "
        "propositions et vote.",
    )
    for title, minutes in (
        ("Bilan de l’année du projet social de territoire", 60),
        ("Ateliers par axe : propositions", 105),
        ("Restitution et vote sur les propositions", 120),
    ):
        governance.propose_item(
            actor=None, body=body, meeting=meeting, title=title, duration_minutes=minutes
        )
    governance.convene_meeting(actor=None, meeting=meeting, notify=False)
    conference = services.create_conference(
        actor=None,
        territory=territory,
        meeting=meeting,
        year=day.year,
        introduction="Élu·es, services, partenaires et habitant·es font ensemble le point sur "
        "l’année du projet social de territoire et proposent ce qui doit changer.",
    )
    services.add_session(
        actor=None,
        conference=conference,
        kind=Session.Kind.PLENARY,
        title="Ouverture : le bilan de l’année en chiffres",
        starts_at=local_datetime(day, datetime.time(9, 30)),
        ends_at=local_datetime(day, datetime.time(10, 30)),
        room="Grand auditorium",
        speakers="Maire, directrice de la CAF, délégué du Département",
    )
    axes = _axes(territory)
    for number, (title, room) in WORKSHOPS_NEXT.items():
        if number in axes:
            services.add_session(
                actor=None,
                conference=conference,
                kind=Session.Kind.WORKSHOP,
                title=f"Atelier « {title} »",
                axis=axes[number],
                starts_at=local_datetime(day, datetime.time(10, 45)),
                ends_at=local_datetime(day, datetime.time(12, 30)),
                room=room,
            )
    services.add_session(
        actor=None,
        conference=conference,
        kind=Session.Kind.PLENARY,
        title="Restitution des ateliers et vote sur les propositions",
        starts_at=local_datetime(day, datetime.time(14, 0)),
        ends_at=local_datetime(day, datetime.time(16, 0)),
        room="Grand auditorium",
    )
    organiser = ctx.organisations.get("ville")
    coordinator: Any = ctx.users.get("coordinator")
    if organiser is None:
        return
    services.open_registration(
        actor=coordinator, conference=conference, organisation=organiser, capacity=CAPACITY
    )
    conference.refresh_from_db()
    for name, email, needs in RESIDENTS:
        services.register(actor=None, conference=conference, name=name, email=email, **needs)


def load_conferences(ctx: DemoContext) -> None:
    territory = ctx.territories.get("clichy-sous-bois")
    if territory is None:
        return
    _load_2016(ctx, territory)
    _load_next(ctx, territory)
    ctx.log(f"  {Conference.objects.filter(territory=territory).count()} conférences sociales")
