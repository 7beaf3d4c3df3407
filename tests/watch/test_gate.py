"""The personal-data gate: a corpus of texts it must stop and of ordinary professional
texts it must let through, each its own case, and the keys of the NIR and the IBAN."""

import pytest
from django.core.exceptions import ValidationError

from maillage.watch import gate

# (text, kind of the first finding expected, passage that must be found)
STOPPED = [
    ("Joindre la maman au 06 12 34 56 78 le soir.", gate.PHONE, "06 12 34 56 78"),
    ("Contact : 0612345678.", gate.PHONE, "0612345678"),
    ("Tél. 01.43.88.12.34 (accueil du soir)", gate.PHONE, "01.43.88.12.34"),
    ("Rappeler au +33 6 12 34 56 78 après 18 h.", gate.PHONE, "+33 6 12 34 56 78"),
    ("Numéro : +33612345678", gate.PHONE, "+33612345678"),
    ("Son portable +33 (0)7 81 22 33 44 ne répond pas.", gate.PHONE, "+33 (0)7 81 22 33 44"),
    ("Le père laisse le 0033 6 11 22 33 44 au secrétariat.", gate.PHONE, "0033 6 11 22 33 44"),
    ("Fixe 04-72-10-20-30 chez la grand-mère.", gate.PHONE, "04-72-10-20-30"),
    ("Écrire à jeanne.durand@example.org pour le suivi.", gate.EMAIL, "jeanne.durand@example.org"),
    (
        "Son courriel : Parent.Eleve+ecole@Mail.Example.FR",
        gate.EMAIL,
        "Parent.Eleve+ecole@Mail.Example.FR",
    ),
    (
        "Adresse jean.martin arobase exemple point fr",
        gate.EMAIL,
        "jean.martin arobase exemple point fr",
    ),
    ("NIR de la mère : 1 85 05 78 006 084 91", gate.NIR, "1 85 05 78 006 084 91"),
    ("Sécu 185057800608491 transmis à la CPAM.", gate.NIR, "185057800608491"),
    ("Personne née en Corse, NIR 2 90 03 2A 004 012 34.", gate.NIR, "2 90 03 2A 004 012 34"),
    ("Numéro de sécurité sociale 2 85 02 2B 123 045", gate.NIR, "2 85 02 2B 123 045"),
    (
        "Virement sur FR76 3000 6000 0112 3456 7890 189 refusé.",
        gate.IBAN,
        "FR76 3000 6000 0112 3456 7890 189",
    ),
    ("IBAN FR7630006000011234567890189", gate.IBAN, "FR7630006000011234567890189"),
    (
        "Compte allemand DE89 3704 0044 0532 0130 00 du père",
        gate.IBAN,
        "DE89 3704 0044 0532 0130 00",
    ),
    (
        "RIB : FR76 3000 6000 0112 3456 7890 188 (clé fausse)",
        gate.IBAN,
        "FR76 3000 6000 0112 3456 7890 188",
    ),
    ("n° allocataire 1234567 suspendu depuis mars", gate.ALLOCATAIRE, "1234567"),
    ("Numéro CAF : 7654321, droits coupés.", gate.ALLOCATAIRE, "7654321"),
    ("Voir le dossier 2345678 à la MDS.", gate.ALLOCATAIRE, "2345678"),
    ("Allocataire n°0012345A en rupture de droits", gate.ALLOCATAIRE, "0012345A"),
    ("Matricule MSA 123456789 à vérifier", gate.ALLOCATAIRE, "123456789"),
    ("Enfant né le 12/03/2015, suivi par la PMI.", gate.BIRTH_DATE, "né le 12/03/2015"),
    ("La jeune fille, née en 2012-03-04, est déscolarisée.", gate.BIRTH_DATE, "née en 2012-03-04"),
    ("Date de naissance : 03.04.2019", gate.BIRTH_DATE, "Date de naissance : 03.04.2019"),
    ("Un petit garçon né le 3 mars 2021 à Montfermeil.", gate.BIRTH_DATE, "né le 3 mars 2021"),
    ("Bébé né(e) le 1er janvier 2024", gate.BIRTH_DATE, "né(e) le 1er janvier 2024"),
    ("DDN 14/07/2010 (à confirmer)", gate.BIRTH_DATE, "DDN 14/07/2010"),
    ("La famille vit au 12 rue Victor Hugo depuis un an.", gate.ADDRESS, "12 rue Victor Hugo"),
    ("Logement insalubre 3 bis allée des Tilleuls.", gate.ADDRESS, "3 bis allée des Tilleuls"),
    ("Bât. B, 5 avenue Jean Jaurès, squat signalé.", gate.ADDRESS, "5 avenue Jean Jaurès"),
    ("Réunion au 24, boulevard Gagarine.", gate.ADDRESS, "24, boulevard Gagarine"),
    ("Ils dorment au 8 place de la République.", gate.ADDRESS, "8 place de la République"),
    ("Appartement 42 sans chauffage depuis novembre.", gate.ADDRESS, "Appartement 42"),
    ("M. Dupont ne vient plus aux ateliers.", gate.NAME, "M. Dupont"),
    ("Mme Benali a perdu son emploi.", gate.NAME, "Mme Benali"),
    ("Nous avons reçu Madame Traoré et ses enfants.", gate.NAME, "Madame Traoré"),
    ("Monsieur Le Goff refuse l'aide.", gate.NAME, "Monsieur Le Goff"),
    ("Mlle Nguyen, 17 ans, a quitté le foyer.", gate.NAME, "Mlle Nguyen"),
    ("Mr Martin-Lefèvre a appelé.", gate.NAME, "Mr Martin-Lefèvre"),
    ("Vu M. et Mme Kowalski au centre social.", gate.NAME, "Mme Kowalski"),
    ("La famille Moreau est expulsable.", gate.NAME, "famille Moreau"),
    ("accueil de monsieur Diallo lundi", gate.NAME, "monsieur Diallo"),
]

