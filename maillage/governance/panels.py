"""The panel governance adds to the programme's action page (slot ``action_detail``):
what the bodies decided about the action, its follow-up tasks and the coming meetings
that will discuss it — only what the reader may see."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from maillage.core.pagination import head_and_total
from maillage.governance import selectors


def action_decisions_panel(request: HttpRequest, action: Any) -> str:
    found = selectors.about_action(request.user, action)
    if found.empty:
        return ""
    return render_to_string(
        "governance/partials/action_panel.html",
        {
            "action": action,
            "territory": action.territory,
            "found": found,
            "today": timezone.localdate(),
        },
        request=request,
    )


# Items shown per list on a first screen; the late page has them all.
PANEL_LIMIT = 5
# The late page lists this many of each.
LATE_PAGE_LIMIT = 100


def late_items_panel(request: HttpRequest, territory: Any) -> str:
    """On the programme's « ce qui est en retard » page (slot ``late_items``): overdue
    decisions and tasks, and agreements past their review date, that the user sees."""
    today = timezone.localdate()
    decisions = selectors.overdue_decisions(request.user, territory, today=today)
    tasks = selectors.overdue_tasks(request.user, territory, today=today)
    agreements = selectors.agreements_to_review(request.user, territory, today=today)
    return render_to_string(
        "governance/partials/late_items.html",
        {
            "territory": territory,
            "today": today,
            "decisions": list(decisions[:LATE_PAGE_LIMIT]),
            "decision_count": decisions.count(),
            "tasks": list(tasks[:LATE_PAGE_LIMIT]),
            "task_count": tasks.count(),
            "agreements": list(agreements[:LATE_PAGE_LIMIT]),
            "limit": LATE_PAGE_LIMIT,
        },
        request=request,
    )


def coordinator_overdue_panel(request: HttpRequest, territory: Any) -> str:
    """First screen of the coordination (slot ``home_coordinator``): every overdue task
    and decision of the territory, and the agreements past their review date. (A
    partner's overdue tasks are flagged in their « Mes tâches de suivi » block.)"""
    today = timezone.localdate()
    user = request.user
    tasks, task_count = head_and_total(
        selectors.overdue_tasks(user, territory, today=today), PANEL_LIMIT
    )
    decisions, decision_count = head_and_total(
        selectors.overdue_decisions_named(user, territory, today=today), PANEL_LIMIT
    )
    return render_to_string(
        "governance/partials/late_home.html",
        {
            "territory": territory,
            "today": today,
            "tasks": tasks,
            "task_count": task_count,
            "decisions": decisions,
            "decision_count": decision_count,
            "agreements": list(
                selectors.agreements_to_review(user, territory, today=today)[:PANEL_LIMIT]
            ),
        },
        request=request,
    )
