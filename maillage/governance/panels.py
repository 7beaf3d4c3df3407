"""The panel governance adds to the programme's action page (slot ``action_detail``):
what the bodies decided about the action, its follow-up tasks and the coming meetings
that will discuss it — only what the reader may see."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

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
