"""Write data·inclusion files a record at a time (for streamed downloads); CSV cells go
through the project's one export writer, ``maillage.core.exports``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from maillage.core import exports
from maillage.network.mapping import LIST_FIELDS


def json_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield "["
    first = True
    for record in records:
        yield ("\n" if first else ",\n") + json.dumps(record, ensure_ascii=False)
        first = False
    yield "\n]\n"


def _cell(name: str, value: Any) -> Any:
    """data·inclusion's own spelling of a value: lists joined by commas, numbers with a
    decimal point, booleans as True/False. The core writer neutralises formulas."""
    if value is None:
        return None
    if name in LIST_FIELDS:
        return ",".join(str(v) for v in value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return exports.NumberText(repr(value))
    if isinstance(value, int):
        return exports.NumberText(str(value))
    return str(value)


def csv_rows(fields: Iterable[str], records: Iterable[dict[str, Any]]) -> Iterator[list[Any]]:
    """The records as rows of ``fields``, for ``maillage.core.exports.csv_stream``."""
    names = list(fields)
    for record in records:
        yield [_cell(name, record.get(name)) for name in names]
