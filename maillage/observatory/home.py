"""The observatory's blocks on the first screens (core/slots.py, slots ``home_*``): the
territory's key figures beside its Département's (elected officials, coordination, the
public) and the imports waiting for whoever uploaded them."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from maillage.core import access
from maillage.observatory import selectors
from maillage.observatory.models import ImportJob
from maillage.territories.models import Territory

SHOWN = 6
WAITING_IMPORTS = (
    ImportJob.State.UPLOADED,
    ImportJob.State.PREVIEWED,
    ImportJob.State.QUEUED,
    ImportJob.State.RUNNING,
    ImportJob.State.FAILED,
)


def key_figures(request: HttpRequest, territory: Territory) -> str:
    """The first key figures of the portrait: the territory, then its Département (not
    France, which the portrait adds, nor which cells are reserved: the block shows only
    the figures there are)."""
    places = selectors.comparison_places(territory)
    shown_places = places[:2]
    rows = selectors.portrait_rows(request.user, territory, shown_places, reserved=False)
    shown = [row for row in rows if row.figures and row.figures[0] is not None][:SHOWN]
    if not shown:
        return ""
    names = selectors.place_names(shown_places)
    return render_to_string(
        "observatory/home/key_figures.html",
        {
            "territory": territory,
            "rows": shown,
            "place_names": [names.get(place, place[1]) for place in shown_places],
            "compared": len(places) > 2,
        },
        request=request,
    )


def pending_imports(request: HttpRequest, territory: Territory) -> str:
    waiting = list(
        access.visible(
            request.user,
            ImportJob.objects.filter(territory=territory, state__in=WAITING_IMPORTS),
        ).order_by("-created_at")[:SHOWN]
    )
    if not waiting:
        return ""
    return render_to_string(
        "observatory/home/imports.html",
        {"territory": territory, "imports": waiting},
        request=request,
    )
