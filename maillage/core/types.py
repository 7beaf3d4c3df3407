"""Request types for views, so that type checking knows what middleware added."""

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from maillage.accounts.models import User


class HtmxRequest(HttpRequest):
    htmx: "HtmxDetails"


class AuthenticatedRequest(HtmxRequest):
    """A request behind ``login_required``: ``user`` is a real account."""

    user: "User"
