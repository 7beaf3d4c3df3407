"""The API's side of ``core.http.require``: the same answers, as JSON errors."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja.errors import HttpError

from maillage.core import access


def require_api(request: HttpRequest, verb: str, obj: Any) -> None:
    policy = access.policy_for(obj)
    actor = access.actor_for(request.user)
    if "view" in policy.all_verbs() and not policy.can(actor, "view", obj):
        raise Http404
    if not policy.can(actor, verb, obj):
        if not request.user.is_authenticated:
            raise HttpError(401, "Authentification requise.")
        raise HttpError(403, "Action non autorisée.")
