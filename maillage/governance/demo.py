"""The demo's governance, from the seeds: the comité stratégique chaired by an elected
official, six comités techniques, working groups, the networks (IRIS, petite enfance,
parentalité), the cellule de veille and the conférence sociale, with their member
organisations; past meetings with minutes and decisions (the 2016 "Point d'étape et
évolutions" seminar, the November 2017 study day on accompaniment), the 2017
Ville–Département feuille de route and the cooperation convention; and meetings to come.

Everything goes through the services; loading twice changes nothing. Fiches actions are
linked when the programme's demo has loaded them (found by code, else by a word of their
title)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from maillage.core.demo import DemoContext
from maillage.core.roles import Visibility
from maillage.governance import services
from maillage.governance.models import (
    AgendaItem,
    Agreement,
    Body,
    BodyMembership,
    Decision,
    FollowUpTask,
    Meeting,
    local_datetime,
)
from maillage.programme.models import Action, Axis
from maillage.territories.models import Territory

K = Body.Kind
START = datetime.date(2014, 9, 1)


@dataclass
class BodySpec:
    name: str
    kind: str
    short_name: str
    members: list[str]
    theme: str = ""
    axis: int | None = None
    mandate: str = ""
    rhythm: str = ""
    chair: str | None = None
    secretary: str = "coordinator"
    visibility: str = Visibility.PUBLIC
    documents: str = Visibility.MEMBERS
    since: datetime.date = START
    extra: dict[str, Any] = field(default_factory=dict)


BODIES = [
    BodySpec(
        "Comité stratégique du projet social de territoire",
        K.STRATEGIC,
        "Comité stratégique",
        [
            "ville",
            "solidarites",
            "services-centraux",
            "caf",
            "bailleurs",
            "mission-locale",
            "defi",
            "cs-haut",
            "cs-bas",
            "sous-prefecture",
        ],
        theme="Pilotage d’ensemble",
        mandate="Définit la stratégie de mise en œuvre, les priorités d’action, adapte la "
        "démarche au fil de son déploiement et en mène l’évaluation régulière. Présidé par "
        "le Maire ; réunit élus, services municipaux, partenaires institutionnels et "
        "associatifs.",
        rhythm="annuel",
        chair="elected",
        documents=Visibility.PARTNERS,
    ),
    BodySpec(
        "Comité technique Logement et habitat",
        K.TECHNICAL,
        "CT Logement",
        [
            "logement-social",
            "hygiene",
            "bailleurs",
            "maison-habitat",
            "orcod",
            "service-social",
            "ccas",
        ],
        theme="Logement, habitat indigne, copropriétés dégradées",
        axis=1,
        rhythm="trimestriel",
    ),
    BodySpec(
        "Comité technique Insertion et emploi",
        K.TECHNICAL,
        "CT Insertion",
        ["defi", "mission-locale", "france-travail", "marches", "caf", "cs-haut"],
        theme="Insertion socio-professionnelle, clause d’insertion",
        axis=2,
        rhythm="trimestriel",
    ),
    BodySpec(
        "Comité technique Familles, petite enfance et intergénérationnel",
        K.TECHNICAL,
        "CT Familles",
        ["petite-enfance", "ram", "pmi", "caf", "cs-haut", "cs-bas", "seniors", "addai"],
        theme="Modes d’accueil, parentalité, liens entre générations",
        axis=3,
        rhythm="trimestriel",
        secretary="partner",
    ),
    BodySpec(
        "Comité technique Inégalités et cohésion sociale",
        K.TECHNICAL,
        "CT Cohésion",
        ["vie-associative", "prevention", "mjd", "adsea", "conseil-citoyen", "pre"],
        theme="Accès aux droits, prévention, participation des habitants",
        axis=4,
        rhythm="trimestriel",
    ),
    BodySpec(
        "Comité technique Santé",
        K.TECHNICAL,
        "CT Santé",
        ["sante", "pmi", "ccas", "caf", "recherche-sante"],
        theme="Contrat local de santé, inégalités sociales de santé",
        axis=4,
        rhythm="trimestriel",
    ),
    BodySpec(
        "Comité technique Accompagnement social",
        K.TECHNICAL,
        "CT Accompagnement",
        ["service-social", "ccas", "caf", "bailleurs", "cs-bas", "msp"],
        theme="Coordination des travailleurs sociaux, logique de parcours",
        axis=4,
        rhythm="trimestriel",
    ),
    BodySpec(
        "Groupe de travail Prévention des expulsions locatives",
        K.WORKING_GROUP,
        "GT Expulsions",
        ["logement-social", "bailleurs", "service-social", "caf", "mjd", "odas"],
        theme="Recherche-action avec l’ODAS",
        axis=1,
        since=datetime.date(2016, 10, 1),
    ),
    BodySpec(
        "Groupe de travail Garderie éphémère",
        K.WORKING_GROUP,
        "GT Garderie",
        ["cs-haut", "cs-bas", "caf", "e2s", "petite-enfance"],
        theme="Mode de garde ponctuel pour les parents en démarches",
        axis=3,
        since=datetime.date(2015, 3, 1),
    ),
    BodySpec(
        "Réseau IRIS — Interconnaissance et ressources pour l’innovation sociale",
        K.NETWORK,
        "Réseau IRIS",
        [
            "ccas",
            "service-social",
            "pmi",
            "caf",
            "bailleurs",
            "msp",
            "mjd",
            "cs-haut",
            "cs-bas",
            "mission-locale",
        ],
        theme="Actualité du territoire, procédures, interlocuteurs à saisir par problématique",
        rhythm="tous les deux mois",
        documents=Visibility.PARTNERS,
        since=datetime.date(2017, 1, 1),
    ),
    BodySpec(
        "Réseau des acteurs de la petite enfance",
        K.NETWORK,
        "Réseau petite enfance",
        ["petite-enfance", "ram", "ccas", "caf", "cs-haut", "cs-bas", "defi", "pmi"],
        theme="Information collective des familles, modes d’accueil innovants",
        axis=3,
        documents=Visibility.PARTNERS,
    ),
    BodySpec(
        "Réseau parentalité",
        K.NETWORK,
        "Réseau parentalité",
        ["pre", "pmi", "caf", "cs-haut", "cs-bas", "adsea"],
        theme="Soutien à la parentalité",
        axis=3,
        documents=Visibility.PARTNERS,
        since=datetime.date(2016, 1, 1),
    ),
    BodySpec(
        "Cellule de veille territoriale",
        K.WATCH,
        "Cellule de veille",
        ["service-social", "pmi", "ccas", "caf", "solidarites"],
        theme="Repérage des problématiques émergentes",
        visibility=Visibility.PARTNERS,
        since=datetime.date(2018, 1, 1),
    ),
    BodySpec(
        "Conférence sociale locale",
        K.SOCIAL_CONFERENCE,
        "Conférence sociale",
        ["ville", "services-centraux", "caf", "conseil-citoyen", "cs-haut", "cs-bas"],
        theme="Évaluation annuelle partagée avec les élus, les habitants et les services",
        rhythm="annuel",
        chair="elected",
        documents=Visibility.PUBLIC,
    ),
]


def _people(ctx: DemoContext, org_key: str) -> list[Any]:
    """The demo's invented professionals of an organisation, the role accounts first."""
    named = {"solidarites": "coordinator", "caf": "partner", "ville": "elected"}
    found = []
    if org_key in named and named[org_key] in ctx.users:
        found.append(ctx.users[named[org_key]])
    if org_key == "services-centraux" and "departement" in ctx.users:
        found.append(ctx.users["departement"])
    found += [user for key, user in sorted(ctx.users.items()) if key.startswith(f"{org_key}.")]
    return found


