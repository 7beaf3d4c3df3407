"""The observatory's demo: Clichy-sous-Bois figures in the orders of magnitude the seeds
and public sources give (about 30,000 inhabitants, half under 30, a quarter of the
working population unemployed, more than one in four below the poverty line in 2014),
Seine-Saint-Denis and France for comparison, a synthetic IRIS breakdown, a dataset the CAF
shares with nobody else, and the programme's actions linked to the indicators they aim to
move. Everything goes through the services, and loading twice changes nothing."""

from __future__ import annotations

import io
from typing import Any

from maillage.core.demo import DemoContext
from maillage.core.roles import Visibility
from maillage.observatory import demo_report, services
from maillage.observatory.catalogue import install_catalogue
from maillage.observatory.models import Dataset, ImportJob, Indicator
from maillage.programme.models import Action
from maillage.territories import services as territory_services
from maillage.territories.models import GeoUnit, Territory

CLICHY = "clichy-sous-bois"
SSD = "seine-saint-denis"
DEMO_SOURCE = "ordres de grandeur pour la démonstration"

CENSUS_COLUMNS = [
    "POP", "POP0014", "POP1529", "POP1564", "POP75P", "ACT1564", "CHOM1564", "PMEN",
    "MENPSEUL", "NSCOL15P", "NSCOL15P_DIPLMIN", "RP", "RP_HLMV", "RP_LOC", "LOG", "LOGVAC",
]  # fmt: skip
FAMILY_COLUMNS = ["MEN", "FAM", "FAMMONO", "NE24F3", "NE24F4P"]

