"""From a file to value rows: the column plan (INSEE layout or a partner's mapping), the
checks with line numbers, and the fast writer (COPY on PostgreSQL, bulk inserts
elsewhere). ``services`` drives it; the preview and the import read files the same way."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.observatory.catalogue import FILOSOFI_STEMS
from maillage.observatory.figures import GeoLevel
from maillage.observatory.models import VARIABLE_CODE_MAX, Value
from maillage.observatory.reading import FileRefused, Table, open_table, parse_number
from maillage.territories.validators import (
    validate_commune_code,
    validate_departement_code,
    validate_iris_code,
    validate_qpv_code,
)

INSEE_KEYS = {"CODGEO": GeoLevel.COMMUNE, "IRIS": GeoLevel.IRIS, "DEP": GeoLevel.DEPARTEMENT}
# Descriptive columns of INSEE files: names, parents, typologies. Not variables.
INSEE_DESCRIPTORS = {
    "COM", "DEP", "REG", "ARR", "CV", "EPCI", "UU2010", "UU2020", "ZE2010", "ZE2020", "AU2010",
    "TYP_IRIS", "MODIF_IRIS", "LAB_IRIS", "GRD_QUART", "TRIRIS", "IRIS", "CODGEO", "AAV2020",
    "TAAV2017", "TDAAV2017", "CATEAAV2020", "BV2012", "BV2022",
}  # fmt: skip
CENSUS_CODE = re.compile(r"^([A-Z]+)(\d{2})_(\w+)$")
VARIABLE_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")
MAX_ERRORS = 20
NULL = "\\N"
MAX_VALUE = Decimal(10) ** 14  # Value.value holds 20 digits, 6 after the point
PREVIEW_ROWS = 8
LEVEL_VALIDATORS: dict[str, Callable[[str], None]] = {
    GeoLevel.COMMUNE: validate_commune_code,
    GeoLevel.IRIS: validate_iris_code,
    GeoLevel.QPV: validate_qpv_code,
    GeoLevel.DEPARTEMENT: validate_departement_code,
}


class ImportFailed(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    variable: str
    period: int


@dataclass
class Plan:
    level: str
    geo_index: int
    geo_header: str
    columns: list[Column]
    period_index: int | None = None


@dataclass
class Outcome:
    """What a pass over the file found: for the preview and the import log."""

    rows: int = 0
    values: int = 0
    missing: int = 0
    errors: list[str] = field(default_factory=list)
    sample: list[list[str]] = field(default_factory=list)
    variables: dict[str, bool] = field(default_factory=dict)  # code -> only whole numbers
    periods: set[int] = field(default_factory=set)
    complete: bool = True

    def error(self, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(message)

    @property
    def ok(self) -> bool:
        return not self.errors


def insee_variable(header: str, default_period: int | None) -> tuple[str, int | None]:
    """``P21_POP`` → (``P_POP``, 2021); ``TP6021`` → (``TP60``, 2021); else the header."""
    code = header.strip().upper()
    match = CENSUS_CODE.match(code)
    if match:
        return f"{match.group(1)}_{match.group(3)}", 2000 + int(match.group(2))
    for stem in FILOSOFI_STEMS:
        if len(code) == len(stem) + 2 and code.startswith(stem) and code[-2:].isdigit():
            return stem, 2000 + int(code[-2:])
    return code, default_period


def insee_plan(table: Table, *, period: int | None) -> Plan:
    if table.separator and table.separator != ";":
        raise FileRefused(
            _(
                "Un fichier INSEE est séparé par des points-virgules (;) ; celui-ci semble "
                "séparé par « %s ». Téléchargez-le de nouveau depuis insee.fr sans le modifier."
            )
            % ("tabulation" if table.separator == "\t" else table.separator)
        )
    upper = [h.upper() for h in table.header]
    key = next((k for k in ("IRIS", "CODGEO", "DEP") if k in upper), None)
    if key is None:
        raise FileRefused(
            _(
                "Colonne de code géographique introuvable : un fichier INSEE a une colonne CODGEO ou IRIS."
            )
        )
    columns: list[Column] = []
    without_period: list[str] = []
    seen: dict[tuple[str, int], str] = {}
    for index, header in enumerate(upper):
        if not header or header in INSEE_DESCRIPTORS or header.startswith("LIB"):
            continue
        variable, column_period = insee_variable(header, period)
        if column_period is None:
            without_period.append(header)
            continue
        if not VARIABLE_CODE.match(variable) or len(variable) > VARIABLE_CODE_MAX:
            raise FileRefused(_("Nom de colonne inattendu : « %s ».") % table.header[index])
        if (variable, column_period) in seen:
            raise FileRefused(
                _("Les colonnes « %(a)s » et « %(b)s » donnent la même variable.")
                % {"a": seen[(variable, column_period)], "b": header}
            )
        seen[(variable, column_period)] = header
        columns.append(Column(index, table.header[index], variable, column_period))
    if without_period:
        raise FileRefused(
            _("Indiquez l’année des données : les colonnes %s ne la portent pas.")
            % ", ".join(without_period[:5])
        )
    if not columns:
        raise FileRefused(_("Aucune colonne de valeurs dans ce fichier."))
    return Plan(level=INSEE_KEYS[key], geo_index=upper.index(key), geo_header=key, columns=columns)


def partner_plan(table: Table, mapping: dict[str, Any]) -> Plan:
    headers = table.header
    geo_column = mapping.get("geo_column", "")
    if geo_column not in headers:
        raise FileRefused(
            _("La colonne de code géographique « %s » est absente du fichier.") % geo_column
        )
    period_column = mapping.get("period_column") or ""
    period = mapping.get("period")
    if period_column and period_column not in headers:
        raise FileRefused(_("La colonne d’année « %s » est absente du fichier.") % period_column)
    if not period_column and not period:
        raise FileRefused(_("Indiquez l’année des données ou la colonne qui la porte."))
    columns: list[Column] = []
    for header, code in (mapping.get("variables") or {}).items():
        if not VARIABLE_CODE.match(code or "") or len(code) > VARIABLE_CODE_MAX:
            raise FileRefused(_("Code de variable invalide : « %s ».") % code)
        if header not in headers:
            raise FileRefused(_("La colonne « %s » est absente du fichier.") % header)
        columns.append(Column(headers.index(header), header, code, int(period or 0)))
    if not columns:
        raise FileRefused(_("Associez au moins une colonne à une variable."))
    return Plan(
        level=mapping.get("level", GeoLevel.COMMUNE),
        geo_index=headers.index(geo_column),
        geo_header=geo_column,
        columns=columns,
        period_index=headers.index(period_column) if period_column else None,
    )


ValueRow = tuple[
    str, str, str, int, Decimal | None, str
]  # variable level code period value missing


def scan(
    table: Table,
    plan: Plan,
    *,
    known_codes: set[str] | None = None,
    limit: int | None = None,
    sink: Callable[[list[ValueRow]], None] | None = None,
    progress: Callable[[int], None] | None = None,
    chunk: int = 2000,
) -> Outcome:
    """One pass: check every row, hand value rows to ``sink`` in chunks. ``known_codes``
    are the only codes allowed at the level (QPV and neighbourhoods of the territory)."""
    outcome = Outcome()
    validator = LEVEL_VALIDATORS.get(plan.level)
    seen: dict[tuple[str, int], int] = {}
    batch: list[ValueRow] = []
    width = len(table.header)
    for line, row in table.rows:
        if limit is not None and outcome.rows >= limit:
            outcome.complete = False
            break
        outcome.rows += 1
        if len(outcome.sample) < PREVIEW_ROWS:
            outcome.sample.append([("" if c is None else str(c)) for c in row[:width]])
        if len(row) != width and table.separator:
            outcome.error(
                ngettext(
                    "Ligne %(line)s : %(found)s colonne au lieu de %(expected)s "
                    "(séparateur ou guillemets ?).",
                    "Ligne %(line)s : %(found)s colonnes au lieu de %(expected)s "
                    "(séparateur ou guillemets ?).",
                    len(row),
                )
                % {"line": line, "found": len(row), "expected": width}
            )
            continue
        code = _code(row[plan.geo_index])
        bad_code = _check_code(code, plan.level, validator, known_codes)
        if bad_code:
            outcome.error(_("Ligne %(line)s : %(message)s") % {"line": line, "message": bad_code})
            continue
        periods = _row_period(row, plan, line, outcome)
        if periods is None:
            continue
        key = (code, periods)
        if key in seen:
            outcome.error(
                _("Ligne %(line)s : le code %(code)s figure déjà ligne %(first)s.")
                % {"line": line, "code": code, "first": seen[key]}
            )
            continue
        seen[key] = line
        for column in plan.columns:
            raw = row[column.index] if column.index < len(row) else None
            parsed = parse_number(raw)
            if parsed is None:
                outcome.error(
                    _("Ligne %(line)s, colonne %(column)s : « %(text)s » n’est pas un nombre.")
                    % {"line": line, "column": column.header, "text": str(raw)[:40]}
                )
                continue
            value, missing = parsed
            if value is not None and abs(value) >= MAX_VALUE:
                outcome.error(
                    _("Ligne %(line)s, colonne %(column)s : « %(text)s » est hors des bornes.")
                    % {"line": line, "column": column.header, "text": str(raw)[:40]}
                )
                continue
            period = periods if plan.period_index is not None else column.period
            outcome.periods.add(period)
            whole = outcome.variables.get(column.variable, True)
            if value is None:
                outcome.missing += 1
            else:
                outcome.values += 1
                whole = whole and value == value.to_integral_value()
            outcome.variables[column.variable] = whole
            if sink is not None and not outcome.errors:
                batch.append((column.variable, plan.level, code, period, value, missing))
        if sink is not None and len(batch) >= chunk:
            if not outcome.errors:
                sink(batch)
            batch = []
            if progress is not None:
                progress(outcome.rows)
        if len(outcome.errors) >= MAX_ERRORS:
            outcome.complete = False
            break
    if sink is not None and batch and not outcome.errors:
        sink(batch)
    if progress is not None:
        progress(outcome.rows)
    if outcome.rows == 0 and not outcome.errors:
        outcome.error(_("Le fichier ne contient aucune ligne de données."))
    return outcome


def _code(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return str(raw).strip().upper()


def _check_code(
    code: str, level: str, validator: Callable[[str], None] | None, known: set[str] | None
) -> str:
    if not code:
        return _("code géographique vide.")
    if any(c in code for c in "\t\r\n\\"):
        return _("code « %s » mal formé.") % code.strip()
    if level == GeoLevel.FRANCE:
        return "" if code == "FR" else _("au niveau France, le code est FR (reçu « %s »).") % code
    if validator is not None:
        try:
            validator(code)
        except ValidationError as exc:
            return _("code « %(code)s » mal formé. %(why)s") % {
                "code": code,
                "why": exc.messages[0],
            }
    if known is not None and code not in known:
        return _("code « %s » inconnu sur ce territoire.") % code
    return ""


def _row_period(row: list[Any], plan: Plan, line: int, outcome: Outcome) -> int | None:
    if plan.period_index is None:
        return 0
    raw = row[plan.period_index]
    text = _code(raw)
    if not re.match(r"^(19|20)\d{2}$", text):
        outcome.error(
            _("Ligne %(line)s : année « %(text)s » illisible (attendu : 2021).")
            % {"line": line, "text": text[:20]}
        )
        return None
    return int(text)


# --------------------------------------------------------------------------- writing


def writer(dataset_id: int) -> Callable[[list[ValueRow]], None]:
    """COPY on PostgreSQL (the fastest way in), bulk inserts elsewhere."""
    if connection.vendor == "postgresql":
        table = Value._meta.db_table
        columns = "dataset_id, variable, level, geo_code, period, value, missing"

        def copy_rows(rows: list[ValueRow]) -> None:
            # COPY's text format written directly: codes and variables were checked to
            # hold no tab, newline or backslash, and numbers print as PostgreSQL reads them.
            text = "".join(
                f"{dataset_id}\t{variable}\t{level}\t{code}\t{period}\t"
                f"{NULL if value is None else value}\t{missing}\n"
                for variable, level, code, period, value, missing in rows
            )
            with connection.cursor() as cursor:
                raw = cursor.cursor  # the psycopg cursor under Django's wrapper
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    copy.write(text)

        return copy_rows

    def bulk(rows: list[ValueRow]) -> None:
        Value.objects.bulk_create(
            [
                Value(
                    dataset_id=dataset_id,
                    variable=variable,
                    level=level,
                    geo_code=code,
                    period=period,
                    value=value,
                    missing=missing,
                )
                for variable, level, code, period, value, missing in rows
            ],
            batch_size=1000,
        )

    return bulk


def open_for(handle: IO[bytes], *, size: int, kind: str) -> Table:
    keys = tuple(INSEE_KEYS) if kind == "insee" else ()
    return open_table(handle, size=size, key_columns=keys)
