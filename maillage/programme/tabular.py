"""Spreadsheets in and out, the way French users have them: CSV with `;` and a BOM for
Excel, or XLSX; numbers with a decimal comma and spaces between thousands; dates as
JJ/MM/AAAA.

Exports are written by ``maillage.core.exports``, which neutralises cells that a
spreadsheet would run as a formula by prefixing a quote; imports here take that quote off
again, so that a round trip gives back the same text."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from maillage.core.exports import french_number, unneutralise
from maillage.core.text import fold

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000


class TableError(ValueError):
    """The file as a whole cannot be read (wrong type, empty, too big)."""


# --------------------------------------------------------------------------- reading


@dataclass
class Row:
    line: int
    values: dict[str, Any]


@dataclass
class Table:
    headers: list[str]
    rows: list[Row]
    # column key → the header as written in the file, and its letter in the sheet
    columns: dict[str, tuple[str, str]]
    ignored: list[str]


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(_("Le fichier n’est ni en UTF-8 ni en Latin-1 : enregistrez-le en CSV UTF-8."))


def _csv_rows(data: bytes) -> list[list[Any]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise TableError(_("Le fichier XLSX est illisible ou endommagé.")) from exc
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_table(data: bytes, filename: str, expected: dict[str, str]) -> Table:
    """Read a CSV or XLSX file whose first row names the columns. ``expected`` maps column
    keys to their headers; headers match whatever their case, accents or spacing."""
    if len(data) > MAX_BYTES:
        raise TableError(_("Le fichier dépasse 10 Mo."))
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xlsx" or data[:4] == b"PK\x03\x04":
        raw = _xlsx_rows(data)
    elif suffix in (".csv", ".txt", ""):
        raw = _csv_rows(data)
    else:
        raise TableError(_("Envoyez un fichier CSV ou XLSX."))
    while raw and all(_blank(v) for v in raw[0]):
        raw.pop(0)
    if not raw:
        raise TableError(_("Le fichier est vide."))
    if len(raw) > MAX_ROWS + 1:
        raise TableError(_("Le fichier dépasse %d lignes.") % MAX_ROWS)
    headers = ["" if v is None else unneutralise(str(v)).strip() for v in raw[0]]
    wanted = {fold(header): key for key, header in expected.items()}
    positions: dict[str, int] = {}
    columns: dict[str, tuple[str, str]] = {}
    ignored = []
    for index, header in enumerate(headers):
        key = wanted.get(fold(header))
        if key is None:
            if header:
                ignored.append(header)
            continue
        positions[key] = index
        columns[key] = (header, column_letter(index))
    rows = []
    for offset, values in enumerate(raw[1:], start=2):
        if all(_blank(v) for v in values):
            continue
        cells = {
            key: _clean(values[index]) if index < len(values) else None
            for key, index in positions.items()
        }
        rows.append(Row(offset, cells))
    return Table(headers, rows, columns, ignored)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return unneutralise(value.strip())
    return value


# --------------------------------------------------------------------------- values

_SPACES = re.compile(r"[\s\u00a0\u202f']")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def parse_decimal(value: Any) -> Decimal | None:
    """ "1 234,5", "1234.5", "1.234,5" → Decimal; blank → None; anything else ValueError
    with a message for the user."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(_("« %s » n’est pas un nombre.") % value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    text = _SPACES.sub("", str(value))
    if "," in text and "." in text:
        # Whichever comes last is the decimal mark: "1.234,5" and "1,234.5".
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "")
    text = text.replace(",", ".")
    if not _NUMBER.fullmatch(text):
        raise ValueError(_("« %s » n’est pas un nombre.") % str(value).strip())
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(_("« %s » n’est pas un nombre.") % str(value).strip()) from exc


_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")


def parse_date(value: Any) -> datetime.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("« %s » n’est pas une date (attendu : JJ/MM/AAAA).") % text)


def parse_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal | float):
        return french_number(Decimal(repr(value)) if isinstance(value, float) else value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


LIST_SEPARATOR = " | "


def parse_list(value: Any) -> list[str]:
    """Items separated by "|" or by line breaks (names may contain commas)."""
    text = parse_text(value)
    return [item.strip() for item in re.split(r"[|\n]", text) if item.strip()]


def join_list(items: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(items)
