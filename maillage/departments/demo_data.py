"""The data of the departmental demo (``demo.py`` loads it): two more communes of
Seine-Saint-Denis with a small projet social de territoire each, and figures for the
département's communes.

Everything about Montfermeil's and Coubron's PST — axes, fiches, bodies, decisions, the
convention — is invented for the demonstration and says so (``INVENTED_NOTICE``). The people
are invented too. The communes' names and INSEE codes are the official ones (code officiel
géographique, read from the @etalab/decoupage-administratif package, MIT licence); their
populations are the legal populations that package ships, rounded to the hundred; every
poverty rate, fiscal household count and median standard of living is invented, in plausible
orders of magnitude.
"""

from __future__ import annotations

from dataclasses import dataclass, field

INVENTED_NOTICE = (
    "Contenu inventé pour la démonstration : ce projet social de territoire, ses fiches "
    "actions, ses instances, ses décisions et sa convention n’existent pas. Les personnes "
    "sont inventées."
)
FIGURES_SOURCE = (
    "Données de démonstration : populations arrondies d’après les populations légales de "
    "l’INSEE ; taux de pauvreté, ménages fiscaux et niveaux de vie inventés"
)
FIGURES_PERIOD = 2020

# INSEE code, name, legal population (rounded to the hundred), invented poverty rate (%).
# Clichy-sous-Bois's row is replaced by the observatory demo's own figures when loaded.
SSD_COMMUNES: list[tuple[str, str, int, str]] = [
    ("93001", "Aubervilliers", 88400, "42,8"),
    ("93005", "Aulnay-sous-Bois", 87600, "26,9"),
    ("93006", "Bagnolet", 43100, "27,4"),
    ("93007", "Le Blanc-Mesnil", 62400, "30,1"),
    ("93008", "Bobigny", 56900, "38,7"),
    ("93010", "Bondy", 50600, "31,2"),
    ("93013", "Le Bourget", 15900, "30,6"),
    ("93014", "Clichy-sous-Bois", 29400, "40,2"),
    ("93015", "Coubron", 5200, "8,9"),
    ("93027", "La Courneuve", 47200, "42,5"),
    ("93029", "Drancy", 72400, "28,8"),
    ("93030", "Dugny", 11700, "26,7"),
    ("93031", "Épinay-sur-Seine", 52800, "33,9"),
    ("93032", "Gagny", 42300, "17,3"),
    ("93033", "Gournay-sur-Marne", 7300, "7,8"),
    ("93039", "L’Île-Saint-Denis", 8700, "35,2"),
    ("93045", "Les Lilas", 23800, "15,4"),
    ("93046", "Livry-Gargan", 47200, "15,9"),
    ("93047", "Montfermeil", 28700, "27,6"),
    ("93048", "Montreuil", 111900, "25,3"),
    ("93049", "Neuilly-Plaisance", 21900, "13,8"),
    ("93050", "Neuilly-sur-Marne", 39800, "19,7"),
    ("93051", "Noisy-le-Grand", 73000, "18,9"),
    ("93053", "Noisy-le-Sec", 45500, "27,1"),
    ("93055", "Pantin", 61900, "28,6"),
    ("93057", "Les Pavillons-sous-Bois", 25800, "12,9"),
    ("93061", "Le Pré-Saint-Gervais", 17000, "25,8"),
    ("93062", "Le Raincy", 14700, "10,6"),
    ("93063", "Romainville", 37200, "23,7"),
    ("93064", "Rosny-sous-Bois", 47200, "21,4"),
    ("93066", "Saint-Denis", 149100, "38,9"),
    ("93070", "Saint-Ouen-sur-Seine", 53600, "28,7"),
    ("93071", "Sevran", 52500, "32,8"),
    ("93072", "Stains", 41400, "37,6"),
    ("93073", "Tremblay-en-France", 38300, "17,2"),
    ("93074", "Vaujours", 8000, "10,2"),
    ("93077", "Villemomble", 29800, "16,1"),
    ("93078", "Villepinte", 41500, "25,9"),
    ("93079", "Villetaneuse", 12500, "37,9"),
]


