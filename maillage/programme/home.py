"""The programme's blocks on the first screens (core/slots.py, slots ``home_*``): the
programme by axis in one glance (coordination, elected officials), its axes for the public,
a partner's own fiches (the late ones first, flagged and counted), the imports waiting, and
a Département or CAF agent's fiches in each commune where they work. The coordination's
late fiches and milestones are the "late" block's (programme/panels.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from maillage.core import access
from maillage.programme import selectors
from maillage.programme.models import Action, ImportBatch
from maillage.territories.home import engaged_communes
from maillage.territories.models import Organisation, Territory

SHOWN = 8


def _render(template: str, request: HttpRequest, territory: Territory, **context: Any) -> str:
    return render_to_string(
        f"programme/home/{template}", {"territory": territory, **context}, request=request
    )


def programme_glance(request: HttpRequest, territory: Territory) -> str:
    """Each axis: how many fiches, how many running and done, the mean progress."""
    summaries = selectors.overview(request.user, territory)
    return _render(
        "glance.html",
        request,
        territory,
        summaries=summaries,
        totals=selectors.status_totals(summaries),
    )


def public_axes(request: HttpRequest, territory: Territory) -> str:
    """What the PST does: its axes, their objectives and how many fiches each has."""
    summaries = [s for s in selectors.overview(request.user, territory) if s.axis is not None]
    return _render("axes.html", request, territory, summaries=summaries)


def my_actions(request: HttpRequest, territory: Territory) -> str:
    """The fiches a partner works on (piloted or partnered by their organisation, or where
    they are a referent), the late ones first and flagged, and how many fiches and
    milestones of theirs are late: one block, where the late ones used to be listed a
    second time above it."""
    today = timezone.localdate()
    total = len(selectors.my_action_ids(request.user, territory))
    late_actions, late_milestones = (
        selectors.my_lateness(request.user, territory, today) if total else (0, 0)
    )
    actions = (
        list(selectors.my_actions_first(request.user, territory, today)[:SHOWN]) if total else []
    )
    return _render(
        "my_actions.html",
        request,
        territory,
        actions=actions,
        total=total,
        late_actions=late_actions,
        late_milestones=late_milestones,
    )


def pending_imports(request: HttpRequest, territory: Territory) -> str:
    """Spreadsheets checked but not applied yet by the person who uploaded them."""
    waiting = list(
        access.visible(
            request.user,
            ImportBatch.objects.filter(territory=territory, state=ImportBatch.State.PREVIEWED),
        ).order_by("-created_at")[:SHOWN]
    )
    if not waiting:
        return ""
    return _render("imports.html", request, territory, imports=waiting)


def across_actions(request: HttpRequest, territory: Territory) -> str:
    """A Département or CAF agent, on the département: the fiches their organisation
    pilots or partners in each commune where it works."""
    communes = engaged_communes(request.user, territory, "programme")
    orgs = access.actor_for(request.user).orgs_in(territory.pk)
    if not communes:
        return ""
    theirs = Action.objects.filter(
        Q(pilots__in=orgs) | Q(partner_links__organisation__in=orgs) | Q(referents=request.user)
    ).values("pk")
    actions = list(
        access.visible(
            request.user,
            Action.objects.filter(territory__in=[c.pk for c in communes], pk__in=theirs),
        )
        .select_related("territory")
        .prefetch_related(Prefetch("pilots", queryset=Organisation.objects.only("id", "name")))
        .order_by("territory__name", "sort_key")[: SHOWN * 3]
    )
    return _render("across.html", request, territory, actions=actions, communes=communes)
