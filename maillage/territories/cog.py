"""The code officiel géographique bundled with Maillage (data/README.md): which commune an
INSEE code names, its département and EPCI, and why a code names none any more.

``lookup(code)`` answers a ``Commune`` or raises ``CogError`` with the French sentence to
show; the file is read once per process (``table()`` is cached)."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

VINTAGE = 2026
DATA = Path(__file__).resolve().parent / "data"
CODE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


class CogError(ValueError):
    """An INSEE code that names no current commune; ``str()`` is the message to show."""


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    departement_code: str
    departement_name: str
    epci_siren: str
    epci_name: str
    population: int
    vintage: int


@dataclass(frozen=True)
class Departement:
    code: str
    name: str
    vintage: int


@cache
def table(vintage: int = VINTAGE) -> dict[str, Any]:
    """The bundled file, indexed by code."""
    with gzip.open(DATA / f"cog-{vintage}.json.gz", "rt", encoding="utf-8") as handle:
        raw = json.load(handle)
    return {
        "vintage": raw["vintage"],
        "source": raw["source"],
        "departements": raw["departements"],
        "epci": raw["epci"],
        "communes": {row[0]: row for row in raw["communes"]},
        "former": {row[0]: row for row in raw["former"]},
    }


def normalise(code: str) -> str:
    return (code or "").strip().upper()


def lookup(code: str, *, vintage: int = VINTAGE) -> Commune:
    """The current commune ``code`` names, or ``CogError`` saying why there is none."""
    code = normalise(code)
    data = table(vintage)
    year = data["vintage"]
    if not CODE_RE.match(code):
        raise CogError(
            _(
                "« %(code)s » n’est pas un code INSEE de commune : il compte 5 caractères, "
                "par exemple 93014."
            )
            % {"code": code[:20]}
        )
    row = data["communes"].get(code)
    if row is not None:
        return _commune(row, data)
    former = data["former"].get(code)
    if former is None:
        raise CogError(
            _("Le code INSEE %(code)s ne correspond à aucune commune du COG %(year)s.")
            % {"code": code, "year": year}
        )
    _code, name, current_code, kind = former
    current = data["communes"].get(current_code)
    current_name = current[1] if current is not None else current_code
    values = {
        "code": code,
        "name": name,
        "current": current_name,
        "current_code": current_code,
        "year": year,
    }
    if kind in ("deleguee", "associee"):
        raise CogError(
            _(
                "La commune %(code)s (%(name)s) a fusionné dans %(current)s (%(current_code)s) : "
                "créez le territoire avec %(current_code)s."
            )
            % values
        )
    if kind == "arrondissement":
        raise CogError(
            _(
                "Le code %(code)s est celui d’un arrondissement municipal (%(name)s) de "
                "%(current)s : créez le territoire avec %(current_code)s."
            )
            % values
        )
    raise CogError(
        _(
            "Le code INSEE %(code)s n’est plus en vigueur au COG %(year)s : la commune est "
            "aujourd’hui %(current)s (%(current_code)s) ; créez le territoire avec "
            "%(current_code)s."
        )
        % values
    )


def departement(code: str, *, vintage: int = VINTAGE) -> Departement:
    data = table(vintage)
    name = data["departements"].get(code)
    if name is None:
        raise CogError(
            _("Le département %(code)s n’existe pas au COG %(year)s.")
            % {"code": code, "year": data["vintage"]}
        )
    return Departement(code=code, name=name, vintage=data["vintage"])


def _commune(row: list[Any], data: dict[str, Any]) -> Commune:
    code, name, dep, epci, population = row
    return Commune(
        code=code,
        name=name,
        departement_code=dep,
        departement_name=data["departements"].get(dep, dep),
        epci_siren=epci,
        epci_name=data["epci"].get(epci, ""),
        population=population,
        vintage=data["vintage"],
    )
