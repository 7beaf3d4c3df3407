"""Read data·inclusion files one record at a time, with the line each record starts on.

Files can hold tens of thousands of services: nothing here reads a whole file into
memory. JSON files are a list of objects (or an API page ``{"items": [...]}``), read
with ``json.JSONDecoder.raw_decode`` on a sliding buffer, because the line number of each
object is what a producer needs to fix an error and no streaming parser reports it. CSV
files are read with the standard library, list cells split on ``,`` or ``|``."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from maillage.core import exports
from maillage.network.mapping import LIST_FIELDS

CHUNK = 1 << 16
MAX_RECORD_CHARS = 1 << 20
SNIFF_BYTES = 1 << 14
ITEMS_PREFIX = re.compile(r'^\{\s*"items"\s*:\s*$')


class ReadError(Exception):
    """The file cannot be read further; ``line`` says where."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class Record:
    line: int
    number: int
    data: dict[str, Any]


def detect_format(head: bytes) -> str:
    """``json``, ``csv`` or ``""`` (neither) from the first bytes of a file."""
    if b"\x00" in head:
        return ""
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if text[:1] in ("[", "{"):
        return "json"
    first_line = text.split("\n", 1)[0].strip().lower()
    cells = {cell.strip().strip('"') for cell in re.split(r"[;,\t]", first_line)}
    if "id" in cells and "nom" in cells:
        return "csv"
    return ""


def read_records(stream: IO[bytes], file_format: str) -> Iterator[Record]:
    if file_format == "json":
        return _read_json(stream)
    return _read_csv(stream)


def _text(stream: IO[bytes], encoding: str = "utf-8-sig") -> IO[str]:
    return io.TextIOWrapper(stream, encoding=encoding, newline="")


def _read_json(stream: IO[bytes]) -> Iterator[Record]:
    decoder = json.JSONDecoder()
    text = _text(stream)
    buf = ""
    pos = 0
    line = 1
    eof = False

    def fill() -> bool:
        nonlocal buf, pos, eof
        if eof:
            return False
        try:
            chunk = text.read(CHUNK)
        except UnicodeDecodeError as exc:
            raise ReadError("Le fichier n’est pas encodé en UTF-8.", line) from exc
        if not chunk:
            eof = True
            return False
        if pos > CHUNK:
            buf = buf[pos:]
            pos = 0
        buf += chunk
        return True

    def skip_space() -> None:
        nonlocal pos, line
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n":
                if buf[pos] == "\n":
                    line += 1
                pos += 1
            if pos < len(buf) or not fill():
                return

    skip_space()
    if pos >= len(buf):
        raise ReadError("Le fichier est vide.", line)
    if buf[pos] == "{":
        # An API page: {"items": [ … ]}.
        while "[" not in buf[pos:] and fill():
            pass
        bracket = buf.find("[", pos)
        if bracket < 0 or not ITEMS_PREFIX.match(buf[pos:bracket].strip()):
            raise ReadError(
                "Un fichier JSON data·inclusion est une liste d’objets [ … ], "
                'ou une page d’API { "items": [ … ] }.',
                line,
            )
        line += buf.count("\n", pos, bracket)
        pos = bracket
        wrapped = True
    else:
        wrapped = False
    if buf[pos] != "[":
        raise ReadError("Un fichier JSON data·inclusion est une liste d’objets [ … ].", line)
    pos += 1
    number = 0
    while True:
        skip_space()
        if pos >= len(buf):
            raise ReadError("Le fichier JSON est incomplet : il manque le « ] » final.", line)
        if buf[pos] == "]":
            pos += 1
            break
        if number:
            if buf[pos] != ",":
                raise ReadError("JSON invalide : une virgule est attendue entre deux objets.", line)
            pos += 1
            skip_space()
        start_line = line
        while True:
            try:
                value, end = decoder.raw_decode(buf, pos)
                break
            except json.JSONDecodeError as exc:
                if len(buf) - pos > MAX_RECORD_CHARS or not fill():
                    raise ReadError(
                        f"JSON invalide : {_json_reason(exc.msg)}.",
                        start_line + buf.count("\n", pos, exc.pos),
                    ) from exc
        number += 1
        if not isinstance(value, dict):
            raise ReadError(f"L’élément n° {number} n’est pas un objet JSON.", start_line)
        line += buf.count("\n", pos, end)
        pos = end
        yield Record(line=start_line, number=number, data=value)
    skip_space()
    if wrapped:
        # Anything after the list (a count, a page number) belongs to the API envelope.
        return
    if pos < len(buf):
        raise ReadError("Du contenu suit la fin de la liste JSON.", line)


def _json_reason(message: str) -> str:
    known = {
        "Expecting value": "valeur attendue",
        "Expecting property name enclosed in double quotes": "nom de champ attendu entre guillemets",
        "Expecting ',' delimiter": "virgule attendue",
        "Expecting ':' delimiter": "deux-points attendus",
        "Unterminated string starting at": "texte non terminé",
        "Invalid control character at": "caractère de contrôle interdit",
        "Extra data": "contenu en trop",
    }
    return known.get(message, message)


def _sniff_encoding(stream: IO[bytes]) -> str:
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def split_list(cell: str) -> list[str]:
    cell = cell.strip()
    if cell.startswith("["):
        try:
            parsed = json.loads(cell)
        except json.JSONDecodeError:
            parsed = None
        if isinstance(parsed, list):
            return [str(item).strip() for item in parsed if str(item).strip()]
    return [part.strip() for part in re.split(r"[,|]", cell) if part.strip()]


def _read_csv(stream: IO[bytes]) -> Iterator[Record]:
    encoding = _sniff_encoding(stream)
    text = _text(stream, encoding)
    try:
        header_line = text.readline()
    except UnicodeDecodeError as exc:
        raise ReadError("Le fichier n’est pas encodé en UTF-8.", 1) from exc
    delimiter = max(";,\t", key=header_line.count)
    header = next(csv.reader([header_line], delimiter=delimiter))
    header = [name.strip().lstrip("\ufeff") for name in header]
    if len(set(header)) != len(header):
        raise ReadError("Deux colonnes portent le même nom.", 1)
    reader = csv.reader(text, delimiter=delimiter)
    number = 0
    line = 2
    try:
        for row in reader:
            start = line
            line = reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            number += 1
            if len(row) > len(header):
                raise ReadError(
                    f"La ligne compte {len(row)} colonnes pour {len(header)} en-têtes.", start
                )
            data: dict[str, Any] = {}
            for name, raw in zip(header, row, strict=False):
                # The project's exports quote formula-like text ("'+33…"): take it off.
                cell = exports.unneutralise(raw)
                if cell.strip() == "":
                    data[name] = None
                elif name in LIST_FIELDS:
                    data[name] = split_list(cell)
                else:
                    data[name] = cell
            yield Record(line=start, number=number, data=data)
    except csv.Error as exc:
        raise ReadError(f"CSV invalide : {exc}.", line) from exc
    except UnicodeDecodeError as exc:
        raise ReadError("Le fichier mélange plusieurs encodages de caractères.", line) from exc


def csv_header(stream: IO[bytes]) -> list[str]:
    encoding = _sniff_encoding(stream)
    first = stream.readline().decode(encoding, errors="replace").lstrip("\ufeff")
    stream.seek(0)
    delimiter = max(";,\t", key=first.count)
    return [name.strip() for name in next(csv.reader([first], delimiter=delimiter))]
