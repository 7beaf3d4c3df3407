"""Dated things other capabilities show in the territory's agenda, beside governance's
meetings, without governance importing them (core imports no app).

A capability registers a source in its ``AppConfig.ready()``::

    agenda.register(agenda.Source("evenements", _("Événements publics"), public_events))

where ``public_events(user, territory, start, end)`` answers the ``Entry`` items the user
may see between ``start`` and ``end`` (already narrowed by ``core.access``)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Entry:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    title: str
    url: str
    place: str = ""
    cancelled: bool = False


Finder = Callable[[Any, Any, datetime.datetime | None, datetime.datetime | None], list[Entry]]


@dataclass(frozen=True)
class Source:
    key: str
    label: Any
    find: Finder


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    _SOURCES[source.key] = source


def sources() -> list[Source]:
    return list(_SOURCES.values())


def source(key: str) -> Source | None:
    return _SOURCES.get(key)
