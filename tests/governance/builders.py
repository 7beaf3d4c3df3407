"""Governance objects for tests, built through the services (so they are valid the way
users make them). Dates are relative to now, so that "future" and "past" stay true."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from maillage.core import sharing
from maillage.core.roles import Visibility
from maillage.governance import services
from maillage.governance.models import Body, Meeting, local_datetime


def body(
    territory: Any,
    *,
    name: str = "Comité technique Logement",
    kind: str = Body.Kind.TECHNICAL,
    members: list[Any] | None = None,
    titulars: dict[int, Any] | None = None,
    visibility: str = Visibility.PUBLIC,
    documents: str = Visibility.MEMBERS,
    secretary: Any = None,
    chair: Any = None,
    since: datetime.date | None = None,
) -> Body:
    created = services.create_body(
        actor=None,
        territory=territory,
        kind=kind,
        name=name,
        short_name=name[:40],
        visibility=visibility,
        documents_visibility=documents,
        secretary=secretary,
        chair=chair,
    )
    for organisation in members or []:
        services.add_member(
            actor=None,
            body=created,
            organisation=organisation,
            titular=(titulars or {}).get(organisation.pk),
            started_on=since or datetime.date(2020, 1, 1),
        )
    return created


def when(days: int, hour: int = 14, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return local_datetime(day, datetime.time(hour, minute))


def meeting(
    of: Body,
    *,
    days: int = 10,
    hours: int = 2,
    title: str = "Séance de printemps",
    place: str = "Mairie, salle 2",
    items: list[str] | tuple[str, ...] = ("Point d’étape",),
    status: str = Meeting.Status.DRAFT,
) -> Meeting:
    """A meeting in ``days`` days (negative: in the past), brought to ``status``."""
    starts_at = when(days)
    created = services.create_meeting(
        actor=None,
        body=of,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        place=place,
    )
    for title_ in items:
        services.propose_item(
            actor=None, body=of, meeting=created, title=title_, duration_minutes=30
        )
    if status == Meeting.Status.CONVENED:
        services.convene_meeting(actor=None, meeting=created)
    elif status in (Meeting.Status.HELD, Meeting.Status.APPROVED):
        services.hold_meeting(actor=None, meeting=created)
    created.refresh_from_db()
    return created


def held_with_records(
    of: Body, *, people: list[Any], minutes: str = "Compte rendu confidentiel"
) -> Meeting:
    """A held meeting with attendance and minutes on its first point."""
    held = meeting(of, days=-3, status=Meeting.Status.HELD)
    services.record_attendance(
        actor=None, meeting=held, entries=[{"user": p, "status": "present"} for p in people]
    )
    first = held.items.first()
    services.save_minutes(
        actor=None, meeting=held, general="Notes générales", items={first.pk: minutes}
    )
    return held


def ids(queryset: Any) -> list[int]:
    """The primary keys of ``queryset``, sorted: two ways of listing compared row by row."""
    return sorted(queryset.values_list("pk", flat=True))


# What a commune may share of its governance with its Département (core/sharing.py), for
# the tests that hold a shortcut to the access filter at every level.
SHARING_LEVELS = pytest.mark.parametrize(
    "shared",
    [None, {"governance": sharing.Level.DETAILS}, sharing.everything(sharing.Level.DETAILS)],
    ids=["aggregates", "governance-in-detail", "everything-in-detail"],
)


def share_with_department(world: Any, shared: Any) -> None:
    if shared is not None:
        world.territory.department_sharing = shared
        world.territory.save(update_fields=["department_sharing"])