def _action(territory: Territory, codes: tuple[str, ...], word: str) -> Any:
    actions = Action.objects.filter(territory=territory)
    for code in codes:
        found = actions.filter(code=code).first()
        if found is not None:
            return found
    return actions.filter(title__icontains=word).order_by("code").first() if word else None


def _axis(territory: Territory, number: int | None) -> Any:
    if number is None:
        return None
    return Axis.objects.filter(territory=territory, number=number).first()


def _body(ctx: DemoContext, territory: Territory, spec: BodySpec) -> Body:
    body = Body.objects.filter(territory=territory, name=spec.name).first()
    if body is None:
        body = services.create_body(
            actor=None,
            territory=territory,
            kind=spec.kind,
            name=spec.name,
            short_name=spec.short_name,
            theme=spec.theme,
            axis=_axis(territory, spec.axis),
            mandate=spec.mandate,
            rhythm=spec.rhythm,
            chair=ctx.users.get(spec.chair) if spec.chair else None,
            secretary=ctx.users.get(spec.secretary),
            visibility=spec.visibility,
            documents_visibility=spec.documents,
        )
    open_orgs = set(
        BodyMembership.objects.filter(body=body, ended_on__isnull=True).values_list(
            "organisation_id", flat=True
        )
    )
    for key in spec.members:
        organisation = ctx.organisations.get(key)
        if organisation is None or organisation.pk in open_orgs:
            continue
        people = _people(ctx, key)
        services.add_member(
            actor=None,
            body=body,
            organisation=organisation,
            titular=people[0] if people else None,
            substitute=people[1] if len(people) > 1 else None,
            started_on=spec.since,
        )
    return body


