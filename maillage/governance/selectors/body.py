"""Reads for bodies: lists, members, their meetings, backlog and recent decisions."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from maillage.core import access, references
from maillage.governance.models import (
    AgendaItem,
    Body,
    BodyMembership,
    Decision,
    Meeting,
)
from maillage.governance.selectors.common import (
    _current_members,
)
from maillage.territories.models import Territory


def bodies(
    user: Any, territory: Territory, *, kind: str = "", archived: bool = False
) -> list[Body]:
    now = timezone.now()
    qs = (
        access.visible_in(user, Body.objects.filter(is_archived=archived), territory.pk)
        .select_related("chair", "secretary", "axis")
        .prefetch_related(_current_members())
        .annotate(
            next_meeting_at=Min(
                "meetings__starts_at",
                filter=Q(
                    meetings__starts_at__gte=now,
                    meetings__status=Meeting.Status.CONVENED,
                ),
            )
        )
    )
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("kind", "name"))


def body_choices(user: Any, territory: Territory) -> list[Body]:
    return list(
        access.visible_in(user, Body.objects.all(), territory.pk)
        .only("id", "name", "territory_id", "visibility")
        .order_by("name")
    )


def body_or_404(user: Any, territory: Territory, pk: Any) -> Body:
    return access.get_visible_or_404(
        user,
        Body.objects.filter(territory=territory).select_related(
            "territory", "chair", "secretary", "axis"
        ),
        pk=pk,
    )


def membership_or_404(user: Any, body: Body, pk: Any) -> BodyMembership:
    return access.get_visible_or_404(
        user,
        BodyMembership.objects.filter(body=body).select_related(
            "body__territory", "organisation", "titular", "substitute"
        ),
        pk=pk,
    )


def members(body: Body) -> tuple[list[BodyMembership], list[BodyMembership], list[BodyMembership]]:
    """Current, future (starting later) and past memberships of a body."""
    today = timezone.localdate()
    rows = list(
        body.memberships.select_related("organisation", "titular", "substitute").order_by(
            "organisation__name", "-started_on"
        )
    )
    current = [m for m in rows if m.is_active(today)]
    future = [m for m in rows if m.started_on > today]
    past = [m for m in rows if m.ended_on is not None and m.ended_on <= today]
    return current, future, past


def body_meetings(user: Any, body: Body) -> QuerySet[Meeting]:
    return access.visible_in(user, Meeting.objects.filter(body=body), body.territory_id).annotate(
        decision_count=Count("decisions", distinct=True)
    )


def upcoming_meetings(user: Any, body: Body) -> list[Meeting]:
    since = timezone.now() - datetime.timedelta(hours=12)
    return list(
        access.visible_in(
            user, Meeting.objects.filter(body=body, ends_at__gte=since), body.territory_id
        )
        .exclude(status__in=[Meeting.Status.HELD, Meeting.Status.APPROVED])
        .order_by("starts_at")
    )


def past_meetings(user: Any, body: Body) -> QuerySet[Meeting]:
    since = timezone.now() - datetime.timedelta(hours=12)
    return (
        body_meetings(user, body)
        .filter(Q(ends_at__lt=since) | Q(status__in=[Meeting.Status.HELD, Meeting.Status.APPROVED]))
        .order_by("-starts_at")
    )


def backlog(user: Any, body: Body) -> list[AgendaItem]:
    """Subjects proposed and not yet scheduled: often none, hence ``visible_if_any``."""
    return list(
        references.with_visibility(
            user,
            access.visible_if_any(user, AgendaItem.objects.filter(body=body, meeting__isnull=True)),
            "action",
        )
        .select_related("presenter", "action", "proposed_by", "carried_from__meeting")
        .order_by("created_at", "id")
    )


def recent_decisions(user: Any, body: Body, limit: int = 10) -> list[Decision]:
    """The last ten; their fiches flagged after the fetch, on the few ids they name (no
    query when none names one)."""
    return list(
        references.with_visibility(
            user,
            access.visible_in(user, Decision.objects.filter(body=body), body.territory_id),
            "action",
            after_fetch=True,
        )
        .select_related("owner", "action", "body")
        .order_by("-decided_on", "-id")[:limit]
    )


def drafts_and_convened(user: Any, body: Body) -> list[Meeting]:
    """Meetings a backlog item may still be scheduled on."""
    return list(
        access.visible_in(
            user,
            Meeting.objects.filter(
                body=body, status__in=[Meeting.Status.DRAFT, Meeting.Status.CONVENED]
            ),
            body.territory_id,
        ).order_by("starts_at")
    )
