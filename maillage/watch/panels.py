"""The veille's panel on the programme's action page (slot ``action_detail``): the
signals a draft fiche action or an agenda item came from, for whoever may read them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from maillage.core import access
from maillage.watch.models import Signal


def action_signals(request: HttpRequest, action: Any) -> str:
    signals = access.listed_if_any(
        request.user,
        Signal.objects.filter(orientations__action=action, orientations__state="done").distinct(),
        lambda qs: qs.only(
            "pk", "title", "territory_id", "status", "situations_count", "corroborating_orgs"
        ),
    )
    if not signals:
        return ""
    return render_to_string(
        "watch/partials/action_signals.html",
        {"action": action, "territory": action.territory, "signals": signals},
        request=request,
    )