@dataclass
class PastMeeting:
    body: str
    title: str
    day: datetime.date
    start: datetime.time
    end: datetime.time
    place: str
    items: list[tuple[str, int, str]]  # title, minutes, minutes text
    general: str
    decisions: list[dict[str, Any]]
    absent: set[str] = field(default_factory=set)


PAST = [
    PastMeeting(
        "Comité stratégique du projet social de territoire",
        "Séminaire « Point d’étape et évolutions »",
        datetime.date(2016, 2, 4),
        datetime.time(9, 0),
        datetime.time(16, 30),
        "Salle polyvalente de l’hôtel de ville, Clichy-sous-Bois",
        [
            (
                "Projection du film « Évolutions et perspectives »",
                45,
                "Film réalisé avec le centre social, la CAF, le guichet unique de la clause "
                "d’insertion, la Maison des seniors et le CCAS. Plus d’une centaine d’acteurs "
                "présents. Les premiers résultats sont partagés : garderie éphémère, "
                "généralisation de la clause d’insertion, logements temporaires.",
            ),
            (
                "Ateliers : points de vue et propositions des acteurs de terrain",
                150,
                "Quatre ateliers, un par axe. Forte mobilisation des professionnels malgré "
                "des sollicitations multiples. Demandes récurrentes : mieux se connaître entre "
                "services, clarifier qui saisir pour quelle problématique, associer davantage "
                "les partenaires à l’animation.",
            ),
            (
                "Suites de la démarche",
                60,
                "Passage d’un portage municipal à une co-animation des groupes de travail ; "
                "projet de plateforme collaborative ; journée d’étude sur l’accompagnement.",
            ),
        ],
        "Séminaire ouvert par l’élue chargée des solidarités. Les productions des ateliers "
        "sont annexées au compte rendu.",
        [
            {
                "text": "Co-animer les groupes de travail avec les partenaires : chaque "
                "groupe désigne un binôme d’animation Ville / partenaire.",
                "owner": "solidarites",
                "due": datetime.date(2016, 9, 30),
                "status": Decision.Status.DONE,
                "task": ("Désigner les binômes d’animation des groupes de travail", "done"),
            },
            {
                "text": "Construire une plateforme collaborative pour matérialiser le travail "
                "en réseau d’ici fin 2017.",
                "owner": "ville",
                "due": datetime.date(2017, 12, 31),
                "status": Decision.Status.DONE,
                "task": ("Rédiger le cahier des charges de la plateforme collaborative", "done"),
            },
            {
                "text": "Organiser en 2017 une journée d’étude locale sur l’accompagnement social.",
                "owner": "solidarites",
                "due": datetime.date(2017, 11, 30),
                "status": Decision.Status.DONE,
                "task": ("Préparer le programme de la journée d’étude", "done"),
            },
        ],
    ),
    PastMeeting(
        "Comité technique Accompagnement social",
        "Journée d’étude locale sur l’accompagnement",
        datetime.date(2017, 11, 16),
        datetime.time(9, 0),
        datetime.time(17, 0),
        "Centre social du Bas-Clichy",
        [
            (
                "Témoignages croisés : l’accompagnement dans une logique de parcours",
                120,
                "Interventions de la circonscription de service social, du CCAS, de la CAF et "
                "d’un bailleur. Constat partagé : les familles rencontrent plusieurs "
                "travailleurs sociaux sans que ceux-ci se connaissent.",
            ),
            (
                "Ateliers d’échange de pratiques",
                150,
                "Trois ateliers : accès au logement, accès aux soins, premiers mois de "
                "l’enfant. Besoin d’un repérage clair des interlocuteurs par problématique.",
            ),
            (
                "Réseau IRIS : objectifs et fonctionnement",
                45,
                "Le réseau IRIS partagera l’actualité du territoire, fera connaître les "
                "actions et clarifiera les procédures et les interlocuteurs à saisir.",
            ),
        ],
        "Journée organisée pour favoriser une culture commune et l’échange d’expériences "
        "entre professionnels.",
        [
            {
                "text": "Réunir chaque trimestre l’ensemble des travailleurs sociaux du "
                "territoire, dans une logique de parcours.",
                "owner": "solidarites",
                "due": datetime.date(2018, 3, 31),
                "status": Decision.Status.DONE,
                "task": ("Fixer le calendrier des réunions trimestrielles", "done"),
            },
            {
                "text": "Rédiger avec le réseau IRIS un guide « qui contacter pour… » par "
                "problématique (logement, soins, petite enfance).",
                "owner": "ccas",
                "due": datetime.date(2018, 6, 30),
                "status": Decision.Status.OPEN,
                "task": ("Recenser les interlocuteurs par problématique", "in_progress"),
                "create_action": "Guide des interlocuteurs par problématique",
            },
        ],
        absent={"bailleurs"},
    ),
    PastMeeting(
        "Comité technique Familles, petite enfance et intergénérationnel",
        "Point sur la garderie éphémère et la colocation intergénérationnelle",
        None,  # type: ignore[arg-type]  # filled in at load time: two months ago
        datetime.time(14, 0),
        datetime.time(16, 30),
        "Maison de la petite enfance",
        [
            (
                "Bilan de la garderie éphémère dans les deux centres sociaux",
                40,
                "Fréquentation en hausse ; les parents l’utilisent pour leurs démarches et "
                "des rendez-vous d’insertion. Le soutien de la CAF est reconduit.",
            ),
            (
                "Colocation intergénérationnelle : premières colocations",
                40,
                "La Mission locale et le CCAS présentent les premiers binômes. Des seniors "
                "hésitent : prévoir une réunion d’information à la Maison des seniors.",
            ),
            (
                "Prévention précoce et parentalités (PPEPS’)",
                50,
                "Constats partagés de la PMI et du service social sur le développement "
                "psychomoteur des jeunes enfants du bas Clichy ; l’unité de recherche propose "
                "une méthodologie de recherche-action.",
            ),
        ],
        "Séance conduite par le secrétariat de la CAF.",
        [
            {
                "text": "Reconduire la garderie éphémère dans les deux centres sociaux et "
                "étudier un troisième lieu.",
                "owner": "caf",
                "due_in": 30,
                "task": (
                    "Chiffrer un troisième lieu d’accueil pour la garderie éphémère",
                    "pending",
                ),
                "action_word": "garderie",
            },
            {
                "text": "Organiser une réunion d’information sur la colocation "
                "intergénérationnelle à la Maison des seniors.",
                "owner": "seniors",
                "due_in": -10,
                "task": ("Organiser la réunion d’information à la Maison des seniors", "pending"),
                "action_word": "colocation",
            },
            {
                "text": "Présenter la démarche PPEPS’ au comité stratégique, avec la PMI et "
                "l’unité de recherche.",
                "owner": "pmi",
                "due_in": 45,
                "task": ("Préparer la présentation de PPEPS’ au comité stratégique", "in_progress"),
                "action_word": "PPEPS",
            },
        ],
    ),
]


