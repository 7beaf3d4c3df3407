"""The evaluation's blocks on the first screens (core/slots.py): the open campaign's
progress for the coordinators, the bilans to write for the pilots."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from maillage.core import access
from maillage.evaluation import selectors
from maillage.territories.models import Territory

SHOWN = 5


def campaign_progress(request: HttpRequest, territory: Territory) -> str:
    if not access.can(request.user, "manage_evaluation", territory):
        return ""
    campaign = selectors.open_campaign(territory)
    if campaign is None:
        return ""
    return render_to_string(
        "evaluation/home/progress.html",
        {
            "territory": territory,
            "campaign": campaign,
            "progress": selectors.progress(campaign).total,
        },
        request=request,
    )


def bilans_to_write(request: HttpRequest, territory: Territory) -> str:
    if not request.user.is_authenticated:
        return ""
    found = selectors.to_write(request.user, territory)
    if not found:
        return ""
    return render_to_string(
        "evaluation/home/to_write.html",
        {"territory": territory, "bilans": found[:SHOWN], "count": len(found)},
        request=request,
    )
