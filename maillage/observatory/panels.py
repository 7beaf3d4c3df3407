"""The observatory's panel on the programme's action page (slot ``action_detail``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from maillage.core import access
from maillage.observatory import selectors


def action_indicators(request: HttpRequest, action: Any) -> str:
    indicators = selectors.targeted_indicators(action)
    can_change = access.can(request.user, "change", action)
    if not indicators and not can_change:
        return ""
    return render_to_string(
        "observatory/partials/action_indicators.html",
        {
            "action": action,
            "territory": action.territory,
            "indicators": indicators,
            "can_change": can_change,
        },
        request=request,
    )
