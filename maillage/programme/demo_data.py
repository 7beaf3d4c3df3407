"""The demo programme's data: axes and actions of Clichy-sous-Bois (from the seeds, with
invented codes, dates and figures that say so). demo.py loads them through the services."""

from __future__ import annotations

import datetime
from typing import Any

from maillage.core.roles import Visibility

INVENTED = "Chiffres inventés pour la démonstration."
# Planned ends ("ends_in") and some milestones ("relative_milestones") are in days from the
# day the demo is loaded, so that what is late, and what is not yet, stays so whatever the
# date: two fiches past their end, one milestone past due.
SOURCE = "Donnée fictive (démonstration)"

AXES = [
    (
        1,
        "Logement et habitat",
        "Améliorer les conditions de logement de la population",
        "#000091",
        [
            ("1.1", "Prévenir les expulsions locatives"),
            ("1.2", "Proposer des solutions de logement temporaire et de décohabitation"),
            ("1.3", "Lutter contre l’habitat indigne"),
        ],
    ),
    (
        2,
        "Emploi et insertion",
        "Favoriser l’insertion socio-professionnelle",
        "#18753C",
        [
            ("2.1", "Mobiliser la commande publique pour l’insertion"),
            ("2.2", "Lever les freins à l’emploi des parents"),
        ],
    ),
    (
        3,
        "Familles et générations",
        "Répondre aux besoins des familles et favoriser l’intergénérationnel",
        "#B34000",
        [
            ("3.1", "Développer des modes d’accueil adaptés de la petite enfance"),
            ("3.2", "Soutenir les parents et prévenir les risques"),
            ("3.3", "Favoriser les liens entre générations"),
        ],
    ),
    (
        4,
        "Cohésion sociale",
        "Réduire les inégalités et renforcer la cohésion sociale",
        "#6A6AF4",
        [
            ("4.1", "Coordonner l’accompagnement social dans une logique de parcours"),
            ("4.2", "Réduire les inégalités sociales de santé"),
            ("4.3", "Refonder les aides facultatives"),
        ],
    ),
]

