"""Governance's blocks on the first screens (core/slots.py, slots ``home_*``): the next
séances, the conventions to review and the subjects proposed for a séance (coordination);
a partner's séances, tasks (the overdue ones flagged and counted) and the answers expected
from them; the séances an elected official chairs or sits in; the public séances; a
Département or CAF agent's séances in each commune where they work. The coordination's
overdue decisions and tasks are the "late" block's (governance/panels.py)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from maillage.core import access
from maillage.core.pagination import head_and_total
from maillage.core.write_generation import kept_count
from maillage.governance import selectors
from maillage.governance.access import involved_bodies, meetings_of_involved_bodies
from maillage.governance.models import (
    AgendaItem,
    Agreement,
    Body,
    ConvocationAnswer,
    ConvocationInvitation,
    Meeting,
)
from maillage.territories.home import CommuneRef, engaged_communes
from maillage.territories.models import Territory

SHOWN = 6
# A convention shows on the coordinator's screen from a year before its review date.
REVIEW_HORIZON_DAYS = 365


def _render(template: str, request: HttpRequest, territory: Territory, **context: Any) -> str:
    return render_to_string(
        f"governance/home/{template}", {"territory": territory, **context}, request=request
    )


def _coming(territories: Sequence[Territory | CommuneRef]) -> QuerySet[Meeting]:
    """The meetings of ``territories`` not over yet and not cancelled, soonest first,
    before any access filter."""
    return (
        Meeting.objects.filter(
            body__territory__in=[t.pk for t in territories], ends_at__gte=timezone.now()
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body__territory")
        .order_by("starts_at", "id")
    )


def _upcoming(user: Any, territories: Sequence[Territory | CommuneRef]) -> QuerySet[Meeting]:
    """Meetings not over yet and not cancelled, that ``user`` may see, soonest first."""
    if len(territories) == 1:
        return access.visible_in(user, _coming(territories), territories[0].pk)
    return access.visible(user, _coming(territories))


def _mine(user: Any, meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Of ``meetings``, those of the bodies the user takes part in (their organisation's
    seat, their own seat, the chair or the secretariat)."""
    bodies = involved_bodies(access.actor_for(user)).values("pk")
    return meetings.filter(body__in=bodies)


# --------------------------------------------------------------------------- coordination


def next_meetings(request: HttpRequest, territory: Territory) -> str:
    meetings = list(_upcoming(request.user, [territory])[:SHOWN])
    return _render("next_meetings.html", request, territory, meetings=meetings, mine=False)


def agreements_to_review(request: HttpRequest, territory: Territory) -> str:
    """Conventions and feuilles de route in force whose review is coming (from their
    reminder delay before the date). Those already past it are late: the "late" block
    lists them (``Agreement.objects.review_overdue``)."""
    today = timezone.localdate()
    candidates = (
        access.visible_in(
            request.user,
            Agreement.objects.in_force(today).filter(
                review_on__gte=today,
                review_on__lte=today + datetime.timedelta(days=REVIEW_HORIZON_DAYS),
            ),
            territory.pk,
        )
        .select_related("reminder_task")
        .order_by("review_on", "title")
    )
    due = [a for a in candidates if a.review_due][:SHOWN]
    return _render("agreements.html", request, territory, agreements=due, today=today)


def waiting_proposals(request: HttpRequest, territory: Territory) -> str:
    """Subjects proposed by the partners and waiting to be put on a séance's agenda, by
    body: the coordination's moderation queue."""
    by_body = list(
        access.visible_in(request.user, Body.objects.filter(is_archived=False), territory.pk)
        .select_related("territory")
        .annotate(
            waiting=Count(
                "items",
                filter=Q(items__meeting__isnull=True),
                distinct=True,
            )
        )
        .filter(waiting__gt=0)
        .order_by("-waiting", "name")[:SHOWN]
    )
    if not by_body:
        return ""
    return _render("proposals.html", request, territory, bodies=by_body)


# --------------------------------------------------------------------------- partners


def my_meetings(request: HttpRequest, territory: Territory) -> str:
    meetings = list(meetings_of_involved_bodies(request.user, _coming([territory]))[:SHOWN])
    return _render("next_meetings.html", request, territory, meetings=meetings, mine=True)


def my_tasks(request: HttpRequest, territory: Territory) -> str:
    """The open follow-up tasks of the partner or their organisation, the soonest due
    first, those overdue flagged and counted: one block, where the overdue ones used to be
    listed a second time above it."""
    today = timezone.localdate()
    tasks = selectors.my_tasks(request.user, territory)
    shown, total = head_and_total(tasks, SHOWN)
    return _render(
        "my_tasks.html",
        request,
        territory,
        tasks=shown,
        total=total,
        overdue=kept_count(tasks.overdue(today)) if total else 0,  # type: ignore[attr-defined]
        today=today,
    )


def expected_answers(request: HttpRequest, territory: Territory) -> str:
    """What the partner is expected to answer: the séances they are convened to and have
    not answered yet, and the agenda items they present at a séance to come."""
    user = request.user
    user_id = access.actor_for(user).user_id
    if user_id is None:
        return ""
    # Most partners have no convocation waiting for their answer: one EXISTS then, and
    # neither the access filter nor the séances' query is built.
    convened = access.listed_if_any(
        user,
        _coming([territory])
        .filter(
            status=Meeting.Status.CONVENED,
            pk__in=ConvocationInvitation.objects.filter(
                user_id=user_id, kind=ConvocationInvitation.Kind.CONVOCATION
            ).values("meeting_id"),
        )
        .exclude(pk__in=ConvocationAnswer.objects.filter(user_id=user_id).values("meeting_id")),
        lambda qs: qs[:SHOWN],
    )
    # The items the access engine lets them see, on a séance to come: an item is seen with
    # its séance (its body's visibility, a draft's agenda by those who run it), so the
    # séances' own filter is not built a second time around it.
    presenting = list(
        access.visible(
            user,
            AgendaItem.objects.filter(
                presenter_id=user.pk,
                meeting__body__territory=territory,
                meeting__ends_at__gte=timezone.now(),
            ).exclude(meeting__status=Meeting.Status.CANCELLED),
        )
        .select_related("meeting__body__territory")
        .order_by("meeting__starts_at", "position")[:SHOWN]
    )
    return _render("answers.html", request, territory, convened=convened, presenting=presenting)


# --------------------------------------------------------------------------- elected


def chaired_meetings(request: HttpRequest, territory: Territory) -> str:
    """The séances an elected official chairs or sits in, the next one she chairs first."""
    user = request.user
    meetings = list(meetings_of_involved_bodies(user, _coming([territory]))[:SHOWN])
    chaired = _upcoming(user, [territory]).filter(body__chair_id=user.pk).first()
    return _render(
        "chaired.html",
        request,
        territory,
        meetings=meetings,
        chaired=chaired,
        named_kind=chaired is not None
        and chaired.body.kind in (Body.Kind.STRATEGIC, Body.Kind.TECHNICAL),
    )


# --------------------------------------------------------------------------- public


def public_meetings(request: HttpRequest, territory: Territory) -> str:
    meetings = list(_upcoming(request.user, [territory])[:SHOWN])
    return _render("public_meetings.html", request, territory, meetings=meetings)


# --------------------------------------------------------------------------- across


def across_meetings(request: HttpRequest, territory: Territory) -> str:
    communes = engaged_communes(request.user, territory, "governance")
    if not communes:
        return ""
    meetings = list(_mine(request.user, _upcoming(request.user, communes))[: SHOWN * 2])
    return _render("across.html", request, territory, meetings=meetings)
