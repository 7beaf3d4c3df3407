"""Every write of the network's life (docs/community.md): one module per subdomain,
each name re-exported here."""

from maillage.community.services.common import set_validation
from maillage.community.services.communication import (
    create_communication,
    release,
    request_approvals,
    sign_communication,
    update_communication,
)
from maillage.community.services.events import (
    cancel_event,
    cancel_registration,
    create_event,
    mark_reminded,
    publish_event,
    register,
    registration_for_token,
    sign_event,
    update_event,
    validate_event,
)
from maillage.community.services.news import (
    create_post,
    publish_post,
    sign_post,
    unpublish_post,
    update_post,
    validate_post,
)

__all__ = [
    "cancel_event",
    "cancel_registration",
    "create_communication",
    "create_event",
    "create_post",
    "mark_reminded",
    "publish_event",
    "publish_post",
    "register",
    "registration_for_token",
    "release",
    "request_approvals",
    "set_validation",
    "sign_communication",
    "sign_event",
    "sign_post",
    "unpublish_post",
    "update_communication",
    "update_event",
    "update_post",
    "validate_event",
    "validate_post",
]