CHILD = [
    "Un enfant en danger dans l'immeuble, les voisins entendent des cris.",
    "Suspicion de maltraitance sur un nourrisson.",
    "Violences sur mineur signalées par l'école.",
    "Des enfants maltraités selon l'animatrice.",
    "Possible abus sexuel sur une collégienne.",
    "Violences sexuelles sur des enfants du quartier.",
    "Un bébé secoué hospitalisé la semaine dernière.",
    "Soupçons d'inceste dans une famille suivie.",
    "Nous pensons qu’un enfant est en danger dans cette famille.",
    "Les deux mineurs semblent en danger depuis la rentrée.",
    "Mise en danger d'un enfant par ses parents selon la crèche.",
]

PASSED = [
    "Douze situations de retard de langage observées en PMI depuis septembre.",
    "Des parents sans solution de garde pour des horaires atypiques (5 h – 7 h).",
    "Enfants de 3 à 6 ans, principalement dans le bas Clichy.",
    "Hausse de 15 % des impayés de loyer depuis 2023.",
    "Une trentaine de familles concernées, 8 organisations l'observent aussi.",
    "Madame la Maire a demandé un point au comité technique habitat.",
    "Monsieur le Préfet a été informé par le sous-préfet.",
    "Mme la directrice de l'école a relevé le même phénomène.",
    "M. le Maire présidera la cellule de veille le 12 mars.",
    "Madame La Maire et Monsieur Le Directeur général des services.",
    "Accidents domestiques récurrents rue de la Paix et avenue des Sciences.",
    "Le quartier du Chêne Pointu est le plus touché.",
    "Phénomène observé dans le quartier Bois du Temple et à la Dhuys.",
    "Les jeunes de 16 à 25 ans sortis du dispositif sans solution.",
    "Réunion du 12/03/2025 : la PMI confirme la tendance.",
    "Depuis le 1er janvier 2024, 40 familles ont sollicité le CCAS.",
    "Les enfants nés en 2020 ont eu peu de socialisation pendant le confinement.",
    "La CAF a versé 120000 euros d'aides exceptionnelles en 2024.",
    "La CAF de la Seine-Saint-Denis et France Travail observent la même hausse.",
    "Le centre social Toucouleurs, la Maison de la Solidarité et la PMI Maurice Audin.",
    "Collège Madame de Sévigné : absentéisme en hausse au 2e trimestre.",
    "Familles monoparentales : 45 % des ménages suivis.",
    "La famille monoparentale type a deux enfants de moins de 6 ans.",
    "Familles Rurales et le Secours populaire relaient les demandes.",
    "1 place en crèche pour 10 demandes dans le quartier.",
    "3 cours de français par semaine ne suffisent plus.",
    "2 rues du quartier sont privées d'éclairage depuis octobre.",
    "Les délais d'attente au CMP dépassent 9 mois (contre 4 en 2022).",
    "Code INSEE 93014, IRIS 930140103, QPV QN09301M.",
    "Observé sur l'IRIS Bas Clichy 930140101 depuis le T2 2024.",
    "Numéro vert du département : 119, le 3919 pour les violences conjugales.",
    "Les violences faites aux femmes sont en hausse selon le CIDFF.",
    "Prévention des accidents domestiques chez les moins de 6 ans : 7 cas en 3 mois.",
    "Les usagers de 75 ans et plus n'arrivent plus à joindre la CPAM.",
    "Une hausse des dossiers de surendettement : 35 dossiers en 2024 contre 20 en 2023.",
    "Le bailleur social signale 150 logements en impayés, soit 12 % du parc.",
    "Retards de développement psychomoteur chez les 2-4 ans, 18 situations.",
    "L'école élémentaire Jean Jaurès et le collège Louise Michel sont concernés.",
    "Pôle emploi et DEFI ont rencontré 25 parents en 6 semaines.",
    "Mesdames et Messieurs les membres du comité stratégique.",
    "Le 3e étage des tours du Chêne Pointu n'a plus d'ascenseur.",
    "Tendance en hausse depuis 2021 ; 2 à 3 signalements par mois.",
    "Le dispositif « 1 000 premiers jours » ne touche pas ces familles.",
    "Permanence du CCAS le mardi de 9 h à 12 h.",
    "La Maison des parents accueille 60 familles par an, dont 20 nouvelles.",
    "Les usagers de l’IRIS 930140101 et du QPV QN09301M sont les plus touchés.",
    "Dossier de subvention du centre social (SIRET 12345678900017) en attente.",
    "Des enfants sont sans solution de garde ; le projet éducatif est en danger faute de budget.",
    "Les personnes âgées isolées sont en danger l'été lors des canicules.",
]


