"""Reading data files as users download them, in bounded memory.

- CSV: INSEE's ``;``-separated files with decimal commas, in UTF-8 (with or without BOM)
  or Latin-1; partners' files separated by ``;``, ``,`` or tabs. Read line by line.
- XLSX: the zip's declared sizes are checked before openpyxl opens it (a zip bomb is
  refused unread), then rows are streamed in read-only mode; title rows above the real
  header are skipped.

Cells become ``Parsed`` values: a ``Decimal`` or a missing reason (``s``, ``nd``, ``ns``,
``so``, blank), never 0 for a missing value."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from maillage.observatory.models import Missing

ZIP_MAGIC = b"PK\x03\x04"
MISSING_TOKENS = {
    "s": Missing.SECRET,
    "nd": Missing.NOT_AVAILABLE,
    "ns": Missing.NOT_SIGNIFICANT,
    "so": Missing.NOT_APPLICABLE,
    "": Missing.BLANK,
}
SPACES = re.compile(r"[\s\u00a0\u202f]+")
NUMBER = re.compile(r"^[-+]?(\d+([.,]\d*)?|[.,]\d+)([eE][-+]?\d+)?$")
HEADER_SCAN_ROWS = 30


class FileRefused(ValueError):
    """The whole file is refused (size, format, zip bomb, separator): one French message."""


def max_bytes() -> int:
    return int(getattr(settings, "OBSERVATORY_MAX_UPLOAD_BYTES", 200 * 1024 * 1024))


def max_uncompressed() -> int:
    return int(getattr(settings, "OBSERVATORY_MAX_XLSX_UNCOMPRESSED", 500 * 1024 * 1024))


MAX_RATIO = 100


def too_large_message(size: int) -> str:
    return _(
        "Le fichier pèse %(size)s Mo, au-delà de la limite de %(limit)s Mo : découpez-le "
        "ou demandez un import par la commande d’administration."
    ) % {"size": round(size / 1024 / 1024, 1), "limit": round(max_bytes() / 1024 / 1024)}


def check_size(size: int) -> None:
    if size > max_bytes():
        raise FileRefused(too_large_message(size))


def _plain_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def parse_number(text: Any) -> tuple[Decimal | None, str] | None:
    """``(value, "")``, ``(None, reason)`` for a missing token, or None for text."""
    if text is None:
        return None, Missing.BLANK
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        return Decimal(str(text)), ""
    if isinstance(text, Decimal):
        return text, ""
    text = str(text)
    # The common case first: a plain number, with a decimal comma or point. Anything else
    # (spaces between thousands, a secrecy token, text) falls through to the slow path.
    quick = _plain_decimal(text) if "_" not in text else None
    if quick is not None:
        return (quick, "") if quick.is_finite() else None
    raw = SPACES.sub("", text).strip()
    token = raw.lower()
    if token in MISSING_TOKENS:
        return None, MISSING_TOKENS[token]
    if not NUMBER.match(raw):
        return None
    try:
        return Decimal(raw.replace(",", ".")), ""
    except InvalidOperation:
        return None


@dataclass
class Table:
    """A header and a stream of rows, each with its line number in the file."""

    header: list[str]
    header_line: int
    rows: Iterator[tuple[int, list[Any]]]
    separator: str = ""
    encoding: str = ""
    notes: list[str] = field(default_factory=list)
    closer: Any = None

    def close(self) -> None:
        if self.closer is not None:
            self.closer()


def open_table(handle: IO[bytes], *, size: int, key_columns: tuple[str, ...] = ()) -> Table:
    """Open a CSV or XLSX file. ``key_columns`` (INSEE: CODGEO, IRIS) tell which row is the
    real header when title rows sit above it; without them the first full row is."""
    check_size(size)
    handle.seek(0)
    head = handle.read(4)
    handle.seek(0)
    if head == ZIP_MAGIC:
        return _open_xlsx(handle, key_columns)
    return _open_csv(handle, key_columns)


# --------------------------------------------------------------------------- CSV


def _encoding(handle: IO[bytes]) -> str:
    """UTF-8 (BOM or not) when every byte decodes, else Latin-1. One streamed pass."""
    handle.seek(0)
    start = handle.read(3)
    if start == codecs.BOM_UTF8:
        return "utf-8-sig"
    handle.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    encoding = "utf-8"
    try:
        while chunk := handle.read(1024 * 1024):
            if b"\x00" in chunk:
                # Neither a CSV file nor storable: PostgreSQL text refuses NUL.
                raise FileRefused(
                    _(
                        "Le fichier contient des caractères nuls : ce n’est pas un fichier CSV texte."
                    )
                )
            if encoding == "utf-8":
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    encoding = "latin-1"
        if encoding == "utf-8":
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                encoding = "latin-1"
    finally:
        handle.seek(0)
    return encoding


def _open_csv(handle: IO[bytes], key_columns: tuple[str, ...]) -> Table:
    encoding = _encoding(handle)
    text = io.TextIOWrapper(handle, encoding=encoding, newline="")
    first_lines: list[str] = []
    for _i in range(HEADER_SCAN_ROWS):
        line = text.readline()
        if not line:
            break
        first_lines.append(line)
    if not first_lines or not "".join(first_lines).strip():
        raise FileRefused(_("Le fichier est vide."))
    header_index = 0
    if key_columns:
        for index, line in enumerate(first_lines):
            cells = {c.strip().strip('"').upper() for c in re.split(r"[;,\t]", line)}
            if cells & set(key_columns):
                header_index = index
                break
    header_text = first_lines[header_index]
    counts = {sep: header_text.count(sep) for sep in (";", ",", "\t")}
    separator = max(counts, key=lambda s: counts[s])
    if counts[separator] == 0:
        raise FileRefused(
            _(
                "Aucun séparateur de colonnes reconnu sur la ligne d’en-tête : le fichier doit "
                "être séparé par des points-virgules (;)."
            )
        )
    # Everything after the lines already read, as one stream again.
    rest = first_lines[header_index:]
    reader = csv.reader(_chain(rest, text), delimiter=separator)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise FileRefused(_("La ligne d’en-tête est illisible (%s).") % exc) from exc
    header_line = header_index + 1

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = header_line
        try:
            for number, row in enumerate(reader, start=header_line + 1):
                if not any(cell.strip() for cell in row):
                    continue
                yield number, row
        except csv.Error as exc:
            raise FileRefused(
                _("Ligne %(line)s : contenu illisible (%(why)s).")
                % {"line": number + 1, "why": exc}
            ) from exc

    table = Table(
        header=header,
        header_line=header_line,
        rows=rows(),
        separator=separator,
        encoding=encoding,
        closer=text.detach,
    )
    return table


def _chain(lines: list[str], text: IO[str]) -> Iterator[str]:
    yield from lines
    yield from text


# --------------------------------------------------------------------------- XLSX


def check_zip(handle: IO[bytes]) -> None:
    """Refuse a zip whose declared content is huge or compressed suspiciously well."""
    try:
        archive = zipfile.ZipFile(handle)
    except zipfile.BadZipFile as exc:
        raise FileRefused(_("Ce fichier XLSX est illisible (archive endommagée).")) from exc
    with archive:
        total = 0
        for info in archive.infolist():
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_RATIO and info.file_size > 1024 * 1024:
                raise FileRefused(
                    _(
                        "Ce fichier XLSX est refusé : son contenu se décompresse %(ratio)s fois "
                        "plus gros que le fichier (bombe de décompression probable)."
                    )
                    % {"ratio": int(ratio)}
                )
        if total > max_uncompressed():
            raise FileRefused(
                _("Ce fichier XLSX est refusé : décompressé, il dépasserait %(limit)s Mo.")
                % {"limit": round(max_uncompressed() / 1024 / 1024)}
            )
        if "xl/workbook.xml" not in archive.namelist():
            raise FileRefused(_("Ce fichier n’est pas un classeur XLSX."))
    handle.seek(0)


def _open_xlsx(handle: IO[bytes], key_columns: tuple[str, ...]) -> Table:
    from openpyxl import load_workbook

    check_zip(handle)
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise FileRefused(_("Ce fichier XLSX est illisible.")) from exc
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    header: list[str] | None = None
    header_line = 0
    for number, row in enumerate(iterator, start=1):
        cells = [("" if c is None else str(c).strip()) for c in row]
        filled = [c for c in cells if c]
        if key_columns:
            found = {c.upper() for c in filled} & set(key_columns)
        else:
            found = (
                set(filled)
                if len(filled) >= 2
                and len(filled) == len([c for c in cells[: cells.index(filled[-1]) + 1] if c])
                else set()
            )
        if found:
            header, header_line = cells, number
            break
        if number >= HEADER_SCAN_ROWS:
            break
    if header is None:
        workbook.close()
        raise FileRefused(
            _("Aucune ligne d’en-tête trouvée dans les %s premières lignes.") % HEADER_SCAN_ROWS
        )
    while header and not header[-1]:
        header.pop()

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, row in enumerate(iterator, start=header_line + 1):
            values = list(row[: len(header)])
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            yield number, values

    return Table(header=header, header_line=header_line, rows=rows(), closer=workbook.close)