def _load_past(ctx: DemoContext, bodies: dict[str, Body], spec: PastMeeting) -> None:
    body = bodies[spec.body]
    day = spec.day or (timezone.localdate() - datetime.timedelta(days=60))
    starts_at = local_datetime(day, spec.start)
    meeting = Meeting.objects.filter(body=body, title=spec.title).first()
    if meeting is None:
        meeting = services.create_meeting(
            actor=None,
            body=body,
            title=spec.title,
            starts_at=starts_at,
            ends_at=local_datetime(day, spec.end),
            place=spec.place,
        )
    if meeting.status == Meeting.Status.APPROVED:
        return
    items = {}
    for title, minutes, _text in spec.items:
        item = AgendaItem.objects.filter(meeting=meeting, title=title).first()
        if item is None:
            item = services.propose_item(
                actor=None, body=body, meeting=meeting, title=title, duration_minutes=minutes
            )
        items[title] = item
    if meeting.status != Meeting.Status.HELD:
        services.hold_meeting(actor=None, meeting=meeting)
    rows = services.expected_people(meeting)
    entries = []
    absent_orgs = {ctx.organisations[k].pk for k in spec.absent if k in ctx.organisations}
    for seat in rows.values():
        if seat.role not in ("chair", "secretary", "titular"):
            continue
        excused = seat.organisation is not None and seat.organisation.pk in absent_orgs
        entries.append({"user": seat.user, "status": "excused" if excused else "present"})
    services.record_attendance(actor=None, meeting=meeting, entries=entries)
    services.save_minutes(
        actor=None,
        meeting=meeting,
        general=spec.general,
        items={items[title].pk: text for title, _m, text in spec.items},
    )
    territory = body.territory
    for number, wanted in enumerate(spec.decisions):
        if Decision.objects.filter(meeting=meeting, text=wanted["text"]).exists():
            continue
        due = wanted.get("due") or day + datetime.timedelta(days=60 + wanted.get("due_in", 0))
        owner = ctx.organisations.get(wanted["owner"])
        task_title, task_status = wanted["task"]
        creates = wanted.get("create_action")
        decision = services.record_decision(
            actor=None,
            meeting=meeting,
            text=wanted["text"],
            owner=owner,
            due_date=due,
            item=list(items.values())[min(number, len(items) - 1)],
            action=None if creates else _action(territory, (), wanted.get("action_word", "")),
            action_effect=Decision.ActionEffect.CREATE if creates else "",
            action_title=creates or "",
            apply_action=bool(creates),
            follow_up={"title": task_title, "owner": owner, "due_date": due},
        )
        if wanted.get("status"):
            services.update_decision(actor=None, decision=decision, status=wanted["status"])
        for task in decision.tasks.all():
            if task_status != FollowUpTask.Status.PENDING:
                services.update_task_status(actor=None, task=task, status=task_status)
    if spec.day is not None:
        services.approve_minutes(actor=None, meeting=meeting)


