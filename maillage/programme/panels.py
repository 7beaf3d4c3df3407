"""The programme's late panel on the coordination's first screen (slot
``home_coordinator`` of core.slots, rendered with the territory): the late fiches and
milestones of the whole territory. Each item links to its fiche, the panel to « ce qui est
en retard ». (A partner's late fiches are flagged in their « Mes fiches actions » block,
programme/home.py.)"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from maillage.core.pagination import head_and_total
from maillage.programme import selectors

# Items shown per list on a first screen; the late page has them all.
PANEL_LIMIT = 5


def coordinator_late_panel(request: HttpRequest, territory: Any) -> str:
    """Every late fiche and milestone of the territory the user sees."""
    today = timezone.localdate()
    # The panel names each fiche and its planned end, each milestone and its fiche: only
    # those columns, not the fiches' pilots and full rows (the late page shows them).
    actions = (
        selectors.late_actions(request.user, territory, today=today)
        .prefetch_related(None)
        .select_related(None)
        .select_related("territory")
        .only("id", "code", "title", "ends_on", "territory", "territory__slug")
    )
    milestones = selectors.late_milestones(request.user, territory, today=today).only(
        "id",
        "title",
        "planned_on",
        "action",
        "action__code",
        "action__territory",
        "action__territory__slug",
    )
    shown_actions, action_count = head_and_total(actions, PANEL_LIMIT)
    shown_milestones, milestone_count = head_and_total(milestones, PANEL_LIMIT)
    return render_to_string(
        "programme/partials/late_panel.html",
        {
            "territory": territory,
            "today": today,
            "late_actions": shown_actions,
            "late_action_count": action_count,
            "late_milestones": shown_milestones,
            "late_milestone_count": milestone_count,
        },
        request=request,
    )
