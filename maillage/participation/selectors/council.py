"""Reads of the Conseil citoyen, narrowed by ``core.access.visible``; a fixed number of
queries whatever the number of members, draws, avis and interpellations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from maillage.core import access
from maillage.governance import selectors as governance
from maillage.governance.models import Body, Meeting
from maillage.participation.access import is_council
from maillage.participation.models import (
    Avis,
    AvisState,
    College,
    CouncilMember,
    Draw,
    Interpellation,
    Moderator,
)


def council_or_404(user: Any, territory: Any, pk: int) -> Body:
    body = governance.body_or_404(user, territory, pk)
    if not is_council(body):
        raise Http404
    return body


def draw_or_404(user: Any, territory: Any, pk: int) -> Draw:
    return access.get_visible_or_404(
        user,
        Draw.objects.filter(body__territory=territory).select_related("body__territory"),
        pk=pk,
    )


def avis_or_404(user: Any, territory: Any, pk: int) -> Avis:
    return access.get_visible_or_404(
        user,
        Avis.objects.filter(body__territory=territory).select_related(
            "body__territory", "action__territory", "author"
        ),
        pk=pk,
    )


def interpellation_or_404(user: Any, territory: Any, pk: int) -> Interpellation:
    return access.get_visible_or_404(
        user,
        _interpellations().filter(body__territory=territory),
        pk=pk,
    )


def council_member_or_404(user: Any, territory: Any, pk: int) -> CouncilMember:
    """A mandate, seen with its Conseil (404 when the reader does not see the Conseil)."""
    body_id = (
        CouncilMember.objects.filter(pk=pk, body__territory=territory)
        .values_list("body_id", flat=True)
        .first()
    )
    if body_id is None:
        raise Http404
    body = council_or_404(user, territory, body_id)
    member = CouncilMember.objects.select_related("user").get(pk=pk)
    member.body = body
    return member


def _interpellations() -> QuerySet[Interpellation]:
    return Interpellation.objects.select_related(
        "body__territory", "target", "item__meeting"
    ).annotate(decision_count=Count("item__decisions", distinct=True))


def follow_up(interpellation: Interpellation) -> str:
    """Where the interpellation stands in the comité's work: ``waiting`` in its backlog,
    ``scheduled`` on a meeting's agenda, ``treated`` once the meeting is held, ``withdrawn``
    when the comité removed the subject."""
    item = interpellation.item
    if item is None:
        return "withdrawn"
    if item.meeting is None:
        return "waiting"
    if item.meeting.status in (Meeting.Status.HELD, Meeting.Status.APPROVED):
        return "treated"
    return "scheduled"


@dataclass
class CouncilView:
    colleges: list[tuple[str, list[CouncilMember]]] = field(default_factory=list)
    past: list[CouncilMember] = field(default_factory=list)
    future: list[CouncilMember] = field(default_factory=list)
    draws: list[Draw] = field(default_factory=list)
    opinions: list[Avis] = field(default_factory=list)
    interpellations: list[Interpellation] = field(default_factory=list)
    moderator_ids: frozenset[int] = frozenset()


def council(user: Any, body: Body) -> CouncilView:
    today = timezone.localdate()
    view = CouncilView()
    current: dict[str, list[CouncilMember]] = {value: [] for value in College.values}
    for member in CouncilMember.objects.filter(body=body).select_related("organisation"):
        if member.is_current(today):
            current[member.college].append(member)
        elif member.started_on > today:
            view.future.append(member)
        else:
            view.past.append(member)
    labels = dict(College.choices)
    view.colleges = [(str(labels[value]), members) for value, members in current.items()]
    view.past.sort(key=lambda member: member.ended_on or today, reverse=True)
    view.draws = list(access.visible(user, Draw.objects.filter(body=body)))
    view.opinions = list(
        access.visible(user, Avis.objects.filter(body=body)).select_related("action__territory")
    )
    view.interpellations = list(access.visible(user, _interpellations().filter(body=body)))
    for interpellation in view.interpellations:
        interpellation.follow_up = follow_up(interpellation)  # type: ignore[attr-defined]
    view.moderator_ids = frozenset(
        Moderator.objects.filter(territory_id=body.territory_id).values_list("user_id", flat=True)
    )
    return view


def action_opinions(user: Any, action: Any) -> list[Avis]:
    """The published avis on a fiche action that the reader may see."""
    return access.listed_if_any(
        user,
        Avis.objects.filter(action=action, state=AvisState.PUBLISHED),
        lambda qs: qs.select_related("body"),
    )
