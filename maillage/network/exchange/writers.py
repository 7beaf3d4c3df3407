"""Write data·inclusion files a record at a time (for streamed downloads)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from maillage.network.mapping import LIST_FIELDS


def json_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield "["
    first = True
    for record in records:
        yield ("\n" if first else ",\n") + json.dumps(record, ensure_ascii=False)
        first = False
    yield "\n]\n"


def _cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if name in LIST_FIELDS:
        return ",".join(str(v) for v in value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def csv_lines(fields: Iterable[str], records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """``;``-separated with a BOM, as French spreadsheet software opens it."""
    names = list(fields)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(names)
    yield "\ufeff" + buffer.getvalue()
    for record in records:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_cell(name, record.get(name)) for name in names])
        yield buffer.getvalue()
