"""The accounts' block on the coordinator's first screen (slot ``home_coordinator``): the
ProConnect agents waiting for a coordinator to confirm their organisation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from maillage.accounts.models import OrganisationRequest
from maillage.core import access


def pending_requests(request: HttpRequest, territory: Any) -> str:
    if not access.can(request.user, "invite", territory):
        return ""
    pending = list(
        OrganisationRequest.objects.pending()
        .filter(territory=territory)
        .select_related("user", "organisation")
        .order_by("created_at")[:6]
    )
    if not pending:
        return ""
    return render_to_string(
        "accounts/home/pending_requests.html",
        {
            "territory": territory,
            "pending": pending,
            "total": OrganisationRequest.objects.pending().filter(territory=territory).count(),
        },
        request=request,
    )
