"""The blocks the network's life adds to other pages (core.slots): the territory home's
latest news and next public events."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from maillage.community import selectors
from maillage.core import access


def home_block(request: HttpRequest, territory: Any) -> str:
    """The latest news and the next events, as the block names them: title, date, place
    or author — the columns it shows, not their cosigners, organisers and full rows."""
    posts = list(
        selectors.published_posts(request.user, territory)
        .prefetch_related(None)
        .only(
            "id",
            "title",
            "published_at",
            "territory",
            "territory__slug",
            "organisation",
            "organisation__name",
        )[:3]
    )
    events = list(
        selectors.published_events(request.user, territory)
        .prefetch_related(None)
        .select_related(None)
        .select_related("territory")
        .only("id", "title", "starts_at", "place", "territory", "territory__slug")[:3]
    )
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
