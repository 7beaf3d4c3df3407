"""The réseau of the demo territory: services of the seeds' partners in the
data·inclusion model, contact points for housing, care, childcare and employment, and a
few step-by-step procedures. Loaded through the services users call; idempotent.

Phone numbers and e-mail addresses are invented (01 00 00 00 …, @demo.maillage.fr)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from maillage.core.demo import DemoContext
from maillage.core.roles import Visibility
from maillage.network import services
from maillage.network.models import ContactPoint, NetworkSettings, Procedure, Service
from maillage.territories.models import GeoUnit

CLICHY = "clichy-sous-bois"
DOMAIN = "demo.maillage.fr"
HOUSING = "logement-hebergement--se-maintenir-dans-le-logement"

# key, organisation, name, age in days, fields, partners
SERVICES: list[tuple[str, str, str, int, dict[str, Any], list[str]]] = [
    (
        "ccas-maintien",
        "ccas",
        "Aide au maintien dans le logement",
        40,
        {
            "description": "Le CCAS reçoit les ménages en difficulté pour payer leur loyer ou leurs charges : diagnostic budgétaire, aide financière facultative, montage du dossier de Fonds de solidarité logement et lien avec le bailleur pour éviter l’expulsion.",
            "type": "accompagnement",
            "thematiques": [
                HOUSING,
                "logement-hebergement--reduire-les-impayes-de-loyer",
                "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere",
            ],
            "publics": ["familles", "beneficiaires-des-minimas-sociaux", "seniors"],
            "frais": "gratuit",
            "modes_accueil": ["en-presentiel"],
            "modes_mobilisation": ["telephoner", "se-presenter"],
            "mobilisable_par": ["usagers", "professionnels"],
            "telephone": "01 00 00 00 11",
            "courriel": f"ccas@{DOMAIN}",
            "adresse": "Hôtel de ville, place du 11 Novembre 1918",
            "code_postal": "93390",
            "commune": "Clichy-sous-Bois",
            "code_insee": "93014",
            "horaires_accueil": "Mo-Fr 08:30-12:00,13:30-17:30",
            "zone_eligibilite": ["93014"],
        },
        [],
    ),
    (
        "ccas-domiciliation",
        "ccas",
        "Domiciliation administrative",
        420,
        {
            "description": "Une adresse pour recevoir son courrier et faire valoir ses droits quand on n’a pas de domicile stable. Le CCAS instruit la demande et remet une attestation d’élection de domicile.",
            "type": "aide-materielle",
            "thematiques": [
                "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
                "logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
            ],
            "publics": ["personnes-en-situation-durgence"],
            "frais": "gratuit",
            "modes_accueil": ["en-presentiel"],
            "modes_mobilisation": ["se-presenter"],
            "mobilisable_par": ["usagers"],
            "telephone": "01 00 00 00 11",
            "commune": "Clichy-sous-Bois",
            "code_postal": "93390",
            "zone_eligibilite": ["93014"],
        },
        [],
    ),
    (
        "ss-expulsions",
        "service-social",
        "Accompagnement social et prévention des expulsions",
        200,
        {
            "description": "Les assistantes sociales de secteur accompagnent les familles dans leurs difficultés : accès aux droits, budget, logement. Elles interviennent dès l’assignation pour prévenir l’expulsion locative, avec la commission de coordination des actions de prévention.",
            "type": "accompagnement",
            "thematiques": [
                HOUSING,
                "logement-hebergement--reduire-les-impayes-de-loyer",
                "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
            ],
            "publics": ["tous-publics"],
            "frais": "gratuit",
            "modes_accueil": ["en-presentiel", "a-distance"],
            "modes_mobilisation": ["telephoner"],
            "mobilisable_par": ["usagers", "professionnels"],
            "telephone": "01 00 00 00 21",
            "commune": "Clichy-sous-Bois",
            "code_postal": "93390",
            "code_insee": "93014",
            "zone_eligibilite": ["93014"],
        },
        ["ccas", "caf", "bailleurs"],
    ),
    (
        "caf-impayes",
        "caf",
        "Accompagnement des familles en impayé de loyer",
        90,
        {
            "description": "Quand une famille allocataire a un impayé de loyer, un travailleur social de la CAF propose un rendez-vous pour examiner la situation, maintenir l’aide au logement et construire un plan d’apurement avec le bailleur.",
            "type": "accompagnement",
            "thematiques": ["logement-hebergement--reduire-les-impayes-de-loyer", HOUSING],
            "publics": ["familles"],
            "frais": "gratuit",
            "modes_accueil": ["a-distance", "en-presentiel"],
            "modes_mobilisation": ["utiliser-lien-mobilisation", "telephoner"],
            "mobilisable_par": ["usagers", "professionnels"],
            "telephone": "3230",
            "lien_mobilisation": "https://www.caf.fr/",
            "zone_eligibilite": ["93"],
        },
        ["bailleurs"],
    ),
    (
        "caf-droits",
        "caf",
        "Rendez-vous des droits",
        30,
        {
            "description": "Un entretien pour faire le point sur l’ensemble des prestations et aides auxquelles la famille peut prétendre : prestations familiales, aides au logement, prime d’activité, complémentaire santé solidaire.",
            "type": "information",
            "thematiques": [
                "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"
            ],
            "publics": ["familles", "beneficiaires-des-minimas-sociaux"],
            "frais": "gratuit",
            "modes_accueil": ["en-presentiel"],
            "modes_mobilisation": ["telephoner"],
            "mobilisable_par": ["usagers", "professionnels"],
            "telephone": "3230",
            "zone_eligibilite": ["93"],
        },
        [],
    ),
    (
        "pmi-consultations",
        "pmi",
        "Consultations de PMI",
        60,
        {
            "description": "Suivi médical préventif gratuit des enfants de moins de 6 ans, vaccinations, conseils de puériculture, accompagnement des futurs parents et des jeunes parents.",
            "type": "accompagnement",
            "thematiques": [
                "sante--acces-aux-soins",
                "famille--soutien-a-la-parentalite-et-a-leducation",
            ],
            "publics": ["familles"],
            "frais": "gratuit",
            "modes_accueil": ["en-presentiel"],
            "modes_mobilisation": ["telephoner", "se-presenter"],
            "mobilisable_par": ["usagers", "professionnels"],
            "telephone": "01 00 00 00 31",
            "commune": "Clichy-sous-Bois",
            "code_postal": "93390",
            "zone_eligibilite": ["93014"],
            "horaires_accueil": "Mo-Fr 09:00-17:00",
        },
        [],
    ),
    (
        "garderie",
        "cs-haut",
        "Garderie éphémère",
        20,
        {
            "description": "Un mode de garde ponctuel pour les enfants de moins de 6 ans pendant que leurs parents suivent une formation, passent un entretien d’embauche ou font une démarche. Ouverte dans les deux centres sociaux avec des professionnelles de la petite enfance.",
            "type": "aide-materielle",
            "thematiques": [
                "famille--garde-denfants",
                "trouver-un-emploi--convaincre-un-recruteur-en-entretien",
            ],
            "publics": ["familles", "demandeurs-emploi"],
            "frais": "gratuit",
            "modes_accueil": ["en-presentiel"],
            "modes_mobilisation": ["telephoner", "se-presenter"],
            "mobilisable_par": ["usagers", "professionnels"],
            "telephone": "01 00 00 00 41",
            "commune": "Clichy-sous-Bois",
            "code_postal": "93390",
            "zone_eligibilite": ["93014"],
            "horaires_accueil": "Mo,Tu,Th 09:00-12:00",
        },
        ["cs-bas", "e2s", "caf"],
    ),
    (
        "ram-info",
        "ram",
        "Information des parents sur l’accueil individuel",
        150,
        {
            "description": "Le relais informe les parents sur les modes d’accueil du jeune enfant, les met en relation avec des assistantes maternelles agréées et les accompagne dans leur rôle d’employeur.",
            "type": "information",
            "thematiques": ["famille--garde-denfants"],
            "publics": ["familles"],
            "frais": "gratuit",
            "modes_accueil": ["en-presentiel", "a-distance"],
            "modes_mobilisation": ["telephoner", "envoyer-un-courriel"],
            "mobilisable_par": ["usagers"],
            "telephone": "01 00 00 00 42",
            "courriel": f"ram@{DOMAIN}",
            "zone_eligibilite": ["93014"],
        },
        ["addai"],
    ),
    (
        "ml-accompagnement",
        "mission-locale",
        "Accompagnement des jeunes vers l’emploi",
        250,
        {
            "description": "Un conseiller suit chaque jeune de 16 à 25 ans dans son projet : orientation, formation, emploi, mais aussi santé, logement et mobilité. Accès au Contrat d’engagement jeune.",
            "type": "accompagnement",
            "thematiques": [
                "trouver-un-emploi--repondre-a-des-offres-demploi",
                "choisir-un-metier--identifier-ses-points-forts-et-ses-competences",
                "se-former--trouver-sa-formation",
            ],
            "publics": ["jeunes"],
            "frais": "gratuit",
            "modes_accueil": ["en-presentiel"],
            "modes_mobilisation": ["telephoner", "se-presenter"],
            "mobilisable_par": ["usagers", "professionnels"],
            "telephone": "01 00 00 00 51",
            "commune": "Clichy-sous-Bois",
            "code_postal": "93390",
            "zone_eligibilite": ["93014"],
        },
        [],
    ),
    (
        "habitat-copro",
        "maison-habitat",
        "Conseil aux locataires et copropriétaires",
        500,
        {
            "description": "Information sur les droits et devoirs des locataires et des copropriétaires, accompagnement des copropriétés en difficulté, orientation vers les aides à la rénovation et lutte contre l’habitat indigne.",
            "type": "information",
            "thematiques": [
                HOUSING,
                "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",
            ],
            "publics": ["tous-publics"],
            "frais": "gratuit",
            "modes_accueil": ["en-presentiel"],
            "modes_mobilisation": ["se-presenter", "telephoner"],
            "mobilisable_par": ["usagers", "professionnels"],
            "telephone": "01 00 00 00 61",
            "commune": "Clichy-sous-Bois",
            "code_postal": "93390",
            "zone_eligibilite": ["93014"],
        },
        ["orcod", "hygiene"],
    ),
    (
        "defi-clause",
        "defi",
        "Parcours d’insertion par la clause sociale",
        100,
        {
            "description": "Le guichet unique de la clause d’insertion oriente les demandeurs d’emploi vers les heures d’insertion prévues dans les marchés publics du territoire et accompagne leur parcours.",
            "type": "accompagnement",
            "thematiques": [
                "trouver-un-emploi--repondre-a-des-offres-demploi",
                "trouver-un-emploi--maintien-dans-lemploi",
            ],
            "publics": ["demandeurs-emploi", "residents-qpv-frr"],
            "frais": "gratuit",
            "modes_accueil": ["en-presentiel"],
            "modes_mobilisation": ["envoyer-un-courriel"],
            "mobilisable_par": ["professionnels"],
            "courriel": f"defi@{DOMAIN}",
            "zone_eligibilite": ["93014"],
        },
        ["marches", "france-travail"],
    ),
    (
        "seniors-isolement",
        "seniors",
        "Prévention de l’isolement des seniors",
        380,
        {
            "description": "Accueil, ateliers, visites de convivialité et repérage des personnes âgées isolées ; aide aux démarches d’accès aux droits et au maintien à domicile.",
            "type": "atelier",
            "thematiques": [
                "remobilisation--lien-social",
                "famille--prise-en-charge-personne-dependante",
            ],
            "publics": ["seniors"],
            "frais": "gratuit",
            "modes_accueil": ["en-presentiel"],
            "modes_mobilisation": ["se-presenter", "telephoner"],
            "mobilisable_par": ["usagers", "professionnels"],
            "telephone": "01 00 00 00 71",
            "zone_eligibilite": ["93014"],
        },
        [],
    ),
    (
        "mjd-permanences",
        "mjd",
        "Permanences d’accès au droit",
        70,
        {
            "description": "Avocats, conciliateurs, associations d’aide aux victimes et de médiation familiale tiennent des permanences gratuites et confidentielles : logement, famille, travail, dettes.",
            "type": "information",
            "thematiques": [
                "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire",
                "famille--surmonter-conflits-separation-violence",
            ],
            "publics": ["tous-publics"],
            "frais": "gratuit",
            "modes_accueil": ["en-presentiel"],
            "modes_mobilisation": ["telephoner"],
            "mobilisable_par": ["usagers", "professionnels"],
            "telephone": "01 00 00 00 81",
            "zone_eligibilite": ["93014"],
        },
        [],
    ),
    (
        "cs-bas-parents",
        "cs-bas",
        "Accueil parents-enfants",
        45,
        {
            "description": "Un lieu d’accueil et d’échanges pour les parents et leurs jeunes enfants, des ateliers parentalité et des sorties familiales.",
            "type": "atelier",
            "thematiques": ["famille--soutien-a-la-parentalite-et-a-leducation"],
            "publics": ["familles"],
            "frais": "gratuit",
            "modes_accueil": ["en-presentiel"],
            "modes_mobilisation": ["se-presenter"],
            "mobilisable_par": ["usagers"],
            "zone_eligibilite": ["93014"],
        },
        ["caf"],
    ),
    (
        "msp-demarches",
        "msp",
        "Aide aux démarches administratives en ligne",
        210,
        {
            "description": "Des agents accompagnent chacun dans ses démarches en ligne : CAF, assurance maladie, impôts, France Travail, titres de séjour ; accès libre à des ordinateurs.",
            "type": "accompagnement",
            "thematiques": [
                "numerique--acceder-a-des-services-en-ligne",
                "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
            ],
            "publics": ["tous-publics"],
            "frais": "gratuit",
            "modes_accueil": ["en-presentiel"],
            "modes_mobilisation": ["se-presenter"],
            "mobilisable_par": ["usagers"],
            "zone_eligibilite": ["93014"],
        },
        [],
    ),
    (
        "logement-social-demande",
        "logement-social",
        "Enregistrement de la demande de logement social",
        15,
        {
            "description": "Le pôle enregistre et renouvelle les demandes de logement social, informe sur les délais et présente les candidatures sur le contingent communal.",
            "type": "information",
            "thematiques": [
                "logement-hebergement--louer-un-logement",
                "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",
            ],
            "publics": ["tous-publics"],
            "frais": "gratuit",
            "modes_accueil": ["en-presentiel"],
            "modes_mobilisation": ["se-presenter"],
            "mobilisable_par": ["usagers"],
            "zone_eligibilite": ["93014"],
        },
        [],
    ),
    (
        "sante-asv",
        "sante",
        "Orientation vers les soins",
        330,
        {
            "description": "L’Atelier Santé Ville aide les habitants à trouver un médecin traitant, à ouvrir leurs droits à l’assurance maladie et oriente vers les centres de santé et la permanence d’accès aux soins.",
            "type": "accompagnement",
            "thematiques": ["sante--acces-aux-soins", "sante--sante-mentale"],
            "publics": ["tous-publics"],
            "frais": "gratuit",
            "modes_accueil": ["en-presentiel", "a-distance"],
            "modes_mobilisation": ["telephoner"],
            "mobilisable_par": ["usagers", "professionnels"],
            "telephone": "01 00 00 00 91",
            "zone_eligibilite": ["93014"],
        },
        ["pmi"],
    ),
    (
        "adsea-prevention",
        "adsea",
        "Prévention spécialisée",
        60,
        {
            "description": "Des éducateurs de rue vont à la rencontre des jeunes de 11 à 25 ans en difficulté et de leurs familles, dans les quartiers, et les accompagnent dans leurs projets.",
            "type": "accompagnement",
            "thematiques": [
                "remobilisation--lien-social",
                "famille--soutien-a-la-parentalite-et-a-leducation",
            ],
            "publics": ["jeunes"],
            "frais": "gratuit",
            "modes_accueil": ["en-presentiel"],
            "modes_mobilisation": ["telephoner"],
            "mobilisable_par": ["professionnels", "usagers"],
            "zone_eligibilite": ["93014"],
        },
        [],
    ),
]

PARTNERS_ONLY = {"ss-expulsions", "adsea-prevention"}
BAS_CLICHY = {"cs-bas-parents", "habitat-copro"}

# thematique, organisation, service key, function, phone, email, hours, notes, quarter
CONTACTS: list[tuple[str, str, str | None, str, str, str, str, str, str | None]] = [
    (
        "logement-hebergement",
        "service-social",
        "ss-expulsions",
        "Référente prévention des expulsions",
        "01 00 00 01 01",
        f"prevention-expulsions@{DOMAIN}",
        "Lundi au vendredi, 9 h – 12 h",
        "À saisir dès le premier impayé ou l’assignation : ne pas attendre le commandement de quitter les lieux.",
        None,
    ),
    (
        HOUSING,
        "ccas",
        "ccas-maintien",
        "Conseillère en économie sociale et familiale",
        "01 00 00 01 02",
        f"cesf@{DOMAIN}",
        "Sur rendez-vous",
        "Instruit les demandes d’aide facultative et prépare le dossier FSL maintien.",
        None,
    ),
    (
        "logement-hebergement--louer-un-logement",
        "logement-social",
        "logement-social-demande",
        "Chargé de la demande de logement social",
        "01 00 00 01 03",
        f"demande-logement@{DOMAIN}",
        "Mardi et jeudi après-midi",
        "",
        None,
    ),
    (
        "logement-hebergement",
        "maison-habitat",
        "habitat-copro",
        "Conseiller habitat du Bas-Clichy",
        "01 00 00 01 04",
        f"habitat@{DOMAIN}",
        "Mercredi 14 h – 17 h",
        "Copropriétés de l’ORCOD : relogement et accompagnement social.",
        "BAS-CLICHY",
    ),
    (
        "sante",
        "sante",
        "sante-asv",
        "Coordinateur de l’Atelier Santé Ville",
        "01 00 00 02 01",
        f"asv@{DOMAIN}",
        "",
        "",
        None,
    ),
    (
        "sante--acces-aux-soins",
        "pmi",
        "pmi-consultations",
        "Puéricultrice de PMI",
        "01 00 00 02 02",
        "",
        "Lundi au vendredi",
        "Pour les enfants de moins de 6 ans et les futurs parents.",
        None,
    ),
    (
        "famille--garde-denfants",
        "cs-haut",
        "garderie",
        "Référente de la garderie éphémère",
        "01 00 00 03 01",
        f"garderie@{DOMAIN}",
        "Lundi, mardi, jeudi matin",
        "Prévenir la veille pour une place.",
        None,
    ),
    (
        "famille--garde-denfants",
        "ram",
        "ram-info",
        "Animatrice du relais petite enfance",
        "01 00 00 03 02",
        f"ram@{DOMAIN}",
        "",
        "",
        None,
    ),
    (
        "trouver-un-emploi",
        "mission-locale",
        "ml-accompagnement",
        "Conseillère en insertion (16-25 ans)",
        "01 00 00 04 01",
        f"mission-locale@{DOMAIN}",
        "Lundi au vendredi",
        "",
        None,
    ),
    (
        "trouver-un-emploi",
        "defi",
        "defi-clause",
        "Chargé de la clause d’insertion",
        "",
        f"clause@{DOMAIN}",
        "",
        "Orientation par un professionnel seulement.",
        None,
    ),
]

PROCEDURES: list[dict[str, Any]] = [
    {
        "title": "Demander une aide au maintien dans le logement",
        "summary": "Quand une famille ne parvient plus à payer son loyer, une aide du Fonds de solidarité logement (FSL maintien) peut apurer la dette si un plan est construit avec le bailleur. Plus la démarche est engagée tôt, plus l’expulsion est évitable.",
        "thematique": HOUSING,
        "organisation": "service-social",
        "documents": "Bail et dernier avis d’échéance\nDécompte de la dette locative du bailleur\nJustificatifs de ressources des trois derniers mois\nNotification CAF des aides au logement\nRelevé d’identité bancaire",
        "delays": "Environ un mois entre le dépôt du dossier complet et la décision",
        "steps": [
            {
                "title": "Repérer l’impayé",
                "actor_label": "Le bailleur, la CAF ou tout professionnel",
                "actor_organisation": "bailleurs",
                "description": "Dès le deuxième mois d’impayé, le bailleur signale la situation à la CAF et propose un rendez-vous à la famille.",
                "documents": "",
                "delay": "Dès le 2e mois d’impayé",
            },
            {
                "title": "Rencontrer un travailleur social",
                "actor_label": "La famille, avec l’assistante sociale de secteur ou la CESF du CCAS",
                "actor_organisation": "service-social",
                "description": "Diagnostic de la situation budgétaire, vérification des droits (aides au logement, prestations), reprise du paiement du loyer courant.",
                "documents": "Justificatifs de ressources\nAvis d’échéance",
                "delay": "Rendez-vous sous 15 jours",
            },
            {
                "title": "Constituer le dossier FSL maintien",
                "actor_label": "Le travailleur social",
                "actor_organisation": "ccas",
                "description": "Le dossier réunit l’accord du bailleur sur un plan d’apurement et les pièces de la famille.",
                "documents": "Accord du bailleur\nDécompte de la dette",
                "delay": "",
            },
            {
                "title": "Décision de la commission FSL",
                "actor_label": "Le Département",
                "actor_organisation": "departement",
                "description": "La commission accorde une subvention, un prêt ou un refus motivé ; la famille et le bailleur sont informés.",
                "documents": "",
                "delay": "Un mois environ",
            },
            {
                "title": "Versement et suivi",
                "actor_label": "Le bailleur et le travailleur social",
                "actor_organisation": "caf",
                "description": "L’aide est versée au bailleur ; le travailleur social suit le respect du plan et la reprise du loyer.",
                "documents": "",
                "delay": "",
            },
        ],
        "services": ["ccas-maintien", "ss-expulsions", "caf-impayes"],
        "contacts": [
            "Référente prévention des expulsions",
            "Conseillère en économie sociale et familiale",
        ],
        "visibility": Visibility.PUBLIC,
    },
    {
        "title": "Orienter une famille vers la garderie éphémère",
        "summary": "Pour qu’un parent puisse se rendre à une formation, un entretien ou une démarche, la garderie éphémère accueille ponctuellement ses enfants de moins de 6 ans dans les centres sociaux.",
        "thematique": "famille--garde-denfants",
        "organisation": "cs-haut",
        "documents": "Carnet de santé de l’enfant (vaccinations)\nAttestation d’assurance responsabilité civile",
        "delays": "Réserver la veille au plus tard",
        "steps": [
            {
                "title": "Vérifier le besoin",
                "actor_label": "Le professionnel qui accompagne le parent",
                "actor_organisation": None,
                "description": "La garde doit permettre une démarche d’insertion, de formation ou d’accès aux droits.",
                "documents": "",
                "delay": "",
            },
            {
                "title": "Réserver une place",
                "actor_label": "Le parent ou le professionnel",
                "actor_organisation": "cs-haut",
                "description": "Appeler la référente de la garderie éphémère.",
                "documents": "",
                "delay": "La veille",
            },
            {
                "title": "Accueil de l’enfant",
                "actor_label": "Les professionnelles de la petite enfance",
                "actor_organisation": "e2s",
                "description": "",
                "documents": "Carnet de santé",
                "delay": "",
            },
        ],
        "services": ["garderie", "ram-info"],
        "contacts": ["Référente de la garderie éphémère"],
        "visibility": Visibility.PUBLIC,
    },
    {
        "title": "Faire une demande de logement social",
        "summary": "La demande est unique en Île-de-France : elle s’enregistre en ligne ou auprès d’un guichet, et se renouvelle chaque année.",
        "thematique": "logement-hebergement--louer-un-logement",
        "organisation": "logement-social",
        "documents": "Pièce d’identité ou titre de séjour\nDernier avis d’imposition",
        "delays": "Numéro unique délivré sous un mois ; renouvellement chaque année",
        "steps": [
            {
                "title": "Enregistrer la demande",
                "actor_label": "Le demandeur, aidé si besoin par le pôle logement social",
                "actor_organisation": "logement-social",
                "description": "En ligne ou au guichet ; un numéro unique est attribué.",
                "documents": "",
                "delay": "Un mois",
            },
            {
                "title": "Mettre à jour la demande",
                "actor_label": "Le demandeur",
                "actor_organisation": None,
                "description": "Signaler tout changement de situation et renouveler chaque année.",
                "documents": "",
                "delay": "Chaque année",
            },
        ],
        "services": ["logement-social-demande"],
        "contacts": ["Chargé de la demande de logement social"],
        "visibility": Visibility.PARTNERS,
    },
]


def load(ctx: DemoContext) -> None:
    territory = ctx.territories[CLICHY]
    orgs = ctx.organisations
    if not NetworkSettings.objects.filter(territory=territory).exists():
        services.update_rules(
            actor=None,
            territory=territory,
            update_advised_after_months=6,
            update_required_after_months=12,
            reminders_enabled=True,
            reminder_interval_days=30,
        )
    quarters = {u.code: u for u in GeoUnit.objects.filter(territory=territory)}
    today = timezone.localdate()
    by_key: dict[str, Service] = {}
    for key, org_key, name, age, fields, partners in SERVICES:
        organisation = orgs[org_key]
        service = Service.objects.filter(
            territory=territory, organisation=organisation, name=name
        ).first()
        if service is None:
            service = services.create_service(
                actor=None,
                territory=territory,
                organisation=organisation,
                name=name,
                date_maj=today - datetime.timedelta(days=age),
                visibility=Visibility.PARTNERS if key in PARTNERS_ONLY else Visibility.PUBLIC,
                partners=[orgs[p] for p in partners],
                geounits=[quarters["BAS-CLICHY"]]
                if key in BAS_CLICHY and "BAS-CLICHY" in quarters
                else [],
                **fields,
            )
        by_key[key] = service
    contacts: dict[str, ContactPoint] = {}
    for thematique, org_key, service_key, function, phone, email, hours, notes, quarter in CONTACTS:
        organisation = orgs[org_key]
        contact = ContactPoint.objects.filter(
            territory=territory, organisation=organisation, function=function
        ).first()
        if contact is None:
            contact = services.create_contact_point(
                actor=None,
                territory=territory,
                thematique=thematique,
                organisation=organisation,
                service=by_key.get(service_key) if service_key else None,
                function=function,
                phone=phone,
                email=email,
                hours=hours,
                notes=notes,
                geounit=quarters.get(quarter) if quarter else None,
                checked_on=today - datetime.timedelta(days=30),
                visibility=Visibility.PARTNERS
                if org_key == "service-social"
                else Visibility.PUBLIC,
            )
        contacts[function] = contact
    for item in PROCEDURES:
        if Procedure.objects.filter(territory=territory, title=item["title"]).exists():
            continue
        services.create_procedure(
            actor=None,
            territory=territory,
            title=item["title"],
            summary=item["summary"],
            thematique=item["thematique"],
            organisation=orgs[item["organisation"]],
            documents=item["documents"],
            delays=item["delays"],
            visibility=item["visibility"],
            checked_on=today - datetime.timedelta(days=10),
            steps=[
                {
                    **step,
                    "actor_organisation": orgs[step["actor_organisation"]]
                    if step["actor_organisation"]
                    else None,
                }
                for step in item["steps"]
            ],
            services=[by_key[k] for k in item["services"]],
            contact_points=[contacts[f] for f in item["contacts"]],
        )
    ctx.log(
        f"  {Service.objects.filter(territory=territory).count()} services, "
        f"{ContactPoint.objects.filter(territory=territory).count()} interlocuteurs, "
        f"{Procedure.objects.filter(territory=territory).count()} démarches"
    )