@dataclass
class Upcoming:
    body: str
    title: str
    in_days: int
    start: datetime.time
    end: datetime.time
    place: str
    items: list[tuple[str, int]]
    convene: bool = True
    video_url: str = ""


UPCOMING = [
    Upcoming(
        "Comité stratégique du projet social de territoire",
        "Comité stratégique annuel",
        40,
        datetime.time(18, 0),
        datetime.time(20, 0),
        "Salle du conseil municipal, hôtel de ville",
        [
            ("Bilan annuel du projet social de territoire", 30),
            ("Présentation de la démarche PPEPS’", 30),
            ("Priorités de l’année à venir", 45),
        ],
    ),
    Upcoming(
        "Comité technique Familles, petite enfance et intergénérationnel",
        "Comité technique Familles — séance de rentrée",
        14,
        datetime.time(14, 0),
        datetime.time(16, 0),
        "Maison de la petite enfance",
        [("Suites de la garderie éphémère", 30), ("Forum des assistantes maternelles", 30)],
    ),
    Upcoming(
        "Réseau IRIS — Interconnaissance et ressources pour l’innovation sociale",
        "Rencontre du réseau IRIS",
        7,
        datetime.time(9, 30),
        datetime.time(11, 30),
        "Maison des services publics",
        [
            ("Tour de table de l’actualité des structures", 45),
            ("Qui contacter pour l’accès aux soins ?", 45),
        ],
        video_url="https://visio.example.org/reseau-iris",
    ),
    Upcoming(
        "Comité technique Logement et habitat",
        "Comité technique Logement",
        21,
        datetime.time(10, 0),
        datetime.time(12, 0),
        "Direction de l’habitat",
        [("Point ORCOD du Bas-Clichy", 40)],
        convene=False,
    ),
]

