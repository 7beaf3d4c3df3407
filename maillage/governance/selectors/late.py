"""What is late in governance: open decisions and follow-up tasks past their due date,
and agreements still in force past their review date. The rules live in the models'
querysets (``overdue``, ``review_overdue``); these reads narrow them to what the user may
see, with the joins their lists show."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from maillage.core import access, references
from maillage.governance import access as governance_access
from maillage.governance.models import Agreement, Decision, FollowUpTask
from maillage.governance.selectors.register import task_rows
from maillage.territories.models import Territory


def _overdue_decisions(user: Any, territory: Territory, day: datetime.date) -> QuerySet[Decision]:
    return access.visible_in(user, Decision.objects.overdue(day), territory.pk)


def overdue_decisions(
    user: Any, territory: Territory, *, today: datetime.date | None = None
) -> QuerySet[Decision]:
    qs = _overdue_decisions(user, territory, today or timezone.localdate())
    return (
        references.with_visibility(user, qs, "action")
        .select_related("body", "owner", "action", "territory")
        .order_by("due_date", "id")
    )


def overdue_decisions_named(
    user: Any, territory: Territory, *, today: datetime.date | None = None
) -> QuerySet[Decision]:
    """The same decisions as a first screen names them — reference, text, due date —
    without the owner, the fiche and their columns (``overdue_decisions`` for the late
    page's table)."""
    return (
        _overdue_decisions(user, territory, today or timezone.localdate())
        .select_related("body")
        .only(
            "id",
            "body__name",
            "body__short_name",
            "decided_on",
            "number",
            "text",
            "due_date",
            "status",
        )
        .order_by("due_date", "id")
    )


def overdue_tasks(
    user: Any,
    territory: Territory,
    *,
    today: datetime.date | None = None,
    mine: bool = False,
) -> QuerySet[FollowUpTask]:
    """Open tasks past their due date (``mine``: owned by one of the user's organisations
    or assigned to them, as « Mes tâches »)."""
    day = today or timezone.localdate()
    qs = FollowUpTask.objects.filter(territory=territory).overdue(day)
    visible = (
        governance_access.visible_mine(user, qs, territory.pk)
        if mine
        else access.visible_in(user, qs, territory.pk)
    )
    # The rows of « Mes tâches » (task_rows): joining the decision's body too made
    # PostgreSQL plan the query for 12 ms on a first screen where it ran in 1.
    return task_rows(visible).order_by("due_date", "id")


def agreements_to_review(
    user: Any, territory: Territory, *, today: datetime.date | None = None
) -> QuerySet[Agreement]:
    """Agreements still in force whose review date has passed."""
    day = today or timezone.localdate()
    return (
        access.visible_in(user, Agreement.objects.review_overdue(day), territory.pk)
        .select_related("territory")
        .order_by("review_on", "id")
    )
