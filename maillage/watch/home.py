"""The veille's blocks on the first screens (core/slots.py, slots ``home_*``): the signals
waiting for triage and the orientations waiting for a decision, for those who triage
(the cellule de veille and the coordinators); a partner's own signals with what became
of them. Nothing shows to anyone else: a signal is never public."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from maillage.core import access
from maillage.core.pagination import head_and_total
from maillage.territories.models import Territory
from maillage.watch import selectors

SHOWN = 5


def triage_block(request: HttpRequest, territory: Territory) -> str:
    """Signals waiting longest first, and the proposals a coordinator confirms."""
    if not access.can(request.user, "triage_signals", territory):
        return ""
    waiting, count = head_and_total(selectors.inbox(request.user, territory), SHOWN)
    proposals = list(selectors.proposals(request.user, territory)[:SHOWN])
    if not count and not proposals:
        return ""
    return render_to_string(
        "watch/home/triage.html",
        {
            "territory": territory,
            "count": count,
            "signals": waiting,
            "proposals": proposals,
        },
        request=request,
    )


def my_signals_block(request: HttpRequest, territory: Territory) -> str:
    """For a partner outside the cellule: what they reported or corroborated lately."""
    if access.can(request.user, "triage_signals", territory):
        return triage_block(request, territory)
    if not access.can(request.user, "use_watch", territory):
        return ""
    signals: list[Any] = list(selectors.mine(request.user, territory)[:SHOWN])
    if not signals:
        return ""
    return render_to_string(
        "watch/home/mine.html", {"territory": territory, "signals": signals}, request=request
    )