BACKLOG = {
    "Comité technique Logement et habitat": [
        ("Bilan des douze logements temporaires", 30),
        ("Prévention des expulsions : premiers enseignements de la recherche-action", 40),
    ],
    "Comité technique Familles, petite enfance et intergénérationnel": [
        ("Accidents domestiques : point du réseau de prévention", 20),
    ],
    "Cellule de veille territoriale": [
        ("Retards de développement psychomoteur signalés au bas Clichy", 30),
    ],
}


def _load_upcoming(bodies: dict[str, Body], spec: Upcoming) -> None:
    body = bodies[spec.body]
    meeting = Meeting.objects.filter(body=body, title=spec.title).first()
    if meeting is None:
        day = timezone.localdate() + datetime.timedelta(days=spec.in_days)
        meeting = services.create_meeting(
            actor=None,
            body=body,
            title=spec.title,
            starts_at=local_datetime(day, spec.start),
            ends_at=local_datetime(day, spec.end),
            place=spec.place,
            video_url=spec.video_url,
        )
    if meeting.status in (Meeting.Status.DRAFT, Meeting.Status.CONVENED):
        for title, minutes in spec.items:
            if not AgendaItem.objects.filter(meeting=meeting, title=title).exists():
                services.propose_item(
                    actor=None, body=body, meeting=meeting, title=title, duration_minutes=minutes
                )
    if spec.convene and meeting.status == Meeting.Status.DRAFT and not meeting.is_past:
        services.convene_meeting(actor=None, meeting=meeting, notify=False)


