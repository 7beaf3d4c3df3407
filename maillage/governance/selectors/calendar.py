"""Reads for the calendar and the ICS feeds."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from maillage.core import access
from maillage.governance.access import involved_bodies
from maillage.governance.models import (
    AgendaItem,
    Body,
    CalendarFeed,
    Meeting,
)
from maillage.territories.models import Territory


def calendar_meetings(
    user: Any, territory: Territory, start: datetime.datetime, end: datetime.datetime
) -> list[Meeting]:
    return list(
        access.visible(
            user,
            Meeting.objects.filter(
                body__territory=territory, starts_at__lt=end, ends_at__gte=start
            ),
        )
        .select_related("body")
        .order_by("starts_at", "id")
    )


def _with_items() -> Prefetch:
    return Prefetch("items", queryset=AgendaItem.objects.order_by("position", "created_at", "id"))


FEED_HISTORY_DAYS = 400


def body_feed(user: Any, body: Body) -> list[Meeting]:
    since = timezone.now() - datetime.timedelta(days=FEED_HISTORY_DAYS)
    return list(
        access.visible(user, Meeting.objects.filter(body=body, ends_at__gte=since))
        .select_related("body__territory")
        .prefetch_related(_with_items())
        .order_by("starts_at")
    )


def territory_feed(user: Any, territory: Territory) -> list[Meeting]:
    since = timezone.now() - datetime.timedelta(days=FEED_HISTORY_DAYS)
    return list(
        access.visible(user, Meeting.objects.filter(body__territory=territory, ends_at__gte=since))
        .select_related("body__territory")
        .prefetch_related(_with_items())
        .order_by("starts_at")
    )


def personal_feed(feed: CalendarFeed) -> list[Meeting]:
    """Read as the feed's owner, today: a membership that ended yesterday no longer
    brings its body's meetings."""
    user = feed.user
    actor = access.actor_for(user)
    since = timezone.now() - datetime.timedelta(days=FEED_HISTORY_DAYS)
    qs = access.visible(
        actor, Meeting.objects.filter(body__territory=feed.territory, ends_at__gte=since)
    )
    if feed.scope == CalendarFeed.Scope.MINE:
        qs = qs.filter(body__in=involved_bodies(actor).values("pk"))
    return list(
        qs.select_related("body__territory").prefetch_related(_with_items()).order_by("starts_at")
    )


def feeds_of(user: Any, territory: Territory) -> list[CalendarFeed]:
    return list(
        access.visible(user, CalendarFeed.objects.filter(territory=territory)).order_by(
            "revoked_at", "-created_at"
        )
    )


def feed_or_404(user: Any, territory: Territory, pk: Any) -> CalendarFeed:
    return access.get_visible_or_404(
        user, CalendarFeed.objects.filter(territory=territory).select_related("territory"), pk=pk
    )
