"""The demo's governance data: the bodies of Clichy-sous-Bois and their members, the past
meetings with their minutes and decisions, the meetings to come and the backlog. Loaded by
``governance.demo`` (the code, apart from the data)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from maillage.core.roles import Visibility
from maillage.governance.models import (
    Body,
    Decision,
)

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
    # The first conférence sociale (the evaluation's demo holds its proposals).
    PastMeeting(
        "Conférence sociale locale",
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


# --------------------------------------------------------------------------- the convention's articles

# The cooperation convention of 2014, as structured articles (its text, shortened).
CONVENTION_TEXT = """Article 1 – Objet de la convention
La démarche de projet social de territoire est une méthode de travail qui vise à transformer durablement l’action sociale locale en renforçant la place des coopérations et complémentarités au service de l’efficacité des mobilisations auprès du public. Cette convention de coopération affirme la volonté conjointe de la commune et du Département de travailler ensemble à sa mise en œuvre.

Article 2 – Engagement du projet social de territoire
Les signataires s’engagent à fonder leur action sur la prise en compte des points de vue et besoins des habitants, la confiance réciproque et la responsabilité partagée, un dialogue ouvert en continu, une évaluation régulière et partagée, inscrite dans la durée, et une recherche d’innovation.

Article 3 – Moyens du projet
Les services des deux collectivités mettront en place les outils d’une gouvernance territoriale des politiques sociales : une cellule de veille territoriale, des temps de réflexion, une instance de partage entre les élus, des habitants, les services, qui pourrait prendre la forme d’une conférence sociale locale annuelle. Les signataires mettront à disposition, en tant que de besoin, leurs ressources pour la mise en œuvre du projet.

Article 4 – Sens et évaluation
Une évaluation annuelle partenariale sera organisée sur un mode formalisé de type « conférence sociale ». Elle pourra donner lieu à la rédaction d’un avenant précisant les moyens complémentaires à mettre au service de l’efficacité de cette coopération.
"""

AMENDMENT_TITLE = "Avenant n° 1 : des moyens pour l’accueil de la petite enfance"
AMENDMENT_PREAMBLE = (
    "La conférence sociale 2025 a retenu la proposition d’ouvrir la garderie éphémère toute "
    "l’année. Le présent avenant en précise les moyens."
)
AMENDMENT_ARTICLE_3 = (
    "Les services des deux collectivités mettront en place les outils d’une gouvernance "
    "territoriale des politiques sociales : une cellule de veille territoriale, des temps de "
    "réflexion, une conférence sociale locale annuelle réunissant les élus, des habitants et "
    "les services. Les signataires mettront à disposition leurs ressources pour la mise en "
    "œuvre du projet, et consacrent des moyens dédiés à l’accueil de la petite enfance "
    "(axe « Familles et générations »), détaillés en annexe."
)
AMENDMENT_ARTICLE_5 = (
    "Le Département et la commune financent ensemble, à parts égales, l’ouverture de la "
    "garderie éphémère dans les deux centres sociaux pendant toute l’année scolaire."
)
