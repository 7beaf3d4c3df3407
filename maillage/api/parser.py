"""The API's request parser: JSON bodies and query strings, refusing the NUL character.

PostgreSQL text cannot hold U+0000 (SQLite can), so a string carrying it would pass
validation and fail at the database with a 500. Django's form fields refuse it for the
pages; this does the same for every operation of the API, field by field."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.errors import ValidationError
from ninja.parser import Parser

NUL = "\x00"


def _nul_locations(value: Any, loc: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    if isinstance(value, str):
        return [loc] if NUL in value else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            found += _nul_locations(key, loc) + _nul_locations(item, (*loc, key))
        return found
    if isinstance(value, list):
        return [where for i, item in enumerate(value) for where in _nul_locations(item, (*loc, i))]
    return []


def _refuse(locations: list[tuple[Any, ...]]) -> None:
    if locations:
        raise ValidationError(
            [{"type": "string_nul", "loc": loc, "msg": "NUL character"} for loc in locations]
        )


class NulSafeParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        _refuse(_nul_locations(data, ("body",)))
        return data

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        _refuse(_nul_locations(parsed, ("query",)))
        return parsed