# Per place and census year: P_ columns then C_ columns, in the orders above.
CENSUS: dict[str, dict[int, list[int]]] = {
    "93014": {
        2014: [29900, 7450, 7520, 19600, 1350, 13000, 3250, 29500, 1900, 19000, 7400, 9000, 3200, 6300, 9700, 500, 9000, 7300, 1750, 1200, 950],
        2020: [28800, 7050, 7250, 19100, 1450, 12600, 3000, 28400, 2000, 18600, 6900, 8900, 3300, 6200, 9700, 700, 8900, 7100, 1800, 1100, 900],
    },
    "93": {
        2014: [1592600, 347000, 330000, 1070000, 95000, 780000, 145000, 1570000, 200000, 1120000, 335000, 610000, 200000, 320000, 660000, 40000, 610000, 420000, 85000, 42000, 30000],
        2020: [1655400, 355000, 335000, 1100000, 101000, 800000, 135000, 1630000, 215000, 1160000, 310000, 640000, 205000, 335000, 690000, 45000, 640000, 430000, 88000, 42000, 31000],
    },
    "FR": {
        2014: [65907000, 12100000, 11600000, 41500000, 6100000, 30200000, 4000000, 64500000, 9600000, 50000000, 8600000, 28500000, 4200000, 11000000, 34600000, 2700000, 28500000, 18000000, 1950000, 950000, 620000],
        2020: [67162000, 11800000, 11500000, 41600000, 6500000, 30500000, 3900000, 65800000, 10300000, 51400000, 8300000, 29600000, 4300000, 11200000, 36800000, 3000000, 29600000, 18200000, 2100000, 920000, 600000],
    },
}  # fmt: skip
# Filosofi 2014 and 2020: fiscal households, poverty rate, median standard of living.
FILOSOFI = {
    "93014": {2014: (9400, "41,5", 12800), 2020: (9300, "40,2", 13900)},
    "93": {2014: (595000, "28,6", 16800), 2020: (625000, "27,6", 17900)},
    "FR": {2014: (28000000, "14,1", 20150), 2020: (29300000, "14,6", 22400)},
}
# A synthetic IRIS breakdown of Clichy-sous-Bois (codes and figures invented).
IRIS = [
    ("930140101", "IRIS synthétique 1 — Bas-Clichy Centre", 4100, 2050),
    ("930140102", "IRIS synthétique 2 — Bas-Clichy Chêne-Pointu", 4300, 2300),
    ("930140103", "IRIS synthétique 3 — Bas-Clichy Étoile", 3900, 2000),
    ("930140104", "IRIS synthétique 4 — Haut-Clichy Pama", 3400, 1550),
    ("930140105", "IRIS synthétique 5 — Haut-Clichy Lycée", 3200, 1500),
    ("930140106", "IRIS synthétique 6 — Haut-Clichy Forêt", 3000, 1300),
    ("930140107", "IRIS synthétique 7 — Centre-ville", 3500, 1650),
    ("930140108", "IRIS synthétique 8 — Hôpital", 3400, 1550),
]
# Census 2020 per synthetic IRIS, in the order of IRIS above: people aged 75 or more,
# people in households, households, families, single-parent families. Each column adds up
# to the commune's figure (1,450; 28,400; 8,900; 7,100; 1,800), so the IRIS read around
# the commune's rates (5,0 % aged 75+, 3,2 people per household, 25 % single-parent).
IRIS_CENSUS = [
    (150, 4050, 1160, 950, 280),
    (130, 4250, 1230, 1000, 300),
    (160, 3850, 1120, 900, 250),
    (210, 3350, 1080, 850, 200),
    (230, 3150, 1060, 830, 180),
    (260, 2950, 1050, 800, 150),
    (170, 3450, 1120, 900, 240),
    (140, 3350, 1080, 870, 200),
]
# Filosofi 2020 per synthetic IRIS: fiscal households (adding up to the commune's 9,300),
# poverty rate (averaging the commune's 40 %), median standard of living.
IRIS_FILOSOFI = [
    (1220, "48,5", 11800),
    (1290, "50,2", 11300),
    (1180, "46,0", 12400),
    (1110, "35,1", 14900),
    (1080, "31,4", 15800),
    (1060, "28,9", 16600),
    (1160, "38,7", 14100),
    (1200, "36,2", 14600),
]
# CAF allocataires per synthetic IRIS: all, low income, RSA, housing aid, AAH, AEEH.
CAF_IRIS = [
    (1300, 720, 420, 820, 95, 30),
    (1450, 830, 480, 900, 110, 35),
    (1250, 690, 400, 780, 90, 25),
    (900, 420, 230, 520, 60, 12),
    (850, 380, 190, 480, 55, 3),
    (700, 300, 150, 400, 40, 9),
    (950, 450, 240, 560, 65, 14),
    (880, 400, 210, 510, 58, 11),
]
TARGETS = {
    "1.1.1": ["aides-logement", "taux-pauvrete"],
    "1.3.1": ["logements-sociaux", "taux-vacance"],
    "2.1.1": ["taux-chomage", "demandeurs-emploi-abc"],
    "2.2.1": ["familles-monoparentales", "taux-chomage"],
    "3.1.1": ["part-moins-15-ans", "naissances"],
    "3.2.1": ["familles-monoparentales", "familles-nombreuses"],
    "4.3.1": ["taux-pauvrete", "foyers-rsa"],
}


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    lines = [";".join(header)] + [";".join(str(c) for c in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _dataset(
    territory: Territory,
    producer: Any,
    title: str,
    content: bytes,
    *,
    kind: str = ImportJob.Kind.INSEE,
    mapping: dict[str, Any] | None = None,
    **metadata: Any,
) -> None:
    if Dataset.objects.filter(territory=territory, title=title, published=True).exists():
        return
    meta = {
        "title": title,
        "source": metadata.pop("source"),
        "vintage": metadata.pop("vintage"),
        "licence": metadata.pop("licence", "Licence Ouverte 2.0"),
        "visibility": metadata.pop("visibility", Visibility.PUBLIC),
        "restricted_to": metadata.pop("restricted_to", []),
        "min_count": 5,
        "round_to_5": False,
        "period": metadata.pop("period", None),
    }
    job = services.upload(
        actor=None,
        territory=territory,
        producer=producer,
        kind=kind,
        file=io.BytesIO(content),
        filename=f"{title}.csv",
        size=len(content),
        metadata=meta,
    )
    if mapping is not None:
        services.save_mapping(actor=None, job=job, mapping=mapping)
    job = services.run_import(job_id=job.pk)
    if job.state != ImportJob.State.DONE:
        raise RuntimeError(f"Demo dataset {title!r} failed: {job.errors}")


def _census_header(key: str, years: list[int]) -> list[str]:
    header = [key]
    for year in years:
        yy = f"{year % 100:02d}"
        header += [f"P{yy}_{c}" for c in CENSUS_COLUMNS] + [f"C{yy}_{c}" for c in FAMILY_COLUMNS]
    return header


def _census_row(code: str, years: list[int]) -> list[Any]:
    row: list[Any] = [code]
    for year in years:
        row += CENSUS[code][year]
    return row


def load(ctx: DemoContext) -> None:
    install_catalogue()
    clichy = ctx.territories.get(CLICHY) or Territory.objects.get(slug=CLICHY)
    ssd = ctx.territories.get(SSD) or Territory.objects.get(slug=SSD)
    ville = ctx.organisations["ville"]
    caf = ctx.organisations["caf"]
    departement = ctx.organisations["services-centraux"]
    years = [2014, 2020]
    source = f"INSEE, recensement de la population ({DEMO_SOURCE})"

    _dataset(
        clichy, ville, "Recensement 2014 et 2020 — Clichy-sous-Bois",
        _csv(_census_header("CODGEO", years), [_census_row("93014", years)]),
        source=source, vintage="2020",
    )  # fmt: skip
    _dataset(
        ssd, departement, "Recensement 2014 et 2020 — Seine-Saint-Denis",
        _csv(_census_header("DEP", years), [_census_row("93", years)]),
        source=source, vintage="2020",
    )  # fmt: skip
    france_header = ["code"] + [f"{c}_{y}" for y in years for c in CENSUS_COLUMNS + FAMILY_COLUMNS]
    france_vars = {
        f"{c}_{y}": (f"P_{c}" if c in CENSUS_COLUMNS else f"C_{c}")
        for y in years
        for c in CENSUS_COLUMNS + FAMILY_COLUMNS
    }
    for year in years:
        # A partner-layout file per year: the column mapping names one period at a time.
        columns = [h for h in france_header[1:] if h.endswith(str(year))]
        _dataset(
            ssd, departement, f"Recensement {year} — France entière",
            _csv(["code", *columns], [["FR", *CENSUS["FR"][year]]]),
            kind=ImportJob.Kind.PARTNER,
            mapping={"geo_column": "code", "level": "france", "period": year, "period_column": "",
                     "variables": {c: france_vars[c] for c in columns}},
            source=source, vintage=str(year),
        )  # fmt: skip
    filosofi_header = ["CODGEO"] + [
        f"{s}{y % 100:02d}" for y in years for s in ("NBMENFISC", "TP60", "MED")
    ]
    for key, code, territory, producer in (
        ("CODGEO", "93014", clichy, ville),
        ("DEP", "93", ssd, departement),
    ):
        row = [code] + [v for y in years for v in FILOSOFI[code][y]]
        _dataset(
            territory, producer, f"Filosofi 2014 et 2020 — {territory.name}",
            _csv([key, *filosofi_header[1:]], [row]),
            source=f"INSEE, Filosofi ({DEMO_SOURCE})", vintage="2020",
        )  # fmt: skip
    fr = FILOSOFI["FR"]
    _dataset(
        ssd, departement, "Filosofi 2014 et 2020 — France entière",
        _csv(["code", "annee", "menages", "tp60", "med"], [["FR", y, *fr[y]] for y in years]),
        kind=ImportJob.Kind.PARTNER,
        mapping={"geo_column": "code", "level": "france", "period": None, "period_column": "annee",
                 "variables": {"menages": "NBMENFISC", "tp60": "TP60", "med": "MED"}},
        source=f"INSEE, Filosofi ({DEMO_SOURCE})", vintage="2020",
    )  # fmt: skip

    # The synthetic IRIS: GeoUnits through the territories' services, then their figures.
    for code, name, _pop, _young in IRIS:
        if not GeoUnit.objects.filter(territory=clichy, kind=GeoUnit.Kind.IRIS, code=code).exists():
            territory_services.create_geounit(
                actor=None, territory=clichy, kind=GeoUnit.Kind.IRIS, code=code, name=name
            )
    iris_rows = [
        [code, name, pop, young // 2, young - young // 2, *census]
        for (code, name, pop, young), census in zip(IRIS, IRIS_CENSUS, strict=True)
    ]
    iris_header = [
        "IRIS", "LIBIRIS", "P20_POP", "P20_POP0014", "P20_POP1529", "P20_POP75P", "P20_PMEN",
        "C20_MEN", "C20_FAM", "C20_FAMMONO",
    ]  # fmt: skip
    _dataset(
        clichy, ville, "Recensement par IRIS 2020 — découpage synthétique (démonstration)",
        _csv(iris_header, iris_rows),
        source="Données synthétiques de démonstration, sans valeur statistique", vintage="2020",
    )  # fmt: skip
    _dataset(
        clichy, ville, "Filosofi par IRIS 2020 — découpage synthétique (démonstration)",
        _csv(
            ["IRIS", "NBMENFISC20", "TP6020", "MED20"],
            [[IRIS[i][0], *row] for i, row in enumerate(IRIS_FILOSOFI)],
        ),
        source="Données synthétiques de démonstration, sans valeur statistique", vintage="2020",
    )  # fmt: skip
    caf_header = ["iris", "allocataires", "bas_revenus", "rsa", "aide_logement", "aah", "aeeh"]
    caf_mapping = {
        "geo_column": "iris", "level": "iris", "period": 2023, "period_column": "",
        "variables": {"allocataires": "CAF_ALLOC", "bas_revenus": "CAF_BASREV", "rsa": "CAF_RSA",
                      "aide_logement": "CAF_AL", "aah": "CAF_AAH", "aeeh": "CAF_AEEH"},
    }  # fmt: skip
    _dataset(
        clichy, caf, "Allocataires par IRIS 2023 — convention CAF (synthétique)",
        _csv(caf_header, [[IRIS[i][0], *row] for i, row in enumerate(CAF_IRIS)]),
        kind=ImportJob.Kind.PARTNER, mapping=caf_mapping,
        visibility=Visibility.RESTRICTED, restricted_to=[caf.pk],
        source="CAF de la Seine-Saint-Denis (données synthétiques de démonstration)",
        vintage="2023", licence="Convention de partage de données",
    )  # fmt: skip
    totals = [sum(col) for col in zip(*CAF_IRIS, strict=True)]
    _dataset(
        clichy, caf, "Allocataires 2023 — Clichy-sous-Bois",
        _csv(["commune", *caf_header[1:]], [["93014", *totals]]),
        kind=ImportJob.Kind.PARTNER,
        mapping={**caf_mapping, "geo_column": "commune", "level": "commune"},
        visibility=Visibility.PARTNERS,
        source=f"CAF de la Seine-Saint-Denis ({DEMO_SOURCE})", vintage="2023",
        licence="Convention de partage de données",
    )  # fmt: skip

    _link_actions(clichy)
    ctx.log("  observatoire : indicateurs, jeux de données et IRIS synthétiques chargés")
    demo_report.load(ctx, clichy)


def _link_actions(territory: Territory) -> None:
    indicators = {i.code: i for i in Indicator.objects.all()}
    for code, wanted in TARGETS.items():
        action = Action.objects.filter(territory=territory, code=code).first()
        if action is None:
            continue
        services.set_action_indicators(
            actor=None, action=action, indicators=[indicators[c] for c in wanted]
        )