def household_figures(population: int, rate: str) -> tuple[int, int]:
    """Invented fiscal households (about one for 2.6 inhabitants) and a median standard of
    living that falls as the poverty rate rises."""
    households = round(population / 2.6 / 10) * 10
    median = round((27000 - 330 * float(rate.replace(",", "."))) / 10) * 10
    return households, median


# key, name, acronym, kind, parent key, description
Org = tuple[str, str, str, str, str | None, str]


@dataclass
class ActionSpec:
    code: str
    title: str
    objective: str
    summary: str
    pilots: list[str]
    partners: list[tuple[str, str]]
    publics: list[str]
    # (status, days before the load day) in order; the fiche is entered 420 days before.
    steps: list[tuple[str, int]] = field(default_factory=list)
    # (title, days from the load day: negative is past, done?)
    milestones: list[tuple[str, int, bool]] = field(default_factory=list)


@dataclass
class DecisionSpec:
    text: str
    task: str
    owner: str
    due_in: int  # days from the load day; negative: overdue unless done
    done: bool = False


@dataclass
class MeetingSpec:
    body: str
    title: str
    days_ago: int  # negative: a meeting to come
    items: list[tuple[str, str]]  # agenda item title, minutes text
    general: str = ""
    decisions: list[DecisionSpec] = field(default_factory=list)


@dataclass
class BodySpec:
    name: str
    short_name: str
    kind: str
    theme: str
    members: list[str]
    rhythm: str


@dataclass
class CommuneSpec:
    key: str
    name: str
    slug: str
    insee_code: str
    description: str
    sharing: dict[str, str]
    organisations: list[Org]
    coordinator: tuple[str, str, str]  # email local part, full name, job title
    axes: list[tuple[int, str, str, str, list[tuple[str, str]]]]
    actions: list[ActionSpec]
    bodies: list[BodySpec]
    meetings: list[MeetingSpec]
    convention: tuple[str, str, int, int]  # title, summary, signed days ago, review in days
    commitments: list[tuple[str, str | None]]


def _levels(details: tuple[str, ...]) -> dict[str, str]:
    from maillage.core.sharing import CAPABILITIES, Level

    return {
        capability: str(Level.DETAILS if capability in details else Level.AGGREGATES)
        for capability in CAPABILITIES
    }


