"""A département of six communes with figures imported the normal way (the observatory's
import service), for the comparison's tests.

- Aulnay (93005) shares its observatory as aggregates: a public dataset (its population)
  and a partners-only one (its poverty rate, 27,7 %) the Département may not read.
- Bondy (93010) shares nothing: its own public dataset (poverty 33,3 %) and the
  Département's row for it (31,2 %, 54 000 inhabitants) are never shown.
- Clichy (93014) shares in detail: its partners-only poverty rate (43,9 %) is read by the
  Département's people. Three births: a small count, secret.
- Drancy, Épinay and Gagny are GeoUnits of the département only (no PST on the platform).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from maillage.core import sharing
from maillage.core.roles import Role, Visibility
from maillage.observatory.catalogue import install_catalogue
from tests.factories import GeoUnitFactory, OrganisationFactory, TerritoryFactory, member
from tests.observatory import builders

POPULATION = {
    "93005": 86000,
    "93010": 54000,
    "93014": 29000,
    "93029": 72000,
    "93031": 56000,
    "93032": 39000,
}
BIRTHS = {"93005": 1300, "93010": 900, "93014": 3, "93029": 1200, "93031": 800, "93032": 500}
HOUSEHOLDS = {code: pop // 3 for code, pop in POPULATION.items()}
POVERTY = {
    "93005": "25,1",
    "93010": "31,2",
    "93014": "44,0",
    "93029": "30,4",
    "93031": "28,9",
    "93032": "18,5",
}
NAMES = {
    "93005": "Aulnay-sous-Bois",
    "93010": "Bondy",
    "93014": "Clichy-sous-Bois",
    "93029": "Drancy",
    "93031": "Épinay-sur-Seine",
    "93032": "Gagny",
}


def square(index: int) -> dict[str, Any]:
    west = 2.40 + 0.05 * (index % 3)
    south = 48.85 + 0.05 * (index // 3)
    ring = [
        [west, south],
        [west + 0.05, south],
        [west + 0.05, south + 0.05],
        [west, south + 0.05],
        [west, south],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


@dataclass
class Scene:
    department: Any
    aulnay: Any
    bondy: Any
    clichy: Any
    dep_org: Any
    agent: Any
    aulnay_coordinator: Any
    bondy_coordinator: Any
    clichy_resident: Any


def communes_file(rows: dict[str, list[Any]], header: str) -> str:
    lines = [header]
    for code, values in rows.items():
        lines.append(";".join([code, NAMES.get(code, code), *(str(v) for v in values)]))
    return "\n".join(lines) + "\n"


def build() -> Scene:
    install_catalogue()
    department = TerritoryFactory(
        departement=True, name="Seine-Saint-Denis", slug="seine-saint-denis", insee_code="93"
    )
    aulnay = TerritoryFactory(
        name="Aulnay-sous-Bois",
        slug="aulnay",
        insee_code="93005",
        parent=department,
        department_sharing=sharing.everything(sharing.Level.AGGREGATES),
    )
    bondy = TerritoryFactory(
        name="Bondy",
        slug="bondy",
        insee_code="93010",
        parent=department,
        department_sharing={**sharing.everything(), "observatory": sharing.Level.NONE},
    )
    clichy = TerritoryFactory(
        name="Clichy-sous-Bois", slug="clichy", insee_code="93014", parent=department
    )
    for index, code in enumerate(sorted(NAMES)):
        GeoUnitFactory(
            territory=department,
            kind="commune",
            code=code,
            name=NAMES[code],
            geometry=square(index),
        )
    dep_org = OrganisationFactory(
        name="Département de la Seine-Saint-Denis", kind="departements", partner_of=[department]
    )
    # The files are loaded by the départemental observatory: the agent, of another service,
    # reads them under statistical secrecy (a producer's members read raw values).
    observatory_org = OrganisationFactory(
        name="Observatoire départemental", kind="departements", partner_of=[department]
    )
    aulnay_org = OrganisationFactory(name="Ville d’Aulnay-sous-Bois", partner_of=[aulnay])
    bondy_org = OrganisationFactory(name="Ville de Bondy", partner_of=[bondy])
    clichy_org = OrganisationFactory(name="Ville de Clichy-sous-Bois", partner_of=[clichy])

    # The Département's INSEE files: every commune, and the département's total.
    builders.dataset(
        department,
        observatory_org,
        communes_file(
            {
                code: [POPULATION[code], BIRTHS[code], HOUSEHOLDS[code], POVERTY[code]]
                for code in NAMES
            },
            "CODGEO;LIBGEO;P21_POP;NAIS;NBMENFISC21;TP6021",
        ),
        title="Communes 2021",
    )
    builders.dataset(
        department,
        observatory_org,
        "DEP;LIBGEO;P21_POP;NAIS;NBMENFISC21;TP6021\n"
        f"93;Seine-Saint-Denis;{sum(POPULATION.values())};{sum(BIRTHS.values())};"
        f"{sum(HOUSEHOLDS.values())};28,4\n",
        title="Département 2021",
    )
    # The communes' own files, newer than the Département's.
    builders.dataset(
        aulnay,
        aulnay_org,
        communes_file({"93005": [86500]}, "CODGEO;LIBGEO;P21_POP"),
        title="Aulnay, population",
    )
    builders.dataset(
        aulnay,
        aulnay_org,
        communes_file({"93005": [28000, "27,7"]}, "CODGEO;LIBGEO;NBMENFISC21;TP6021"),
        title="Aulnay, pauvreté",
        visibility=Visibility.PARTNERS,
    )
    builders.dataset(
        bondy,
        bondy_org,
        communes_file({"93010": [18000, "33,3"]}, "CODGEO;LIBGEO;NBMENFISC21;TP6021"),
        title="Bondy, pauvreté",
    )
    builders.dataset(
        clichy,
        clichy_org,
        communes_file({"93014": [9600, "43,9"]}, "CODGEO;LIBGEO;NBMENFISC21;TP6021"),
        title="Clichy, pauvreté",
        visibility=Visibility.PARTNERS,
    )
    return Scene(
        department=department,
        aulnay=aulnay,
        bondy=bondy,
        clichy=clichy,
        dep_org=dep_org,
        agent=member(department, Role.PARTNER, dep_org, email="agent@departement.test"),
        aulnay_coordinator=member(
            aulnay, Role.COORDINATOR, aulnay_org, email="coordination@aulnay.test"
        ),
        bondy_coordinator=member(
            bondy, Role.COORDINATOR, bondy_org, email="coordination@bondy.test"
        ),
        clichy_resident=member(clichy, Role.RESIDENT, email="habitant@clichy.test"),
    )
