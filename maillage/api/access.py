"""API tokens belong to their owner alone (and the platform admins, who may revoke any)."""

from django.db.models import Q

from maillage.api.models import ApiToken
from maillage.core import access
from maillage.core.access import Actor, Policy


@access.register
class ApiTokenPolicy(Policy):
    kind = "api_token"
    model = ApiToken
    verbs = ("view", "revoke")

    def can_view(self, actor: Actor, obj: ApiToken) -> bool:
        return actor.is_admin or (actor.user_id is not None and obj.user_id == actor.user_id)

    can_revoke = can_view

    def visible_q(self, actor: Actor) -> Q:
        if actor.user_id is None:
            return Q(pk__in=[])
        return Q(user_id=actor.user_id)