def first_finding(text):
    screening = gate.screen(text)
    assert screening.findings, f"nothing found in {text!r}"
    return screening.findings[0], screening


@pytest.mark.parametrize(("text", "kind", "passage"), STOPPED, ids=[s[0][:40] for s in STOPPED])
def test_personal_data_is_stopped(text, kind, passage):
    screening = gate.screen(text)
    assert not screening.ok
    found = [f for f in screening.findings if f.kind == kind]
    assert found, screening
    finding = found[0]
    assert passage in text[finding.start : finding.end]
    assert finding.excerpt == text[finding.start : finding.end].strip()
    assert finding.label == str(gate.LABELS[kind])


@pytest.mark.parametrize("text", CHILD, ids=[t[:40] for t in CHILD])
def test_child_in_danger_is_stopped_with_the_legal_route(text):
    screening = gate.screen(text)
    assert screening.child_protection
    assert not screening.ok
    assert screening.child_passages
    with pytest.raises(ValidationError) as raised:
        gate.check_fields({"description": text})
    messages = raised.value.message_dict["description"]
    assert "CRIP" in messages[0]
    assert "119" in messages[0]
    assert "Allô enfance en danger" in messages[0]
    assert "ne peut pas être enregistré" in messages[0]


@pytest.mark.parametrize("text", PASSED, ids=[t[:40] for t in PASSED])
def test_ordinary_professional_text_passes(text):
    screening = gate.screen(text)
    assert screening.ok, screening
    gate.check_fields({"title": text, "description": text})


def test_corpus_sizes():
    assert len(STOPPED) + len(CHILD) >= 40
    assert len(PASSED) >= 40


