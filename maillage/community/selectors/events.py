"""Reads of public events and their registrations, narrowed by the access engine."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from maillage.community.models import Event, EventOrganiser, Registration
from maillage.core import access, agenda
from maillage.territories.models import Territory

PUBLISHED = (Event.Status.PUBLISHED, Event.Status.CANCELLED)
FEED_HISTORY_DAYS = 400


def _organisers() -> Prefetch:
    return Prefetch(
        "organisers",
        queryset=EventOrganiser.objects.select_related("organisation").order_by("created_at", "id"),
    )


def _with_counts(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.annotate(
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
        ),
        waiting_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
        ),
    )


def events(user: Any, territory: Territory) -> QuerySet[Event]:
    return (
        access.visible(user, Event.objects.filter(territory=territory))
        .select_related("organisation", "territory")
        .prefetch_related(_organisers())
    )


def published_events(
    user: Any,
    territory: Territory,
    *,
    past: bool = False,
    language: str = "",
    step_free: bool = False,
    organisation: int | None = None,
) -> QuerySet[Event]:
    now = timezone.now()
    qs = events(user, territory).filter(status__in=PUBLISHED)
    qs = (
        qs.filter(ends_at__lt=now).order_by("-starts_at", "-id")
        if past
        else qs.filter(ends_at__gte=now).order_by("starts_at", "id")
    )
    if language:
        # JSON containment is not portable (SQLite): the code is matched as a quoted item.
        qs = qs.filter(languages__icontains=f'"{language}"')
    if step_free:
        qs = qs.filter(step_free=True)
    if organisation:
        qs = qs.filter(
            Q(organisation_id=organisation)
            | Q(organisers__organisation_id=organisation, organisers__state="approved")
        ).distinct()
    return _with_counts(qs)


def unpublished_events(user: Any, territory: Territory) -> QuerySet[Event]:
    return events(user, territory).exclude(status__in=PUBLISHED).order_by("-updated_at", "-id")


def event_or_404(user: Any, territory: Territory, pk: Any) -> Event:
    return access.get_visible_or_404(
        user,
        _with_counts(
            Event.objects.filter(territory=territory)
            .select_related("organisation", "territory", "action")
            .prefetch_related(_organisers())
        ),
        pk=pk,
    )


def feed_events(user: Any, territory: Territory) -> list[Event]:
    since = timezone.now() - datetime.timedelta(days=FEED_HISTORY_DAYS)
    return list(
        events(user, territory)
        .filter(status__in=PUBLISHED, ends_at__gte=since)
        .order_by("starts_at", "id")
    )


def registrations(user: Any, event: Event) -> QuerySet[Registration]:
    return access.visible(user, event.registrations.all()).order_by("status", "created_at", "id")


def my_registration(user: Any, event: Event) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        event.registrations.filter(user=user).exclude(status=Registration.Status.CANCELLED).first()
    )


def registration_or_404(user: Any, territory: Territory, pk: Any) -> Registration:
    return access.get_visible_or_404(
        user,
        Registration.objects.filter(event__territory=territory).select_related(
            "event__territory", "event__organisation"
        ),
        pk=pk,
    )


def agenda_entries(
    user: Any,
    territory: Any,
    start: datetime.datetime | None,
    end: datetime.datetime | None,
) -> list[agenda.Entry]:
    """The territory agenda's public events (core.agenda source)."""
    qs = access.visible(user, Event.objects.filter(territory=territory, status__in=PUBLISHED))
    if start is not None:
        qs = qs.filter(ends_at__gte=start)
    if end is not None:
        qs = qs.filter(starts_at__lt=end)
    return [
        agenda.Entry(
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            title=event.title,
            url=event.get_absolute_url(),
            place=event.place,
            cancelled=event.status == Event.Status.CANCELLED,
        )
        for event in qs.select_related("territory").order_by("starts_at", "id")[:200]
    ]
