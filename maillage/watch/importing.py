"""Reading a CSV file of signals (an organisation's own records of what its teams see).

Pure parsing: the file is decoded (UTF-8, with or without BOM, else Windows-1252), its
separator found (";" or ","), its columns matched by name (accents and case ignored) and
each line turned into the keyword arguments of ``services.report_signal``, or into French
messages naming the line. The personal-data gate runs on every free-text cell here, so
that the author sees every passage to rephrase at once; the service runs it again.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from maillage.core.text import fold
from maillage.network import vocab
from maillage.watch import gate
from maillage.watch.models import Signal

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000

# Column (folded header) → the name used here. The first name of each is the template's.
COLUMNS = {
    "intitule": "title",
    "titre": "title",
    "description": "description",
    "thematique": "thematique",
    "publics": "publics",
    "publics concernes": "publics",
    "lieu": "place",
    "code lieu": "place",
    "observe depuis": "observed_since",
    "depuis": "observed_since",
    "tendance": "trend",
    "situations": "situations_count",
    "nombre de situations": "situations_count",
    "visibilite": "audience",
}
REQUIRED = ("title", "description", "thematique", "observed_since", "trend", "situations_count")
TEMPLATE_HEADER = [
    "intitule",
    "description",
    "thematique",
    "publics",
    "lieu",
    "observe_depuis",
    "tendance",
    "situations",
    "visibilite",
]
TRENDS = {
    "ponctuel": Signal.Trend.ONE_OFF,
    "recurrent": Signal.Trend.RECURRING,
    "en hausse": Signal.Trend.RISING,
    "hausse": Signal.Trend.RISING,
    **{str(value): value for value in Signal.Trend.values},
}
AUDIENCES = {
    "": Signal.Audience.CELL,
    "cellule": Signal.Audience.CELL,
    "cellule de veille": Signal.Audience.CELL,
    "partenaires": Signal.Audience.PARTNERS,
    "tous les partenaires": Signal.Audience.PARTNERS,
    **{str(value): value for value in Signal.Audience.values},
}


@dataclass
class ParsedFile:
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # (line, fields)
    errors: list[str] = field(default_factory=list)


def decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")


def _key(header: str) -> str:
    return fold(header.replace("_", " "))


def _date(value: str) -> datetime.date | None:
    value = value.strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _line_messages(line: int, column: str, text: str) -> list[str]:
    screening = gate.screen(text)
    if screening.ok:
        return []
    prefix = _("Ligne %(line)d, colonne « %(column)s » : ") % {"line": line, "column": column}
    return [prefix + message for message in gate.messages(screening)]


def parse(content: bytes, places: dict[str, Any]) -> ParsedFile:
    """Lines of the file as ``report_signal`` arguments (without actor, territory and
    organisation), or the messages that refuse it. ``places``: the territory's quartiers,
    IRIS and QPV by folded code and by folded name."""
    result = ParsedFile()
    if len(content) > MAX_BYTES:
        result.errors.append(_("Le fichier dépasse 2 Mo : découpez-le."))
        return result
    text = decode(content)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        result.errors.append(_("Le fichier est vide."))
        return result
    names = {index: COLUMNS.get(_key(cell)) for index, cell in enumerate(header)}
    missing = [name for name in REQUIRED if name not in names.values()]
    if missing:
        result.errors.append(
            _("Colonnes manquantes : %(columns)s. L’en-tête attendu est : %(header)s.")
            % {
                "columns": ", ".join(missing),
                "header": ";".join(TEMPLATE_HEADER),
            }
        )
        return result
    topics = vocab.labels(vocab.Thematique)
    topic_by_label = {fold(label): value for value, label in topics.items()}
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(result.rows) + 1 > MAX_ROWS:
            result.errors.append(
                _("Plus de %(count)d lignes : découpez le fichier.") % {"count": MAX_ROWS}
            )
            break
        raw = {names[i]: cell.strip() for i, cell in enumerate(cells) if names.get(i)}
        errors: list[str] = []
        for column, label in (("title", _("intitulé")), ("description", _("description"))):
            if not raw.get(column):
                errors.append(
                    _("Ligne %(line)d : la colonne « %(column)s » est vide.")
                    % {"line": line, "column": label}
                )
            else:
                errors += _line_messages(line, str(label), raw[column])
        thematique = raw.get("thematique", "")
        thematique = (
            thematique if thematique in topics else topic_by_label.get(fold(thematique), "")
        )
        if not thematique:
            errors.append(
                _(
                    "Ligne %(line)d : thématique inconnue « %(value)s » (code ou libellé data·inclusion)."
                )
                % {"line": line, "value": raw.get("thematique", "")}
            )
        observed = _date(raw.get("observed_since", ""))
        if observed is None:
            errors.append(
                _("Ligne %(line)d : date « %(value)s » illisible (JJ/MM/AAAA).")
                % {"line": line, "value": raw.get("observed_since", "")}
            )
        trend = TRENDS.get(fold(raw.get("trend", "")).replace("-", " "), "")
        if not trend:
            errors.append(
                _(
                    "Ligne %(line)d : tendance « %(value)s » inconnue (ponctuel, récurrent, en hausse)."
                )
                % {"line": line, "value": raw.get("trend", "")}
            )
        count_text = raw.get("situations_count", "").replace(" ", "")
        if not count_text.isdigit():
            errors.append(
                _(
                    "Ligne %(line)d : le nombre de situations doit être un nombre entier, pas « %(value)s »."
                )
                % {"line": line, "value": raw.get("situations_count", "")}
            )
        audience = AUDIENCES.get(fold(raw.get("audience", "")), "")
        if not audience:
            errors.append(
                _("Ligne %(line)d : visibilité « %(value)s » inconnue (cellule ou partenaires).")
                % {"line": line, "value": raw.get("audience", "")}
            )
        place = None
        if raw.get("place"):
            place = places.get(fold(raw["place"]))
            if place is None:
                errors.append(
                    _(
                        "Ligne %(line)d : lieu « %(value)s » inconnu : un code ou un nom de "
                        "quartier, d’IRIS ou de QPV du territoire (jamais une adresse), ou vide "
                        "pour tout le territoire."
                    )
                    % {"line": line, "value": raw["place"]}
                )
        publics = [
            p.strip() for p in raw.get("publics", "").replace(",", "|").split("|") if p.strip()
        ]
        if errors:
            result.errors += errors
            continue
        result.rows.append(
            (
                line,
                {
                    "title": raw["title"],
                    "description": raw["description"],
                    "thematique": thematique,
                    "publics": publics,
                    "place": place,
                    "observed_since": observed,
                    "trend": trend,
                    "situations_count": int(count_text),
                    "audience": audience,
                },
            )
        )
    if not result.rows and not result.errors:
        result.errors.append(_("Le fichier ne contient aucune ligne de signalement."))
    return result