# Each action: the seeds' facts, with invented dates and figures where the seeds give none.
ACTIONS: list[dict[str, Any]] = [
    {
        "code": "1.1.1",
        "objective": "1.1",
        "title": "Prévention des expulsions locatives",
        "summary": "Une réflexion conduite avec l’ensemble des partenaires impliqués pour "
        "repérer plus tôt les impayés et accompagner les ménages avant l’audience.",
        "constat": "Des ménages arrivent à l’audience sans avoir rencontré de travailleur "
        "social. La Ville participe à une recherche-action de l’ODAS sur la prévention des "
        "expulsions.",
        "goals": "Repérer les impayés dès les premiers mois ; proposer un accompagnement à "
        "chaque ménage assigné ; réduire les expulsions avec concours de la force publique.",
        "publics": ["familles", "beneficiaires-des-minimas-sociaux"],
        "public_precision": "Locataires en impayé de loyer, du parc social et privé.",
        "pilots": ["solidarites", "ccas"],
        "partners": [
            ("odas", "Recherche-action et méthode"),
            ("service-social", "Accompagnement des ménages"),
            ("caf", "Maintien des aides au logement"),
            ("bailleurs", "Signalement précoce des impayés"),
            ("mjd", "Permanences juridiques"),
            ("sous-prefecture", "Commission de coordination (CCAPEX)"),
        ],
        "visibility": Visibility.PARTNERS,
        "created": datetime.date(2016, 3, 1),
        "starts_on": datetime.date(2017, 1, 9),
        "ends_in": 300,
        "steps": [
            ("construction", datetime.date(2016, 9, 15), "Groupe de travail constitué."),
            (
                "ongoing",
                datetime.date(2017, 1, 9),
                "Protocole de repérage signé par les bailleurs.",
            ),
        ],
        "indicators": [
            {
                "name": "Ménages accompagnés avant l’audience",
                "unit": "ménages",
                "direction": "up",
                "baseline": (datetime.date(2016, 12, 31), 18),
                "targets": {2024: 60, 2026: 75, 2028: 90},
                "series": {
                    2017: 24,
                    2018: 31,
                    2019: 38,
                    2020: 33,
                    2021: 45,
                    2022: 52,
                    2023: 58,
                    2024: 61,
                    2025: 66,
                },
            },
            {
                "name": "Expulsions avec concours de la force publique",
                "unit": "ménages",
                "direction": "down",
                "baseline": (datetime.date(2016, 12, 31), 42),
                "targets": {2024: 30, 2026: 25},
                "series": {
                    2018: 40,
                    2019: 37,
                    2020: 21,
                    2021: 34,
                    2022: 31,
                    2023: 29,
                    2024: 28,
                    2025: 27,
                },
            },
        ],
        "milestones": [
            (
                "Protocole signé avec les bailleurs",
                datetime.date(2017, 1, 1),
                datetime.date(2017, 1, 9),
            ),
            (
                "Bilan de la recherche-action ODAS",
                datetime.date(2019, 6, 30),
                datetime.date(2019, 9, 20),
            ),
        ],
        "means": [
            ("staff", "ccas", None, 2025, "0.5", "Conseillère en économie sociale et familiale"),
        ],
    },
    {
        "code": "1.2.1",
        "objective": "1.2",
        "title": "12 logements communaux temporaires",
        "summary": "Un bâtiment municipal rénové offre douze logements meublés et équipés à "
        "des Clichois en situation de vulnérabilité, pour six mois renouvelables une ou deux "
        "fois.",
        "constat": "Des ménages en rupture (séparation, sinistre, sortie d’hébergement) n’ont "
        "aucune solution de logement temporaire sur la commune.",
        "goals": "Héberger temporairement et accompagner vers un logement durable.",
        "publics": ["personnes-en-situation-durgence", "familles"],
        "public_precision": "Clichois en situation de vulnérabilité, orientés par un "
        "travailleur social.",
        "pilots": ["habitat", "ccas"],
        "partners": [
            ("patrimoine", "Rénovation et entretien du bâtiment"),
            ("service-social", "Orientation et accompagnement"),
            ("bailleurs", "Relogement à la sortie"),
        ],
        "visibility": Visibility.PUBLIC,
        "created": datetime.date(2015, 5, 1),
        "starts_on": datetime.date(2016, 10, 1),
        "ends_in": -40,
        "steps": [
            ("construction", datetime.date(2015, 9, 1), "Travaux de rénovation votés."),
            ("ongoing", datetime.date(2016, 10, 1), "Premières entrées dans les logements."),
        ],
        "indicators": [
            {
                "name": "Ménages hébergés dans l’année",
                "unit": "ménages",
                "direction": "up",
                "baseline": None,
                "targets": {2025: 24, 2027: 26},
                "series": {
                    2017: 14,
                    2018: 19,
                    2019: 21,
                    2020: 17,
                    2021: 22,
                    2022: 23,
                    2023: 22,
                    2024: 24,
                    2025: 23,
                },
            },
            {
                "name": "Sorties vers un logement durable",
                "unit": "%",
                "direction": "up",
                "baseline": (datetime.date(2017, 12, 31), 45),
                "targets": {2026: 75},
                "series": {
                    2018: 52,
                    2019: 58,
                    2020: 55,
                    2021: 63,
                    2022: 66,
                    2023: 70,
                    2024: 68,
                    2025: 72,
                },
            },
        ],
        "milestones": [
            (
                "Fin des travaux de rénovation",
                datetime.date(2016, 6, 30),
                datetime.date(2016, 9, 15),
            ),
        ],
        "means": [
            (
                "budget",
                None,
                "Ville de Clichy-sous-Bois",
                2016,
                "180000",
                "Rénovation, mobilier et équipement",
            ),
            ("in_kind", "patrimoine", None, None, None, "Bâtiment municipal mis à disposition"),
        ],
    },
    {
        "code": "1.2.2",
        "objective": "1.2",
        "title": "Colocation intergénérationnelle",
        "summary": "Des jeunes en insertion logés chez des personnes âgées qui ont une "
        "chambre libre : un loyer modeste contre une présence.",
        "constat": "Des jeunes en insertion ne peuvent pas décohabiter ; des seniors vivent "
        "seuls dans de grands logements.",
        "goals": "Former des binômes durables jeune–senior.",
        "publics": ["jeunes", "seniors"],
        "public_precision": "Jeunes de 18 à 25 ans suivis par la Mission locale ; seniors "
        "accueillants.",
        "pilots": ["mission-locale", "ccas"],
        "partners": [("seniors", "Repérage des seniors accueillants")],
        "visibility": Visibility.PUBLIC,
        "created": datetime.date(2016, 11, 1),
        "starts_on": datetime.date(2017, 9, 1),
        "relative_milestones": [
            ("Bilan intermédiaire avec les partenaires", -21),
        ],
        "ends_in": 180,
        "steps": [
            ("construction", datetime.date(2017, 3, 1), "Charte de la colocation rédigée."),
            ("ongoing", datetime.date(2017, 9, 1), "Premiers binômes formés."),
        ],
        "indicators": [
            {
                "name": "Binômes jeune–senior en cours",
                "unit": "binômes",
                "direction": "up",
                "baseline": (datetime.date(2017, 8, 31), 0),
                "targets": {2025: 12, 2027: 15},
                "series": {
                    2018: 3,
                    2019: 5,
                    2020: 4,
                    2021: 6,
                    2022: 8,
                    2023: 9,
                    2024: 10,
                    2025: 11,
                },
            },
        ],
        "milestones": [
            ("Charte de la colocation", datetime.date(2017, 6, 1), datetime.date(2017, 5, 22))
        ],
        "means": [],
    },
    {
        "code": "1.3.1",
        "objective": "1.3",
        "title": "Lutte contre l’habitat indigne",
        "summary": "Traiter les signalements d’insalubrité et accompagner les occupants, en "
        "lien avec l’opération de requalification des copropriétés du Bas-Clichy.",
        "constat": "Le Bas-Clichy concentre de nombreuses copropriétés dégradées.",
        "goals": "Traiter chaque signalement dans les trois mois.",
        "publics": ["familles", "residents-qpv-frr"],
        "public_precision": "",
        "places": ["BAS-CLICHY"],
        "pilots": ["hygiene"],
        "partners": [
            ("orcod", "Opération de requalification"),
            ("maison-habitat", "Information des copropriétaires"),
            ("caf", "Conservation des aides au logement"),
        ],
        "visibility": Visibility.PUBLIC,
        "created": datetime.date(2014, 1, 20),
        "starts_on": datetime.date(2014, 6, 1),
        "ends_in": 400,
        "steps": [("ongoing", datetime.date(2014, 6, 1), "Inscrit au document-cadre.")],
        "indicators": [
            {
                "name": "Signalements traités dans les trois mois",
                "unit": "%",
                "direction": "up",
                "baseline": (datetime.date(2014, 12, 31), 40),
                "targets": {2026: 90},
                "series": {2019: 55, 2020: 51, 2021: 62, 2022: 70, 2023: 74, 2024: 79, 2025: 82},
            },
        ],
        "milestones": [],
        "means": [],
    },
    {
        "code": "2.1.1",
        "objective": "2.1",
        "title": "Clause d’insertion dans les marchés publics",
        "summary": "Avec le guichet unique intercommunal, la clause d’insertion est "
        "généralisée à l’ensemble des marchés publics de la commune ; les parcours sont "
        "suivis sur les chantiers.",
        "constat": "La commande publique de la Ville pouvait ouvrir bien plus d’heures de "
        "travail aux Clichois éloignés de l’emploi.",
        "goals": "Une clause dans chaque marché éligible ; suivre chaque parcours.",
        "publics": ["demandeurs-emploi", "jeunes"],
        "public_precision": "",
        "pilots": ["marches", "defi"],
        "partners": [
            ("france-travail", "Orientation des candidats"),
            ("mission-locale", "Orientation des jeunes"),
            ("finances", "Suivi des marchés"),
        ],
        "visibility": Visibility.PUBLIC,
        "created": datetime.date(2014, 1, 20),
        "starts_on": datetime.date(2014, 9, 1),
        "relative_milestones": [
            ("Point d’étape avec les entreprises du territoire", 45),
        ],
        "ends_in": 240,
        "steps": [
            ("ongoing", datetime.date(2014, 9, 1), "Premiers marchés avec clause."),
        ],
        "indicators": [
            {
                "name": "Heures d’insertion réalisées",
                "unit": "heures",
                "direction": "up",
                "baseline": (datetime.date(2014, 12, 31), 4800),
                "targets": {2024: 22000, 2026: 25000},
                "series": {
                    2017: 14500,
                    2018: 16200,
                    2019: 17800,
                    2020: 12900,
                    2021: 18400,
                    2022: 20100,
                    2023: 21350,
                    2024: 22600,
                    2025: 23150,
                },
            },
            {
                "name": "Marchés éligibles comportant une clause",
                "unit": "%",
                "direction": "up",
                "baseline": (datetime.date(2014, 12, 31), 20),
                "targets": {2025: 100},
                "series": {
                    2017: 100,
                    2018: 100,
                    2019: 100,
                    2020: 96,
                    2021: 100,
                    2022: 100,
                    2023: 100,
                    2024: 100,
                    2025: 100,
                },
            },
        ],
        "milestones": [
            (
                "Clause généralisée à tous les marchés",
                datetime.date(2017, 1, 1),
                datetime.date(2017, 3, 31),
            ),
        ],
        "means": [
            ("staff", "defi", None, 2025, "1", "Chargé de la clause d’insertion"),
        ],
    },
    {
        "code": "2.2.1",
        "objective": "2.2",
        "title": "Garderie éphémère",
        "summary": "Une garderie ouverte dans les deux centres sociaux pour que les parents "
        "suivent des activités, fassent leurs démarches ou prennent du temps pour eux.",
        "constat": "« Des habitants ne pouvaient ni bénéficier des actions des centres "
        "sociaux ni se rendre aux rendez-vous de Pôle Emploi ou de la DEFI, faute de mode de "
        "garde. » (une directrice de centre social)",
        "goals": "Offrir une garde ponctuelle aux parents pendant leurs démarches.",
        "publics": ["familles", "demandeurs-emploi"],
        "public_precision": "Parents d’enfants de moins de 6 ans sans mode de garde.",
        "places": ["HAUT-CLICHY", "BAS-CLICHY"],
        "pilots": ["cs-haut", "cs-bas"],
        "partners": [
            ("caf", "Financement"),
            ("e2s", "Professionnelles de la petite enfance"),
            ("defi", "Orientation des parents en parcours d’insertion"),
            ("petite-enfance", "Appui technique"),
        ],
        "visibility": Visibility.PUBLIC,
        "created": datetime.date(2015, 2, 1),
        "starts_on": datetime.date(2016, 1, 4),
        "ends_in": -12,
        "steps": [
            ("construction", datetime.date(2015, 4, 1), "Groupe de travail avec la CAF."),
            ("ongoing", datetime.date(2016, 1, 4), "Ouverture dans les deux centres sociaux."),
        ],
        "indicators": [
            {
                "name": "Enfants accueillis dans l’année",
                "unit": "enfants",
                "direction": "up",
                "baseline": (datetime.date(2016, 1, 4), 0),
                "targets": {2025: 140, 2027: 160},
                "series": {
                    2016: 48,
                    2017: 71,
                    2018: 86,
                    2019: 102,
                    2020: 55,
                    2021: 94,
                    2022: 118,
                    2023: 126,
                    2024: 131,
                    2025: 137,
                },
            },
            {
                "name": "Parents ayant suivi une démarche d’insertion pendant la garde",
                "unit": "parents",
                "direction": "up",
                "baseline": None,
                "targets": {2026: 60},
                "series": {2019: 22, 2020: 12, 2021: 28, 2022: 37, 2023: 41, 2024: 46, 2025: 50},
            },
        ],
        "milestones": [
            ("Ouverture au Haut-Clichy", datetime.date(2016, 1, 4), datetime.date(2016, 1, 4)),
            ("Ouverture au Bas-Clichy", datetime.date(2016, 3, 1), datetime.date(2016, 4, 11)),
        ],
        "means": [
            ("budget", "caf", None, 2024, "38000", "Prestation de service"),
            ("budget", "caf", None, 2025, "40000", "Prestation de service"),
            ("in_kind", "cs-haut", None, None, None, "Salle d’accueil et matériel"),
        ],
        "journal": [
            (
                datetime.date(2016, 1, 4),
                "Ouverture de la garderie au centre social du "
                "Haut-Clichy : huit enfants le premier jour.",
            ),
        ],
    },
    {
        "code": "3.1.1",
        "objective": "3.1",
        "title": "Réseau des acteurs de la petite enfance",
        "summary": "Né d’un diagnostic partenarial, le réseau rassemble les professionnels "
        "de la petite enfance, le CCAS, la CAF, les centres sociaux et la DEFI.",
        "constat": "Les familles ne trouvent pas de mode de garde adapté aux situations "
        "« atypiques » : horaires décalés, besoins ponctuels ou en urgence.",
        "goals": "Mieux se connaître ; chercher ensemble des modes d’accueil innovants.",
        "publics": ["familles"],
        "public_precision": "",
        "pilots": ["petite-enfance"],
        "partners": [
            ("ccas", "Membre du réseau"),
            ("caf", "Membre du réseau"),
            ("cs-haut", "Membre du réseau"),
            ("cs-bas", "Membre du réseau"),
            ("defi", "Membre du réseau"),
            ("pmi", "Membre du réseau"),
            ("ram", "Membre du réseau"),
        ],
        "visibility": Visibility.PUBLIC,
        "created": datetime.date(2014, 2, 1),
        "starts_on": datetime.date(2014, 9, 1),
        "ends_in": 365,
        "steps": [("ongoing", datetime.date(2014, 9, 1), "Diagnostic partenarial rendu.")],
        "indicators": [
            {
                "name": "Professionnels présents aux rencontres du réseau",
                "unit": "personnes",
                "direction": "up",
                "baseline": (datetime.date(2014, 12, 31), 15),
                "targets": {2026: 45},
                "series": {
                    2018: 28,
                    2019: 32,
                    2020: 19,
                    2021: 30,
                    2022: 36,
                    2023: 38,
                    2024: 41,
                    2025: 40,
                },
            },
        ],
        "milestones": [],
        "means": [],
    },
    {
        "code": "3.1.2",
        "objective": "3.1",
        "title": "Information collective des familles sur les modes d’accueil",
        "summary": "Des réunions d’information communes (courriers et logos partagés) sur "
        "les modes d’accueil de la petite enfance, et des forums d’assistantes maternelles.",
        "constat": "Les familles connaissent mal l’offre d’accueil et ses aides.",
        "goals": "Informer chaque famille qui attend un enfant.",
        "publics": ["familles"],
        "public_precision": "Futurs parents et parents d’enfants de moins de 3 ans.",
        "pilots": ["petite-enfance", "ram"],
        "partners": [
            ("caf", "Aides à la garde"),
            ("addai", "Accueil individuel"),
            ("pmi", "Suivi des futurs parents"),
        ],
        "visibility": Visibility.PUBLIC,
        "created": datetime.date(2015, 1, 15),
        "starts_on": datetime.date(2015, 9, 1),
        "relative_milestones": [
            ("Rencontre des parents du réseau", 30),
        ],
        "ends_in": 200,
        "steps": [("ongoing", datetime.date(2015, 9, 1), "Première réunion d’information.")],
        "indicators": [
            {
                "name": "Familles informées",
                "unit": "familles",
                "direction": "up",
                "baseline": None,
                "targets": {2025: 300},
                "series": {
                    2019: 180,
                    2020: 95,
                    2021: 210,
                    2022: 240,
                    2023: 262,
                    2024: 281,
                    2025: 290,
                },
            },
        ],
        "milestones": [],
        "means": [],
    },
    {
        "code": "3.2.1",
        "objective": "3.2",
        "title": "Réseau parentalité",
        "summary": "Un réseau des professionnels qui soutiennent les parents, pour "
        "coordonner les actions et orienter les familles.",
        "constat": "Les actions de soutien à la parentalité sont nombreuses mais dispersées.",
        "goals": "Un calendrier commun des actions ; des orientations croisées.",
        "publics": ["familles"],
        "public_precision": "",
        "pilots": ["pre", "caf"],
        "partners": [
            ("cs-haut", "Ateliers parents"),
            ("cs-bas", "Ateliers parents"),
            ("pmi", "Orientation"),
            ("adsea", "Prévention spécialisée"),
        ],
        "visibility": Visibility.PUBLIC,
        "created": datetime.date(2016, 1, 10),
        "starts_on": datetime.date(2016, 9, 1),
        "ends_in": 150,
        "relative_milestones": [("Calendrier commun des actions", 60)],
        "steps": [("ongoing", datetime.date(2016, 9, 1), "Première rencontre du réseau.")],
        "indicators": [],
        "milestones": [],
        "means": [],
    },
    {
        "code": "3.2.2",
        "objective": "3.2",
        "title": "Réseau de prévention des accidents domestiques",
        "summary": "Face à la récurrence des accidents domestiques, un réseau "
        "inter-partenarial de prévention.",
        "constat": "Les accidents domestiques des jeunes enfants reviennent souvent, "
        "notamment dans les logements suroccupés.",
        "goals": "Sensibiliser les familles ; repérer les logements à risque.",
        "publics": ["familles"],
        "public_precision": "Parents d’enfants de moins de 6 ans.",
        "pilots": ["sante", "pmi"],
        "partners": [
            ("petite-enfance", "Sensibilisation"),
            ("bailleurs", "Visites"),
            ("caf", "Information des allocataires"),
            ("cs-bas", "Ateliers"),
        ],
        "visibility": Visibility.PUBLIC,
        "created": datetime.date(2016, 4, 1),
        "starts_on": datetime.date(2016, 10, 1),
        "ends_in": 90,
        "steps": [("ongoing", datetime.date(2016, 10, 1), "Réseau constitué.")],
        "indicators": [
            {
                "name": "Passages aux urgences pour accident domestique (moins de 6 ans)",
                "unit": "passages",
                "direction": "down",
                "baseline": (datetime.date(2016, 12, 31), 140),
                "targets": {2024: 110, 2027: 95},
                "series": {
                    2018: 133,
                    2019: 128,
                    2020: 118,
                    2021: 124,
                    2022: 117,
                    2023: 112,
                    2024: 109,
                    2025: 104,
                },
            },
        ],
        "milestones": [],
        "means": [],
    },
    {
        "code": "4.1.1",
        "objective": "4.1",
        "title": "Réseau IRIS (Interconnaissance et Ressources pour l’Innovation Sociale)",
        "summary": "Le réseau des acteurs du médico-social élargi : partager l’actualité du "
        "territoire, faire connaître les actions, clarifier les procédures et les "
        "interlocuteurs à saisir (accès au logement, accès aux soins…).",
        "constat": "Les professionnels ne savent pas toujours qui saisir pour une situation.",
        "goals": "Un annuaire des interlocuteurs ; des rencontres régulières.",
        "publics": ["tous-publics"],
        "public_precision": "",
        "pilots": ["solidarites"],
        "partners": [
            ("service-social", "Membre du réseau"),
            ("caf", "Membre du réseau"),
            ("ccas", "Membre du réseau"),
            ("mjd", "Membre du réseau"),
            ("msp", "Membre du réseau"),
            ("mission-locale", "Membre du réseau"),
        ],
        "visibility": Visibility.PUBLIC,
        "created": datetime.date(2017, 1, 10),
        "starts_on": datetime.date(2017, 4, 1),
        "ends_in": 330,
        "steps": [("ongoing", datetime.date(2017, 4, 1), "Première rencontre du réseau.")],
        "indicators": [
            {
                "name": "Structures membres du réseau",
                "unit": "structures",
                "direction": "up",
                "baseline": (datetime.date(2017, 4, 1), 12),
                "targets": {2026: 40},
                "series": {
                    2018: 18,
                    2019: 23,
                    2020: 24,
                    2021: 27,
                    2022: 31,
                    2023: 33,
                    2024: 35,
                    2025: 37,
                },
            },
        ],
        "milestones": [],
        "means": [],
    },
    {
        "code": "4.1.2",
        "objective": "4.1",
        "title": "Journée d’étude locale sur l’accompagnement",
        "summary": "Une journée d’étude pour faire émerger une culture commune et échanger "
        "les expériences entre professionnels de l’accompagnement.",
        "constat": "Les travailleurs sociaux des différentes institutions se connaissent mal.",
        "goals": "Une culture commune de l’accompagnement.",
        "publics": ["tous-publics"],
        "public_precision": "Professionnels de l’accompagnement social.",
        "pilots": ["solidarites", "service-social"],
        "partners": [("caf", "Intervention"), ("ccas", "Intervention")],
        "visibility": Visibility.PUBLIC,
        "created": datetime.date(2017, 3, 1),
        "starts_on": datetime.date(2017, 3, 1),
        "ends_on": datetime.date(2017, 11, 30),
        "steps": [
            ("construction", datetime.date(2017, 3, 1), "Comité d’organisation réuni."),
            ("done", datetime.date(2017, 11, 30), "Journée tenue en novembre 2017."),
        ],
        "indicators": [
            {
                "name": "Participants à la journée",
                "unit": "personnes",
                "direction": "up",
                "baseline": None,
                "targets": {2017: 100},
                "series": {2017: 112},
            },
        ],
        "milestones": [
            ("Journée d’étude", datetime.date(2017, 11, 16), datetime.date(2017, 11, 16))
        ],
        "means": [],
    },
    {
        "code": "4.2.1",
        "objective": "4.2",
        "title": "PPEPS’ – Prévention précoce et parentalités",
        "summary": "Une action de santé publique conçue avec une unité de recherche, sur le "
        "lien entre les conditions de vie des familles et les retards de développement "
        "psychomoteur du jeune enfant.",
        "constat": "Professionnels de la PMI et du service social, structures d’accueil et "
        "écoles partagent un constat : des retards de développement des jeunes enfants, "
        "notamment au Bas-Clichy et ses copropriétés dégradées.",
        "goals": "Repérer tôt, orienter, et mesurer l’effet selon une méthode de recherche-action.",
        "publics": ["familles", "residents-qpv-frr"],
        "public_precision": "Enfants de 0 à 3 ans et leurs parents.",
        "places": ["BAS-CLICHY"],
        "pilots": ["sante", "pmi"],
        "partners": [
            ("recherche-sante", "Méthode de recherche-action"),
            ("service-social", "Repérage"),
            ("petite-enfance", "Repérage"),
            ("orcod", "Conditions de logement"),
        ],
        "visibility": Visibility.MEMBERS,
        "created": datetime.date(2018, 1, 15),
        "starts_on": datetime.date(2018, 9, 1),
        "ends_in": 500,
        "steps": [
            ("construction", datetime.date(2018, 1, 15), "Constat partagé PMI – service social."),
            ("ongoing", datetime.date(2019, 9, 1), "Protocole de recherche validé."),
        ],
        "indicators": [
            {
                "name": "Enfants repérés et orientés",
                "unit": "enfants",
                "direction": "up",
                "baseline": (datetime.date(2019, 9, 1), 0),
                "targets": {2026: 120},
                "series": {2020: 21, 2021: 38, 2022: 55, 2023: 71, 2024: 84, 2025: 97},
            },
        ],
        "milestones": [
            (
                "Protocole de recherche validé",
                datetime.date(2019, 6, 30),
                datetime.date(2019, 9, 1),
            ),
        ],
        "relative_milestones": [("Rapport d’évaluation", 180)],
        "means": [
            ("budget", None, "Agence régionale de santé", 2025, "25000", "Contrat local de santé"),
        ],
    },
    {
        "code": "4.3.1",
        "objective": "4.3",
        "title": "Refonte des aides facultatives du CCAS",
        "summary": "Revoir le règlement des aides facultatives du CCAS avec les partenaires "
        "pour qu’elles complètent les aides légales.",
        "constat": "Les aides facultatives doublonnaient certaines aides légales.",
        "goals": "Un règlement lisible, partagé avec les partenaires.",
        "publics": ["beneficiaires-des-minimas-sociaux"],
        "public_precision": "",
        "pilots": ["ccas"],
        "partners": [("service-social", "Relecture du règlement"), ("caf", "Articulation")],
        "visibility": Visibility.PUBLIC,
        "created": datetime.date(2014, 1, 20),
        "starts_on": datetime.date(2014, 3, 1),
        "ends_on": datetime.date(2015, 6, 30),
        "steps": [
            ("construction", datetime.date(2014, 3, 1), "Groupe de travail constitué."),
            ("done", datetime.date(2015, 6, 30), "Nouveau règlement adopté."),
        ],
        "indicators": [],
        "milestones": [
            (
                "Règlement adopté par le conseil d’administration",
                datetime.date(2015, 6, 1),
                datetime.date(2015, 6, 25),
            )
        ],
        "means": [],
    },
]

