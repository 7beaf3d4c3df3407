"""Searching governance by text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from maillage.core import access
from maillage.governance.models import (
    AgendaItem,
    Body,
    Decision,
    Meeting,
    MinutesEntry,
)
from maillage.governance.selectors.common import (
    _words,
)
from maillage.territories.models import Territory


@dataclass
class SearchResults:
    bodies: list[Body]
    meetings: list[Meeting]
    items: list[AgendaItem]
    minutes: list[MinutesEntry]
    decisions: list[Decision]

    @property
    def count(self) -> int:
        return sum(
            len(x) for x in (self.bodies, self.meetings, self.items, self.minutes, self.decisions)
        )


SEARCH_LIMIT = 20


def search(user: Any, territory: Territory, text: str) -> SearchResults:
    """Bodies, meetings, agenda items, minutes and decisions that mention every word;
    each list is read through the access engine, so private minutes stay private."""
    words = _words(text)
    if not words:
        return SearchResults([], [], [], [], [])

    def titled(field: str) -> Q:
        q = Q()
        for word in text.split()[:8]:
            q &= Q(**{f"{field}__icontains": word})
        return q

    def folded(field: str) -> Q:
        q = Q()
        for word in words:
            q &= Q(**{f"{field}__contains": word})
        return q

    return SearchResults(
        bodies=list(
            access.visible(user, Body.objects.filter(territory=territory))
            .filter(titled("name") | titled("theme") | titled("short_name"))
            .order_by("name")[:SEARCH_LIMIT]
        ),
        meetings=list(
            access.visible(user, Meeting.objects.filter(body__territory=territory))
            .filter(titled("title"))
            .select_related("body")
            .order_by("-starts_at")[:SEARCH_LIMIT]
        ),
        items=list(
            access.visible(user, AgendaItem.objects.filter(body__territory=territory))
            .filter(titled("title"))
            .select_related("body", "meeting")
            .order_by("-created_at")[:SEARCH_LIMIT]
        ),
        minutes=list(
            access.visible(user, MinutesEntry.objects.filter(meeting__body__territory=territory))
            .filter(folded("search_text"))
            .select_related("meeting__body", "item")
            .order_by("-meeting__starts_at")[:SEARCH_LIMIT]
        ),
        decisions=list(
            access.visible(user, Decision.objects.filter(territory=territory))
            .filter(folded("search_text"))
            .select_related("body", "owner")
            .order_by("-decided_on", "-id")[:SEARCH_LIMIT]
        ),
    )
