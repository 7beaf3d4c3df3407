"""The programme's panels on the first screens (slots ``home_coordinator`` and
``home_partner`` of core.slots, rendered with the territory): the late fiches and
milestones of the whole territory for the coordination, one's own for a partner. Each
item links to its fiche, the panel to « ce qui est en retard »."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.pagination import head_and_total
from maillage.programme import selectors

# Items shown per list on a first screen; the late page has them all.
PANEL_LIMIT = 5


def _panel(request: HttpRequest, territory: Any, *, mine: bool) -> str:
    today = timezone.localdate()
    actions = selectors.late_actions(request.user, territory, today=today, mine=mine)
    milestones = selectors.late_milestones(request.user, territory, today=today, mine=mine)
    shown_actions, action_count = head_and_total(actions, PANEL_LIMIT)
    shown_milestones, milestone_count = head_and_total(milestones, PANEL_LIMIT)
    return render_to_string(
        "programme/partials/late_panel.html",
        {
            "territory": territory,
            "today": today,
            "heading": _("Mes fiches en retard") if mine else _("Fiches et jalons en retard"),
            "mine": mine,
            "late_actions": shown_actions,
            "late_action_count": action_count,
            "late_milestones": shown_milestones,
            "late_milestone_count": milestone_count,
        },
        request=request,
    )


def coordinator_late_panel(request: HttpRequest, territory: Any) -> str:
    """Every late fiche and milestone of the territory the user sees."""
    return _panel(request, territory, mine=False)


def partner_late_panel(request: HttpRequest, territory: Any) -> str:
    """The late fiches and milestones of the fiches the user works on."""
    if not getattr(request.user, "is_authenticated", False):
        return ""
    return _panel(request, territory, mine=True)