# Essaimage (docs/programme.md): the garderie éphémère offered to the other territories as
# a fiche inspirante. Its figures are the demo's own, invented like them.
INSPIRING_GARDERIE = {
    "code": "2.2.1",
    "summary": "Une garde ponctuelle et gratuite des enfants de moins de 6 ans, dans les "
    "deux centres sociaux, pendant que leurs parents suivent un atelier, un rendez-vous "
    "d’insertion ou une démarche. Elle lève le premier frein que citaient les parents : "
    "« je n’ai personne pour garder les petits ». Elle sert partout où les modes de garde "
    "manquent pour les besoins ponctuels.",
    "resources": "Deux professionnelles de la petite enfance mises à disposition par une "
    "association d’insertion (E2S), une salle équipée dans chaque centre social, un "
    "financement CAF en prestation de service (environ 40 000 € par an), l’orientation des "
    "parents par la DEFI et le service petite enfance. Un an de préparation en groupe de "
    "travail avec la CAF avant l’ouverture ; des créneaux fixes (deux demi-journées par "
    "semaine et par centre) affichés à l’avance. " + INVENTED,
    "contacts": "Les deux centres sociaux (Haut-Clichy et Bas-Clichy), accueil de la "
    "garderie ; la coordination du projet social de territoire (Direction des Solidarités "
    "de la ville).",
    "results": "137 enfants accueillis en 2025 (48 la première année) ; 50 parents ont suivi "
    "une démarche d’insertion pendant la garde ; des parents qui ne venaient pas au centre "
    "social participent désormais à ses ateliers. " + INVENTED,
    "visibility": "public",
}
