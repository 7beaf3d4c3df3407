"""What participation adds to other capabilities' pages (core/slots.py): the Conseil
citoyen's part of its governance body page (slot ``body_detail``), and the Conseil's
published avis on the programme's action page (slot ``action_detail``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from maillage.core import access
from maillage.participation import selectors
from maillage.participation.access import is_council


def council_panel(request: HttpRequest, body: Any) -> str:
    if not is_council(body):
        return ""
    return render_to_string(
        "participation/partials/council_panel.html",
        {
            "body": body,
            "territory": body.territory,
            "council": selectors.council(request.user, body),
            "may_manage": access.can(request.user, "manage_council", body),
            "may_write": access.can(request.user, "write_avis", body),
            "may_interpellate": access.can(request.user, "interpellate", body),
        },
        request=request,
    )


def action_opinions_panel(request: HttpRequest, action: Any) -> str:
    opinions = selectors.action_opinions(request.user, action)
    if not opinions:
        return ""
    return render_to_string(
        "participation/partials/action_opinions.html",
        {"opinions": opinions, "territory": action.territory},
        request=request,
    )