def _load_agreements(ctx: DemoContext, territory: Territory, bodies: dict[str, Body]) -> None:
    orgs = ctx.organisations
    if not Agreement.objects.filter(territory=territory, kind=Agreement.Kind.CONVENTION).exists():
        services.create_agreement(
            actor=None,
            territory=territory,
            kind=Agreement.Kind.CONVENTION,
            title="Convention de coopération pour la mise en œuvre du projet social de territoire",
            summary="Volonté conjointe de la commune et du Département de travailler ensemble "
            "à la mise en œuvre de la démarche : coordination optimisée des politiques "
            "territoriales, adéquation aux besoins sociaux repérés localement, lutte contre "
            "les inégalités sociales et territoriales.",
            signed_on=datetime.date(2014, 6, 1),
            starts_on=datetime.date(2014, 6, 1),
            review_on=timezone.localdate() + datetime.timedelta(days=45),
            reminder_days=30,
            visibility=Visibility.PUBLIC,
            body=bodies.get("Conférence sociale locale"),
            signatories=[
                (orgs["departement"], "le Président du Conseil départemental"),
                (orgs["ville"], "le Maire"),
            ],
            axes=[a for a in (_axis(territory, n) for n in (1, 2, 3, 4)) if a is not None],
            commitments=[
                ("Construire et faire vivre une cellule de veille territoriale.", None),
                (
                    "Organiser des temps de réflexion sur le territoire et sur les actions à "
                    "mettre en œuvre.",
                    None,
                ),
                (
                    "Créer une instance de partage entre élus, habitants et services : une "
                    "conférence sociale locale annuelle.",
                    orgs["ville"],
                ),
                (
                    "Favoriser l’échange de données quantitatives et qualitatives pour nourrir "
                    "l’analyse des besoins sociaux annuelle.",
                    orgs["departement"],
                ),
                (
                    "Mettre à disposition ressources documentaires, statistiques, études et "
                    "cartographies ; participer aux groupes de travail inter-partenariaux.",
                    None,
                ),
            ],
        )
    if not Agreement.objects.filter(territory=territory, kind=Agreement.Kind.ROADMAP).exists():
        roadmap = services.create_agreement(
            actor=None,
            territory=territory,
            kind=Agreement.Kind.ROADMAP,
            title="Feuille de route Ville–Département 2017",
            summary="Première feuille de route commune en faveur d’un co-portage de certains "
            "axes thématiques du projet social de territoire, avec la PMI, la circonscription "
            "de service social et l’aide sociale à l’enfance. Validée par le Maire et le "
            "Vice-Président du Conseil départemental chargé des Solidarités.",
            signed_on=datetime.date(2017, 5, 22),
            starts_on=datetime.date(2017, 5, 22),
            ends_on=datetime.date(2018, 12, 31),
            review_on=datetime.date(2018, 5, 22),
            reminder_days=60,
            visibility=Visibility.PARTNERS,
            body=bodies.get("Comité stratégique du projet social de territoire"),
            signatories=[
                (orgs["ville"], "le Maire"),
                (orgs["departement"], "le Vice-Président chargé des Solidarités"),
            ],
            axes=[a for a in (_axis(territory, n) for n in (3, 4)) if a is not None],
            commitments=[
                (
                    "Co-porter l’axe « Répondre aux besoins des familles » avec la PMI et la "
                    "circonscription de service social.",
                    orgs["departement"],
                ),
                ("Avancer sur le partage de données et l’observation sociale partagée.", None),
                (
                    "Envisager le déploiement local d’actions thématiques en adéquation avec "
                    "les enjeux du territoire.",
                    orgs["ville"],
                ),
            ],
        )
        if roadmap.reminder_task is not None:
            services.update_task_status(
                actor=None,
                task=roadmap.reminder_task,
                status=FollowUpTask.Status.DONE,
                note="Bilan présenté au comité stratégique de juin 2018.",
            )


def load(ctx: DemoContext) -> None:
    territory = ctx.territories.get("clichy-sous-bois")
    if territory is None:
        return
    bodies = {spec.name: _body(ctx, territory, spec) for spec in BODIES}
    for past in PAST:
        _load_past(ctx, bodies, past)
    for upcoming in UPCOMING:
        _load_upcoming(bodies, upcoming)
    for name, subjects in BACKLOG.items():
        body = bodies[name]
        for title, minutes in subjects:
            if not AgendaItem.objects.filter(body=body, title=title).exists():
                services.propose_item(actor=None, body=body, title=title, duration_minutes=minutes)
    _load_agreements(ctx, territory, bodies)
    linked = Decision.objects.filter(territory=territory, action__isnull=False).count()
    ctx.log(
        f"  {len(bodies)} instances, {Meeting.objects.filter(body__territory=territory).count()} "
        f"séances, {Decision.objects.filter(territory=territory).count()} décisions "
        f"({linked} liées à une fiche action)"
    )
