"""What governance says about a programme action."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from maillage.core import access
from maillage.governance.models import (
    AgendaItem,
    Decision,
    FollowUpTask,
    Meeting,
)


@dataclass
class ActionGovernance:
    decisions: list[Decision]
    tasks: list[FollowUpTask]
    upcoming_items: list[AgendaItem]

    @property
    def empty(self) -> bool:
        return not (self.decisions or self.tasks or self.upcoming_items)


def about_action(user: Any, action: Any) -> ActionGovernance:
    """What the bodies decided about an action, the tasks that follow, and the coming
    meetings that will discuss it: only what the user may see. Most fiches have none of
    them: each list's access filter is built only when the fiche has rows of its kind."""
    decisions = access.listed_if_any(
        user,
        Decision.objects.filter(action=action),
        lambda qs: qs.select_related("body", "meeting", "owner").order_by("-decided_on", "-id")[
            :20
        ],
    )
    tasks = access.listed_if_any(
        user,
        FollowUpTask.objects.filter(decision__action=action),
        lambda qs: qs.select_related("owner", "assignee", "decision__body").order_by(
            "due_date", "id"
        )[:20],
    )
    upcoming = access.listed_if_any(
        user,
        AgendaItem.objects.filter(
            action=action,
            meeting__starts_at__gte=timezone.now(),
            meeting__status=Meeting.Status.CONVENED,
        ),
        lambda qs: qs.select_related("meeting__body").order_by("meeting__starts_at")[:10],
    )
    return ActionGovernance(decisions, tasks, upcoming)