MONTFERMEIL = CommuneSpec(
    key="montfermeil",
    name="Montfermeil",
    slug="montfermeil",
    insee_code="93047",
    description=INVENTED_NOTICE
    + "\n\nCommune voisine de Clichy-sous-Bois. Son projet social de territoire de "
    "démonstration compte trois axes ; la PMI et la circonscription de service social du "
    "Département en pilotent plusieurs actions. La commune partage le détail de son "
    "programme et de sa gouvernance avec le Département, le reste en chiffres agrégés.",
    sharing=_levels(("programme", "governance")),
    organisations=[
        ("ville", "Ville de Montfermeil", "", "communes", None, "Commune de Montfermeil."),
        (
            "ccas",
            "Centre communal d’action sociale de Montfermeil",
            "CCAS",
            "ccas-cias",
            "ville",
            "Aides facultatives, accompagnement social (rôle inventé pour la démonstration).",
        ),
        (
            "familles",
            "Maison des familles de Montfermeil (structure inventée)",
            "",
            "association",
            None,
            "Structure inventée pour la démonstration : accueil parents-enfants, ateliers.",
        ),
    ],
    coordinator=(
        "montfermeil",
        "Lina Fermelin",
        "Coordinatrice du projet social de territoire (démonstration)",
    ),
    axes=[
        (
            1,
            "Petite enfance",
            "Accompagner les familles des tout-petits",
            "#000091",
            [
                ("1.1", "Soutenir les parents dès la grossesse"),
                ("1.2", "Développer des solutions d’accueil ponctuel du jeune enfant"),
            ],
        ),
        (
            2,
            "Accès aux droits",
            "Faciliter l’accès aux droits et aux soins",
            "#6a6af4",
            [
                ("2.1", "Aller vers les familles éloignées des services"),
                ("2.2", "Coordonner l’accompagnement social"),
            ],
        ),
        (
            3,
            "Jeunesse",
            "Accompagner les jeunes vers l’autonomie",
            "#009081",
            [("3.1", "Prévenir les ruptures de parcours des 16-25 ans")],
        ),
    ],
    actions=[
        ActionSpec(
            "1.1.1",
            "Consultations de PMI hors les murs",
            "1.1",
            "Des consultations de PMI tenues deux fois par mois à la Maison des familles.",
            ["pmi"],
            [("familles", "Accueil des consultations"), ("ville", "Mise à disposition de salles")],
            ["familles"],
            [("construction", 400), ("ongoing", 300)],
            [("Première consultation délocalisée", -280, True), ("Bilan à un an", -20, False)],
        ),
        ActionSpec(
            "1.1.2",
            "Ateliers parents-bébés",
            "1.1",
            "Des ateliers hebdomadaires animés par une puéricultrice et une animatrice.",
            ["familles"],
            [("pmi", "Animation par une puéricultrice"), ("ccas", "Orientation des familles")],
            ["familles"],
            [("construction", 390), ("ongoing", 250)],
        ),
        ActionSpec(
            "1.2.1",
            "Accueil ponctuel du jeune enfant pendant les démarches des parents",
            "1.2",
            "Faire garder les tout-petits le temps d’un rendez-vous ou d’une formation.",
            ["ville"],
            [("pmi", "Avis sur le projet d’accueil"), ("familles", "Recherche de locaux")],
            ["familles"],
            [("construction", 120)],
            [("Choix du lieu d’accueil", -15, False)],
        ),
        ActionSpec(
            "2.1.1",
            "Permanences d’accès aux droits dans les quartiers",
            "2.1",
            "Une permanence mensuelle commune du CCAS et du service social départemental.",
            ["ccas", "service-social"],
            [("ville", "Communication")],
            ["familles", "beneficiaires-des-minimas-sociaux"],
            [("construction", 380), ("ongoing", 320)],
            [("Ouverture de la deuxième permanence", -60, True)],
        ),
        ActionSpec(
            "2.1.2",
            "Repérage des familles sans suivi de PMI",
            "2.1",
            "Croiser les listes d’inscription scolaire et les suivis de PMI (avec accord).",
            ["pmi"],
            [("service-social", "Visites à domicile"), ("ccas", "Premier contact")],
            ["familles"],
            [("construction", 200), ("suspended", 40)],
        ),
        ActionSpec(
            "2.2.1",
            "Référent de parcours partagé Ville–Département",
            "2.2",
            "Un référent unique pour les familles suivies à la fois par le CCAS et le service "
            "social départemental.",
            ["service-social"],
            [("ccas", "Référents de parcours"), ("pmi", "Suivi des jeunes enfants")],
            ["familles"],
            [("construction", 350), ("ongoing", 210)],
            [("Charte du référent partagé", -90, True), ("Évaluation intermédiaire", -5, False)],
        ),
        ActionSpec(
            "3.1.1",
            "Parcours d’insertion des jeunes parents",
            "3.1",
            "Accompagner vers la formation les jeunes parents de moins de 26 ans.",
            ["ville"],
            [("service-social", "Orientation"), ("pmi", "Lien avec le suivi de l’enfant")],
            ["jeunes", "familles"],
            [("construction", 300), ("ongoing", 150), ("done", 10)],
        ),
        ActionSpec(
            "3.1.2",
            "Forum annuel des jeunes",
            "3.1",
            "Un forum où les jeunes rencontrent les structures qui les accompagnent.",
            ["ville"],
            [("familles", "Animation d’un stand")],
            ["jeunes"],
            [],
        ),
    ],
    bodies=[
        BodySpec(
            "Comité de pilotage du projet social de territoire de Montfermeil",
            "Copil PST",
            "strategic",
            "Pilotage du projet social de territoire (démonstration)",
            ["ville", "ccas", "departement", "pmi", "service-social"],
            "Deux fois par an",
        ),
        BodySpec(
            "Comité technique petite enfance et familles",
            "Cotech familles",
            "technical",
            "Petite enfance, parentalité, accès aux droits (démonstration)",
            ["ville", "ccas", "familles", "pmi", "service-social"],
            "Tous les deux mois",
        ),
    ],
    meetings=[
        MeetingSpec(
            "Comité de pilotage du projet social de territoire de Montfermeil",
            "Comité de pilotage de printemps",
            150,
            [
                ("Bilan de la première année", "Huit fiches actions, six engagées."),
                ("Feuille de route petite enfance", "Priorité à l’accueil ponctuel."),
            ],
            "Séance de démonstration : compte rendu inventé.",
            [
                DecisionSpec(
                    "Étendre les consultations de PMI hors les murs au quartier des Coudreaux.",
                    "Proposer un calendrier de consultations aux Coudreaux",
                    "pmi",
                    -45,
                ),
                DecisionSpec(
                    "Formaliser le circuit d’orientation entre CCAS et service social.",
                    "Rédiger la fiche circuit d’orientation",
                    "service-social",
                    -20,
                ),
                DecisionSpec(
                    "Présenter le projet d’accueil ponctuel au prochain comité.",
                    "Préparer la note de présentation de l’accueil ponctuel",
                    "ville",
                    -60,
                    done=True,
                ),
            ],
        ),
        MeetingSpec(
            "Comité technique petite enfance et familles",
            "Comité technique de rentrée",
            50,
            [("Suivi des ateliers parents-bébés", "Fréquentation en hausse (chiffres fictifs).")],
            "Séance de démonstration : compte rendu inventé.",
            [
                DecisionSpec(
                    "Transmettre les chiffres de fréquentation des consultations délocalisées.",
                    "Transmettre les chiffres de fréquentation au comité",
                    "pmi",
                    -10,
                ),
                DecisionSpec(
                    "Organiser une réunion d’information commune pour les familles.",
                    "Fixer la date de la réunion d’information des familles",
                    "service-social",
                    25,
                ),
            ],
        ),
        MeetingSpec(
            "Comité de pilotage du projet social de territoire de Montfermeil",
            "Comité de pilotage d’automne",
            -35,
            [("Bilan de l’accueil ponctuel du jeune enfant", "")],
        ),
    ],
    convention=(
        "Convention de coopération Ville de Montfermeil – Département (démonstration)",
        "Convention inventée pour la démonstration : la commune et le Département conviennent "
        "de co-piloter les axes petite enfance et accès aux droits, avec la PMI et la "
        "circonscription de service social.",
        540,
        40,
    ),
    commitments=[
        ("Mettre à disposition des locaux pour les consultations de PMI.", "ville"),
        ("Associer la PMI et le service social aux comités techniques.", "departement"),
        ("Partager chaque année le bilan des actions co-pilotées.", None),
    ],
)

