"""The demo's news, events and joint letter: the life of the seeds' network in
Clichy-sous-Bois (the garderie éphémère, the forum des assistantes maternelles, the journée
d'étude, an information session for families). People are invented; dates follow today."""

from __future__ import annotations

from typing import Any

POSTS: list[dict[str, Any]] = [
    {
        "organisation": "cs-haut",
        "cosigners": ["cs-bas"],
        "approved": ["cs-bas"],
        "action": "2.2.1",
        "title": "La garderie éphémère ouvre dans les deux centres sociaux",
        "summary": "Vos enfants sont gardés pendant que vous suivez un atelier, faites une "
        "démarche ou prenez du temps pour vous. C’est gratuit, dans les deux centres sociaux.",
        "body": "Les centres sociaux du Haut-Clichy et du Bas-Clichy ouvrent ensemble une "
        "garderie éphémère, trois demi-journées par semaine.\n\nElle accueille les enfants "
        "de 3 mois à 6 ans pendant que leurs parents participent aux activités du centre, "
        "se rendent à un rendez-vous à France Travail ou à la DEFI.",
        "visibility": "public",
    },
    {
        "organisation": "ram",
        "cosigners": ["caf", "petite-enfance"],
        "approved": ["caf", "petite-enfance"],
        "action": "3.1.2",
        "title": "Forum des assistantes maternelles : rencontrer les professionnelles du quartier",
        "summary": "Vous attendez un enfant ou cherchez un mode de garde ? Venez rencontrer "
        "les assistantes maternelles de Clichy-sous-Bois et poser vos questions sur les aides.",
        "body": "Le Relais d’assistants maternels, la Maison de la petite enfance et la CAF "
        "organisent le forum annuel des assistantes maternelles.",
        "visibility": "public",
    },
    {
        "organisation": "solidarites",
        "cosigners": ["caf"],
        "approved": [],
        "action": "4.1.2",
        "title": "Journée d’étude sur l’accompagnement : le programme est en ligne",
        "summary": "La journée d’étude réunit les professionnels de l’accompagnement de "
        "toutes les institutions pour partager leurs pratiques.",
        "body": "Inscriptions ouvertes aux partenaires du projet social de territoire.",
        "visibility": "partners",
    },
]

EVENTS: list[dict[str, Any]] = [
    {
        "key": "information-familles",
        "organisation": "petite-enfance",
        "cosigners": ["caf", "cs-haut"],
        "approved": ["caf", "cs-haut"],
        "action": "3.1.2",
        "title": "Information collective des familles sur les modes d’accueil",
        "summary": "Crèche, assistante maternelle, garderie : une réunion pour comprendre les "
        "modes d’accueil du jeune enfant et les aides de la CAF.",
        "audience": "Familles qui attendent un enfant ou ont un enfant de moins de 3 ans",
        "days": 12,
        "hour": 14,
        "hours": 2,
        "place": "Centre social du Haut-Clichy",
        "address": "Allée Maurice-Audin, 93390 Clichy-sous-Bois",
        "step_free": True,
        "accessibility": "Salle au rez-de-chaussée. Un espace de jeux accueille les enfants "
        "pendant la réunion.",
        "languages": ["fr", "ar", "ta"],
        "visibility": "public",
        "registration_open": True,
        "capacity": 3,
        "registrations": [
            ("resident", None, None),
            (None, "Inès Démo", "ines.demo@exemple.fr"),
            (None, "Moussa Démo", "moussa.demo@exemple.fr"),
            (None, "Lina Démo", "lina.demo@exemple.fr"),
            (None, "Yanis Démo", "yanis.demo@exemple.fr"),
        ],
    },
    {
        "key": "forum-assmat",
        "organisation": "ram",
        "cosigners": ["caf"],
        "approved": ["caf"],
        "action": "3.1.2",
        "title": "Forum des assistantes maternelles",
        "summary": "Rencontrer les assistantes maternelles du quartier et se renseigner sur "
        "le complément de libre choix du mode de garde.",
        "audience": "Parents et futurs parents",
        "days": 20,
        "hour": 9,
        "hours": 4,
        "place": "Espace 93 Victor-Hugo",
        "address": "3 place de l’Orange-Bleue, 93390 Clichy-sous-Bois",
        "step_free": True,
        "accessibility": "Boucle magnétique à l’accueil.",
        "languages": ["fr", "en"],
        "visibility": "public",
        "registration_open": False,
        "capacity": None,
        "registrations": [],
    },
    {
        "key": "garderie",
        "organisation": "cs-bas",
        "cosigners": ["cs-haut"],
        "approved": ["cs-haut"],
        "action": "2.2.1",
        "title": "Portes ouvertes de la garderie éphémère",
        "summary": "Venez découvrir la garderie éphémère avec vos enfants et rencontrer l’équipe.",
        "audience": "Parents de jeunes enfants",
        "days": 5,
        "hour": 10,
        "hours": 2,
        "place": "Centre social du Bas-Clichy",
        "address": "Clichy-sous-Bois",
        "step_free": False,
        "accessibility": "Deux marches à l’entrée ; une rampe amovible est disponible sur demande.",
        "languages": ["fr", "ro"],
        "visibility": "public",
        "registration_open": False,
        "capacity": None,
        "registrations": [],
    },
    {
        "key": "journee-etude",
        "organisation": "solidarites",
        "cosigners": ["caf"],
        "approved": [],
        "action": "4.1.2",
        "title": "Journée d’étude locale sur l’accompagnement",
        "summary": "Une journée pour partager les pratiques d’accompagnement entre institutions.",
        "audience": "Professionnels de l’accompagnement",
        "days": 30,
        "hour": 9,
        "hours": 7,
        "place": "Hôtel de ville de Clichy-sous-Bois",
        "address": "Place du 11-Novembre-1918, 93390 Clichy-sous-Bois",
        "step_free": True,
        "accessibility": "",
        "languages": ["fr"],
        "visibility": "partners",
        "registration_open": True,
        "capacity": 80,
        "registrations": [],
    },
]

LETTER: dict[str, Any] = {
    "organisation": "ville",
    "cosigners": ["caf", "cs-haut"],
    "event": "information-familles",
    "title": "Invitation à la réunion d’information sur les modes d’accueil",
    "recipient": "Aux familles de Clichy-sous-Bois",
    "body": "Madame, Monsieur,\n\nLa Ville, la Caisse d’allocations familiales et le centre "
    "social du Haut-Clichy vous invitent à une réunion d’information sur les modes "
    "d’accueil du jeune enfant : crèches, assistantes maternelles, garderie éphémère, et "
    "les aides pour en payer le coût.\n\nLa réunion est gratuite ; un espace de jeux accueille "
    "vos enfants. Inscrivez-vous en ligne avec le code QR ci-dessous.\n\nNous vous prions "
    "d’agréer, Madame, Monsieur, nos salutations distinguées.",
}

# Organisations whose (invented) demo logo is printed, with their consent.
LOGOS = {
    "ville": ("CSB", (0, 83, 179)),
    "caf": ("CAF", (0, 122, 94)),
    "cs-haut": ("CS HC", (201, 25, 30)),
    "cs-bas": ("CS BC", (119, 46, 140)),
    "ram": ("RAM", (230, 120, 0)),
    "petite-enfance": ("MPE", (0, 140, 170)),
}
