"""The indicators of the annual social-needs analysis (ABS), preloaded by a data migration.

Variable codes are INSEE's without their year (``P21_POP`` is read as ``P_POP`` for 2021,
``TP6021`` as ``TP60``); CAF, France Travail and civil-registration counts use the short
codes below, which partners map their columns to."""

from __future__ import annotations

from typing import Any

from maillage.observatory.models import Indicator

RP = "INSEE, recensement de la population"
FILOSOFI = "INSEE, Filosofi"
CAF = "CAF, allocataires"
FT = "France Travail, demandeurs d’emploi"
ETAT_CIVIL = "INSEE, état civil"
ALL = ["commune", "iris", "departement", "france"]
WITH_QPV = ["commune", "iris", "qpv", "departement", "france"]

CATALOGUE: list[dict[str, Any]] = [
    # Demography
    {
        "code": "population",
        "name": "Population",
        "theme": "demography",
        "formula": "P_POP",
        "unit": "habitants",
        "decimals": 0,
        "source": RP,
        "levels": ALL,
        "is_count": True,
        "key_figure": True,
        "periodicity": "census",
        "definition": "Population des ménages et des communautés au recensement.",
    },
    {
        "code": "part-moins-30-ans",
        "name": "Part des moins de 30 ans",
        "theme": "demography",
        "formula": "(P_POP0014 + P_POP1529) / P_POP * 100",
        "unit": "%",
        "source": RP,
        "levels": ALL,
        "key_figure": True,
        "periodicity": "census",
        "definition": "Personnes de 0 à 29 ans rapportées à la population.",
    },
    {
        "code": "part-moins-15-ans",
        "name": "Part des moins de 15 ans",
        "theme": "demography",
        "formula": "P_POP0014 / P_POP * 100",
        "unit": "%",
        "source": RP,
        "levels": ALL,
        "periodicity": "census",
    },
    {
        "code": "part-75-ans-plus",
        "name": "Part des 75 ans ou plus",
        "theme": "demography",
        "formula": "P_POP75P / P_POP * 100",
        "unit": "%",
        "source": RP,
        "levels": ALL,
        "periodicity": "census",
    },
    {
        "code": "naissances",
        "name": "Naissances domiciliées",
        "theme": "demography",
        "formula": "NAIS",
        "unit": "naissances",
        "decimals": 0,
        "source": ETAT_CIVIL,
        "levels": ["commune", "departement", "france"],
        "is_count": True,
    },
    # Families and households
    {
        "code": "taille-menages",
        "name": "Taille moyenne des ménages",
        "theme": "families",
        "formula": "P_PMEN / C_MEN",
        "unit": "personnes",
        "decimals": 2,
        "source": RP,
        "levels": ALL,
        "periodicity": "census",
    },
    {
        "code": "menages-une-personne",
        "name": "Part des ménages d’une personne",
        "theme": "families",
        "formula": "P_MENPSEUL / C_MEN * 100",
        "unit": "%",
        "source": RP,
        "levels": ALL,
        "periodicity": "census",
    },
    {
        "code": "familles-monoparentales",
        "name": "Part des familles monoparentales",
        "theme": "families",
        "formula": "C_FAMMONO / C_FAM * 100",
        "unit": "%",
        "source": RP,
        "levels": ALL,
        "key_figure": True,
        "periodicity": "census",
    },
    {
        "code": "familles-nombreuses",
        "name": "Part des familles nombreuses (3 enfants ou plus)",
        "theme": "families",
        "formula": "(C_NE24F3 + C_NE24F4P) / C_FAM * 100",
        "unit": "%",
        "source": RP,
        "levels": ALL,
        "periodicity": "census",
    },
    # Income and poverty
    {
        "code": "taux-pauvrete",
        "name": "Taux de pauvreté (seuil à 60 %)",
        "theme": "income",
        "formula": "TP60",
        "unit": "%",
        "source": FILOSOFI,
        "levels": ALL,
        "household_income": True,
        "key_figure": True,
        "direction": "down",
        "definition": "Part des personnes dont le niveau de vie est inférieur à 60 % du niveau "
        "de vie médian national.",
    },
    {
        "code": "niveau-vie-median",
        "name": "Niveau de vie médian",
        "theme": "income",
        "formula": "MED",
        "unit": "€",
        "decimals": 0,
        "source": FILOSOFI,
        "levels": ALL,
        "household_income": True,
        "direction": "up",
        "definition": "Revenu disponible par unité de consommation partageant la population en "
        "deux moitiés.",
    },
    {
        "code": "menages-fiscaux",
        "name": "Ménages fiscaux",
        "theme": "income",
        "formula": "NBMENFISC",
        "unit": "ménages",
        "decimals": 0,
        "source": FILOSOFI,
        "levels": ALL,
        "is_count": True,
    },
    {
        "code": "allocataires-bas-revenus",
        "name": "Part des allocataires à bas revenus",
        "theme": "income",
        "formula": "CAF_BASREV / CAF_ALLOC * 100",
        "unit": "%",
        "source": CAF,
        "levels": WITH_QPV,
        "direction": "down",
    },
    # Benefits
    {
        "code": "allocataires-caf",
        "name": "Allocataires de la CAF",
        "theme": "benefits",
        "formula": "CAF_ALLOC",
        "unit": "foyers",
        "decimals": 0,
        "source": CAF,
        "levels": WITH_QPV,
        "is_count": True,
    },
    {
        "code": "foyers-rsa",
        "name": "Foyers allocataires du RSA",
        "theme": "benefits",
        "formula": "CAF_RSA",
        "unit": "foyers",
        "decimals": 0,
        "source": CAF,
        "levels": WITH_QPV,
        "is_count": True,
        "direction": "down",
        "key_figure": True,
    },
    {
        "code": "aides-logement",
        "name": "Foyers bénéficiaires d’une aide au logement",
        "theme": "benefits",
        "formula": "CAF_AL",
        "unit": "foyers",
        "decimals": 0,
        "source": CAF,
        "levels": WITH_QPV,
        "is_count": True,
    },
    {
        "code": "aah",
        "name": "Allocataires de l’AAH",
        "theme": "health",
        "formula": "CAF_AAH",
        "unit": "personnes",
        "decimals": 0,
        "source": CAF,
        "levels": WITH_QPV,
        "is_count": True,
    },
    {
        "code": "aeeh",
        "name": "Bénéficiaires de l’AEEH",
        "theme": "health",
        "formula": "CAF_AEEH",
        "unit": "foyers",
        "decimals": 0,
        "source": CAF,
        "levels": WITH_QPV,
        "is_count": True,
    },
    # Employment
    {
        "code": "taux-chomage",
        "name": "Taux de chômage des 15-64 ans (recensement)",
        "theme": "employment",
        "formula": "P_CHOM1564 / P_ACT1564 * 100",
        "unit": "%",
        "source": RP,
        "levels": ALL,
        "direction": "down",
        "key_figure": True,
        "periodicity": "census",
    },
    {
        "code": "taux-activite",
        "name": "Taux d’activité des 15-64 ans",
        "theme": "employment",
        "formula": "P_ACT1564 / P_POP1564 * 100",
        "unit": "%",
        "source": RP,
        "levels": ALL,
        "direction": "up",
        "periodicity": "census",
    },
    {
        "code": "demandeurs-emploi-abc",
        "name": "Demandeurs d’emploi (catégories A, B, C)",
        "theme": "employment",
        "formula": "DEFM_ABC",
        "unit": "personnes",
        "decimals": 0,
        "source": FT,
        "levels": WITH_QPV,
        "is_count": True,
        "direction": "down",
        "periodicity": "quarterly",
    },
    {
        "code": "demandeurs-emploi-moins-26",
        "name": "Part des moins de 26 ans parmi les demandeurs d’emploi",
        "theme": "employment",
        "formula": "DEFM_ABC_M26 / DEFM_ABC * 100",
        "unit": "%",
        "source": FT,
        "levels": WITH_QPV,
        "periodicity": "quarterly",
    },
    # Education
    {
        "code": "sans-diplome",
        "name": "Part des non-scolarisés de 15 ans ou plus sans diplôme",
        "theme": "education",
        "formula": "P_NSCOL15P_DIPLMIN / P_NSCOL15P * 100",
        "unit": "%",
        "source": RP,
        "levels": ALL,
        "direction": "down",
        "periodicity": "census",
    },
    # Housing
    {
        "code": "logements-sociaux",
        "name": "Part des résidences principales HLM",
        "theme": "housing",
        "formula": "P_RP_HLMV / P_RP * 100",
        "unit": "%",
        "source": RP,
        "levels": ALL,
        "periodicity": "census",
    },
    {
        "code": "taux-vacance",
        "name": "Taux de logements vacants",
        "theme": "housing",
        "formula": "P_LOGVAC / P_LOG * 100",
        "unit": "%",
        "source": RP,
        "levels": ALL,
        "direction": "down",
        "periodicity": "census",
    },
    {
        "code": "part-locataires",
        "name": "Part des ménages locataires",
        "theme": "housing",
        "formula": "P_RP_LOC / P_RP * 100",
        "unit": "%",
        "source": RP,
        "levels": ALL,
        "periodicity": "census",
    },
]

# Variables whose values describe household income (Filosofi): the stricter secrecy rule.
INCOME_VARIABLES = frozenset({"TP60", "MED", "D1", "D9", "RD", "PIMP", "TP60AGE1", "TP60TOL1"})
# Filosofi columns carry their year as a suffix (TP6021, MED21, NBMENFISC21).
FILOSOFI_STEMS = ("NBMENFISC", "NBPERSMENFISC", "TP60", "MED", "PIMP", "D1", "D9", "RD")


def install_catalogue(model: Any = None) -> int:
    """Create or update the preloaded indicators; returns how many there are.

    The data migration passes its historical model; browser tests, whose flushes wipe
    migration-loaded rows, call it again through a fixture. Indicators added by users are
    left alone."""
    if model is None:
        model = Indicator
    for position, entry in enumerate(CATALOGUE):
        defaults = {
            "decimals": 1,
            "definition": "",
            "direction": "neutral",
            "periodicity": "yearly",
            "household_income": False,
            "is_count": False,
            "key_figure": False,
            **{k: v for k, v in entry.items() if k != "code"},
            "sort_order": position,
        }
        model.objects.update_or_create(code=entry["code"], defaults=defaults)
    return len(CATALOGUE)