COUBRON = CommuneSpec(
    key="coubron",
    name="Coubron",
    slug="coubron",
    insee_code="93015",
    description=INVENTED_NOTICE
    + "\n\nPetite commune de l’est de la Seine-Saint-Denis. Son projet social de territoire "
    "de démonstration compte deux axes. La commune ne partage avec le Département que des "
    "chiffres agrégés : ses fiches et ses décisions restent entre ses partenaires.",
    sharing=_levels(()),
    organisations=[
        ("ville", "Ville de Coubron", "", "communes", None, "Commune de Coubron."),
        (
            "ccas",
            "Centre communal d’action sociale de Coubron",
            "CCAS",
            "ccas-cias",
            "ville",
            "Aides facultatives, accompagnement des seniors (rôle inventé pour la démonstration).",
        ),
    ],
    coordinator=(
        "coubron",
        "Hugo Coubrenel",
        "Chargé de mission solidarités (démonstration)",
    ),
    axes=[
        (
            1,
            "Familles",
            "Soutenir les familles et les jeunes enfants",
            "#000091",
            [
                ("1.1", "Rapprocher les services de PMI des familles"),
                ("1.2", "Prévenir l’isolement des jeunes parents"),
            ],
        ),
        (
            2,
            "Seniors",
            "Bien vieillir à Coubron",
            "#a558a0",
            [("2.1", "Repérer et accompagner les seniors isolés")],
        ),
    ],
    actions=[
        ActionSpec(
            "1.1.1",
            "Permanence mensuelle de PMI en mairie",
            "1.1",
            "Une puéricultrice de PMI reçoit les familles en mairie une fois par mois.",
            ["pmi"],
            [("ville", "Accueil en mairie")],
            ["familles"],
            [("construction", 380), ("ongoing", 300)],
            [("Première permanence", -290, True)],
        ),
        ActionSpec(
            "1.1.2",
            "Bus de la PMI",
            "1.1",
            "Étudier le passage d’une consultation itinérante de PMI.",
            ["pmi"],
            [("ccas", "Repérage des familles")],
            ["familles"],
            [("construction", 100)],
            [("Étude de faisabilité", -30, False)],
        ),
        ActionSpec(
            "1.2.1",
            "Café des jeunes parents",
            "1.2",
            "Un temps d’échange mensuel entre jeunes parents.",
            ["ccas"],
            [("service-social", "Présence d’une assistante sociale"), ("pmi", "Intervenante")],
            ["familles"],
            [("construction", 330), ("ongoing", 260)],
        ),
        ActionSpec(
            "1.2.2",
            "Accompagnement social des familles monoparentales",
            "1.2",
            "Un suivi renforcé par la circonscription de service social.",
            ["service-social"],
            [("ccas", "Aides facultatives")],
            ["familles"],
            [("construction", 300), ("ongoing", 200)],
        ),
        ActionSpec(
            "2.1.1",
            "Visites de convivialité aux seniors isolés",
            "2.1",
            "Des bénévoles rendent visite aux seniors repérés par le CCAS.",
            ["ccas"],
            [("ville", "Registre des personnes vulnérables")],
            ["seniors"],
            [("construction", 360), ("ongoing", 280)],
        ),
        ActionSpec(
            "2.1.2",
            "Plan canicule partagé",
            "2.1",
            "Un registre et des appels coordonnés pendant les épisodes de canicule.",
            ["ville"],
            [("ccas", "Appels aux personnes inscrites"), ("service-social", "Relais")],
            ["seniors"],
            [("construction", 250), ("ongoing", 200), ("done", 30)],
        ),
    ],
    bodies=[
        BodySpec(
            "Comité de pilotage des solidarités de Coubron",
            "Copil solidarités",
            "strategic",
            "Pilotage du projet social de territoire (démonstration)",
            ["ville", "ccas", "departement", "pmi", "service-social"],
            "Une fois par trimestre",
        ),
    ],
    meetings=[
        MeetingSpec(
            "Comité de pilotage des solidarités de Coubron",
            "Comité de pilotage du premier trimestre",
            120,
            [
                ("Point sur la permanence de PMI", "Fréquentation régulière (chiffres fictifs)."),
                ("Plan canicule", "Bilan de l’été."),
            ],
            "Séance de démonstration : compte rendu inventé.",
            [
                DecisionSpec(
                    "Étudier la venue d’une consultation itinérante de PMI.",
                    "Rendre l’étude de faisabilité du bus de la PMI",
                    "pmi",
                    -30,
                ),
                DecisionSpec(
                    "Mettre à jour la liste des familles monoparentales suivies.",
                    "Transmettre la liste actualisée au CCAS",
                    "service-social",
                    -8,
                ),
                DecisionSpec(
                    "Reconduire le plan canicule.",
                    "Mettre à jour le registre des personnes vulnérables",
                    "ville",
                    -40,
                    done=True,
                ),
            ],
        ),
        MeetingSpec(
            "Comité de pilotage des solidarités de Coubron",
            "Comité de pilotage du trimestre suivant",
            -50,
            [("Bilan du café des jeunes parents", "")],
        ),
    ],
    convention=(
        "Convention de coopération Ville de Coubron – Département (démonstration)",
        "Convention inventée pour la démonstration : accueil d’une permanence de PMI en "
        "mairie et coordination avec la circonscription de service social.",
        420,
        120,
    ),
    commitments=[
        ("Accueillir une permanence mensuelle de PMI en mairie.", "ville"),
        ("Assurer la présence de la PMI et du service social au comité de pilotage.", None),
    ],
)

COMMUNES = [MONTFERMEIL, COUBRON]
