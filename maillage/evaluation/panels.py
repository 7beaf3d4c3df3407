"""What the evaluation adds to other capabilities' pages (core/slots.py): on a decision's
page (slot ``decision_detail``), a follow-up task's page (``task_detail``) and a fiche
action's page (``action_detail``), the conférence sociale proposal whose answer created
it. Governance and the programme sit below the evaluation (docs/architecture.md): they
offer the slot, the evaluation fills it. One query per page when no proposal names the
object (most pages), two when one does, whatever the data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from maillage.core import access
from maillage.evaluation.models import Proposal


def _origin(field: str) -> Callable[[HttpRequest, Any], str]:
    def panel(request: HttpRequest, obj: Any) -> str:
        if obj is None or obj.pk is None:
            return ""
        found = access.listed_if_any(
            request.user,
            Proposal.objects.filter(**{field: obj.pk}),
            lambda qs: qs.select_related("conference__territory").order_by("pk")[:1],
        )
        if not found:
            return ""
        proposal = found[0]
        return render_to_string(
            "evaluation/partials/proposal_origin.html", {"proposal": proposal}, request=request
        )

    panel.__name__ = f"{field}_origin"
    return panel


decision_origin = _origin("decision_id")
task_origin = _origin("task_id")
action_origin = _origin("action_id")
