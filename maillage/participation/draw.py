"""The reproducible draw by lot of the Conseil citoyen's residents' college
(docs/participation.md, « Tirage au sort », algorithm ``maillage-tirage-v1``).

Pure functions, no database: the same list, public value, number of seats and balancing
give the same result on any machine, so that anyone holding the list can check a draw
(the « vérifier » page, ``manage.py verify_draw``).

1. The list is a CSV (``;``, ``,`` or tab, UTF-8 with or without BOM) with a header line
   and an ``id`` column; ``nom``, ``quartier`` and ``genre`` are optional.
2. Canonical list: every value is put in Unicode NFC form and its runs of white space
   become one space (trimmed); the rows are sorted by ``id`` (code-point order) and written
   ``id<TAB>nom<TAB>quartier<TAB>genre<LF>`` in UTF-8. ``list_hash`` is its SHA-256.
3. ``seed`` = SHA-256 of ``maillage-tirage-v1<LF><public value, normalised as above><LF>
   <list_hash>`` (hexadecimal).
4. Each line's rank key is the SHA-256 of ``<seed><TAB><id>``; lines are ranked by key
   (then id), smallest first.
5. Without balancing the first ``seats`` lines are drawn. With balancing by a column,
   each value of the column (an empty value is a group too) gets
   ``floor(seats × size / total)`` seats, the seats left going one each to the groups with
   the largest remainder ``seats × size mod total`` (ties: the group whose best-ranked line
   comes first); each group's seats go to its best-ranked lines. The result is listed in
   rank order.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ALGORITHM = "maillage-tirage-v1"
COLUMNS = ("id", "nom", "quartier", "genre")
BALANCE_COLUMNS = ("quartier", "genre")
ALIASES = {"identifiant": "id", "name": "nom", "prenom": "nom", "sexe": "genre"}
MAX_LINES = 20000
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Candidate:
    id: str
    nom: str = ""
    quartier: str = ""
    genre: str = ""

    def canonical(self) -> str:
        return f"{self.id}\t{self.nom}\t{self.quartier}\t{self.genre}\n"

    def public(self, rank: int) -> dict[str, object]:
        """What a drawn line shows: never its ``genre``."""
        return {"rank": rank, "id": self.id, "nom": self.nom, "quartier": self.quartier}


@dataclass(frozen=True)
class Outcome:
    list_hash: str
    seed: str
    candidates_count: int
    drawn: list[dict[str, object]]


def normalise(value: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def parse(text: str) -> list[Candidate]:
    """The candidates of a CSV text, or a French ``ValidationError``."""
    text = text.lstrip("\ufeff").strip()
    if not text:
        raise ValidationError({"source": _("La liste est vide.")})
    first = text.splitlines()[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [ALIASES.get(normalise(name).lower(), normalise(name).lower()) for name in rows[0]]
    if "id" not in header:
        raise ValidationError(
            {"source": _("La première ligne doit nommer les colonnes, dont une colonne « id ».")}
        )
    body = [row for row in rows[1:] if any(cell.strip() for cell in row)]
    if not body:
        raise ValidationError({"source": _("La liste est vide : aucune ligne après l’en-tête.")})
    if len(body) > MAX_LINES:
        raise ValidationError(
            {"source": _("La liste dépasse %(max)s lignes.") % {"max": MAX_LINES}}
        )
    seen: set[str] = set()
    candidates = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ValidationError(
                {
                    "source": _("Ligne %(line)s : %(found)s colonnes au lieu de %(expected)s.")
                    % {"line": number, "found": len(row), "expected": len(header)}
                }
            )
        values = {
            name: normalise(cell) for name, cell in zip(header, row, strict=True) if name in COLUMNS
        }
        if not values.get("id"):
            raise ValidationError(
                {"source": _("Ligne %(line)s : l’id est vide.") % {"line": number}}
            )
        if values["id"] in seen:
            raise ValidationError(
                {
                    "source": _("Ligne %(line)s : l’id « %(id)s » est en double.")
                    % {"line": number, "id": values["id"]}
                }
            )
        seen.add(values["id"])
        candidates.append(Candidate(**values))
    return candidates


def list_hash(candidates: list[Candidate]) -> str:
    ordered = sorted(candidates, key=lambda candidate: candidate.id)
    return hashlib.sha256("".join(c.canonical() for c in ordered).encode()).hexdigest()


def seed_for(public_value: str, hashed: str) -> str:
    return hashlib.sha256(f"{ALGORITHM}\n{normalise(public_value)}\n{hashed}".encode()).hexdigest()


def _key(seed: str, candidate: Candidate) -> tuple[str, str]:
    return hashlib.sha256(f"{seed}\t{candidate.id}".encode()).hexdigest(), candidate.id


def draw(
    candidates: list[Candidate], *, seats: int, seed: str, balance_by: str = ""
) -> list[Candidate]:
    ranked = sorted(candidates, key=lambda candidate: _key(seed, candidate))
    if not balance_by:
        return ranked[:seats]
    groups: dict[str, list[Candidate]] = {}
    for candidate in ranked:
        groups.setdefault(getattr(candidate, balance_by), []).append(candidate)
    total = len(ranked)
    quotas = {name: seats * len(members) // total for name, members in groups.items()}
    left = seats - sum(quotas.values())
    position = {candidate.id: index for index, candidate in enumerate(ranked)}
    by_remainder = sorted(
        groups,
        key=lambda name: (-(seats * len(groups[name]) % total), position[groups[name][0].id]),
    )
    for name in by_remainder[:left]:
        quotas[name] += 1
    chosen = {c.id for name, members in groups.items() for c in members[: quotas[name]]}
    return [candidate for candidate in ranked if candidate.id in chosen]


def run(text: str, *, public_value: str, seats: int, balance_by: str = "") -> Outcome:
    """Parse, hash, seed and draw; a French ``ValidationError`` on bad input."""
    if not normalise(public_value):
        raise ValidationError({"public_value": _("Donnez la valeur publique qui fait la graine.")})
    if balance_by and balance_by not in BALANCE_COLUMNS:
        raise ValidationError({"balance_by": _("Équilibre possible par quartier ou par genre.")})
    candidates = parse(text)
    if seats < 1:
        raise ValidationError({"seats": _("Il faut au moins un siège.")})
    if seats > len(candidates):
        raise ValidationError(
            {
                "seats": _(
                    "Il y a %(seats)s sièges pour %(count)s candidatures : il faut plus de "
                    "candidatures que de sièges."
                )
                % {"seats": seats, "count": len(candidates)}
            }
        )
    if balance_by and not any(getattr(c, balance_by) for c in candidates):
        raise ValidationError(
            {
                "balance_by": _("La liste n’a pas de colonne « %(column)s » remplie.")
                % {"column": balance_by}
            }
        )
    hashed = list_hash(candidates)
    seed = seed_for(public_value, hashed)
    drawn = draw(candidates, seats=seats, seed=seed, balance_by=balance_by)
    return Outcome(
        list_hash=hashed,
        seed=seed,
        candidates_count=len(candidates),
        drawn=[candidate.public(rank) for rank, candidate in enumerate(drawn, start=1)],
    )
