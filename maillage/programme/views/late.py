"""« Ce qui est en retard »: the fiches past their planned end and the late milestones of
the whole programme, and what other capabilities add there (slot ``late_items``:
governance's overdue decisions and tasks, agreements past their review)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.core.pages import render_page
from maillage.core.types import HtmxRequest
from maillage.programme import selectors
from maillage.programme.views.common import crumbs, programme_crumb
from maillage.territories.selectors import territory_or_404

# The page lists this many of each; the filtered actions list has them all.
LATE_LIMIT = 100


@require_GET
def late(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    today = timezone.localdate()
    actions = selectors.late_actions(request.user, current, today=today)
    milestones = selectors.late_milestones(request.user, current, today=today)
    return render_page(
        request,
        "programme/late.html",
        {
            "territory": current,
            "section": "programme",
            "title": _("Ce qui est en retard"),
            "today": today,
            "late_actions": list(actions[:LATE_LIMIT]),
            "late_action_count": actions.count(),
            "late_milestones": list(milestones[:LATE_LIMIT]),
            "late_milestone_count": milestones.count(),
            "limit": LATE_LIMIT,
            "breadcrumb": crumbs(
                current, programme_crumb(current), {"label": _("Ce qui est en retard")}
            ),
        },
    )