def test_check_fields_names_each_field_and_quotes_the_passage():
    with pytest.raises(ValidationError) as raised:
        gate.check_fields(
            {
                "title": "Impayés de loyer",
                "description": "Voir Mme Benali, 06 12 34 56 78.",
                "note": "Écrire à a.b@example.org",
            }
        )
    errors = raised.value.message_dict
    assert set(errors) == {"description", "note"}
    assert len(errors["description"]) == 2
    assert "« Mme Benali »" in errors["description"][0]
    assert "« 06 12 34 56 78 »" in errors["description"][1]
    assert "reformulez" in errors["description"][1]
    assert "« a.b@example.org »" in errors["note"][0]


def test_check_fields_accepts_empty_values():
    gate.check_fields({"title": "", "description": None})  # type: ignore[dict-item]


def test_offsets_are_those_of_the_typed_text_despite_accents_and_ligatures():
    text = "Œuvre sociale : l’éducatrice a noté « née le 02/05/2016 » et ﬁnalement 0612345678."
    screening = gate.screen(text)
    kinds = {f.kind: text[f.start : f.end] for f in screening.findings}
    assert kinds == {gate.BIRTH_DATE: "née le 02/05/2016", gate.PHONE: "0612345678"}


def test_precedence_a_nir_is_not_also_a_phone_number():
    screening = gate.screen("NIR 1 85 05 78 006 084 91")
    assert [f.kind for f in screening.findings] == [gate.NIR]


def test_segments_cut_the_text_around_the_passages():
    text = "Appeler le 06 12 34 56 78 : enfant en danger."
    screening = gate.screen(text)
    parts = gate.segments(text, screening)
    assert "".join(part for part, _ in parts) == text
    assert [(part, f.kind) for part, f in parts if f] == [
        ("06 12 34 56 78", gate.PHONE),
        ("enfant en danger", gate.CHILD_PROTECTION),
    ]


def test_long_excerpts_are_shortened():
    text = "Il vit au 12 rue " + " ".join(["Victor"] * 30)
    (finding,) = gate.screen(text).findings
    assert len(finding.excerpt) == gate.EXCERPT_MAX
    assert finding.excerpt.endswith("…")


# --- Keys ---


@pytest.mark.parametrize(
    ("nir", "valid"),
    [
        ("185057800608491", True),
        ("1 85 05 78 006 084 91", True),
        ("185057800608492", False),  # wrong key
        ("290032A00401234", True),  # Corse-du-Sud: 2A counts as 19
        ("290032A00401235", False),
        ("285022B12304582", True),  # Haute-Corse: 2B counts as 18
        ("285022B12304534", False),  # the 2A key does not fit 2B
        ("585057800608491", False),  # no such first digit
        ("18505780060849", False),  # too short
        ("1850578006084911", False),  # too long
    ],
)
def test_nir_key(nir, valid):
    assert gate.nir_is_valid(nir) is valid


def test_nir_with_a_wrong_key_and_no_wording_is_not_a_nir():
    assert gate.screen("Référence 185057800608492 du marché public").ok


@pytest.mark.parametrize(
    ("iban", "valid"),
    [
        ("FR76 3000 6000 0112 3456 7890 189", True),
        ("FR7630006000011234567890189", True),
        ("fr76 3000 6000 0112 3456 7890 189", True),
        ("FR76 3000 6000 0112 3456 7890 188", False),  # wrong check
        ("FR76 3000 6000 0112 3456 7890 18", False),  # wrong length for France
        ("DE89 3704 0044 0532 0130 00", True),
        ("BE68 5390 0754 7034", True),
        ("GB82 WEST 1234 5698 7654 32", True),
        ("GB82 WEST 1234 5698 7654 33", False),
        ("XX00", False),
    ],
)
def test_iban_key(iban, valid):
    assert gate.iban_is_valid(iban) is valid


def test_iban_followed_by_capitals_is_still_found():
    text = "Compte FR76 3000 6000 0112 3456 7890 189 CAF"
    (finding,) = gate.screen(text).findings
    assert finding.kind == gate.IBAN
    assert finding.excerpt == "FR76 3000 6000 0112 3456 7890 189"
