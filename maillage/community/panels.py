"""The blocks the network's life adds to other pages (core.slots): the territory home's
latest news and next public events."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from maillage.community import selectors
from maillage.core import access


def home_block(request: HttpRequest, territory: Any) -> str:
    posts = list(selectors.published_posts(request.user, territory)[:3])
    events = list(selectors.published_events(request.user, territory)[:3])
    return render_to_string(
        "community/partials/home_block.html",
        {
            "territory": territory,
            "posts": posts,
            "events": events,
            "may_write": access.can(request.user, "contribute_community", territory),
        },
        request=request,
    )
