"""The searches behind the forms' long choices (``maillage.core.search_select``): the
people who may chair, present or be given a task, and the fiches a reader sees."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_GET

from maillage.core.http import require
from maillage.core.search_select import matches_answer
from maillage.core.types import HtmxRequest
from maillage.governance import selectors
from maillage.governance.forms.common import action_label, person_label
from maillage.governance.views.common import territory as get_territory


@login_required
@require_GET
def choose_person(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = get_territory(request, territory_slug)
    # Names and addresses of the territory's staff: for those who work here only.
    require(request, "choose_people", current)
    return matches_answer(
        request,
        selectors.people(current),
        fields=("full_name", "email"),
        label=person_label,
    )


@login_required
@require_GET
def choose_action(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = get_territory(request, territory_slug)
    require(request, "choose_people", current)
    return matches_answer(
        request,
        selectors.visible_actions(request.user, current),
        fields=("code", "title"),
        label=action_label,
    )
