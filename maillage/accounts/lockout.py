"""Sign-in lockout by django-axes, with one more rule: an address is locked across
usernames.

Axes counts failures per (username, address) (``AXES_LOCKOUT_PARAMETERS``) and locks at
``AXES_FAILURE_LIMIT``. Adding ``"ip_address"`` alone to those parameters would use the
same limit for a whole address: five typing mistakes in an office behind one NAT would lock
everyone in it, and a success from the attacker's own account would reset the address's
count (reset on success deletes every matching row). Instead, this handler sums the
failures of every username from the address within the cool-off and locks the address at
``AXES_ADDRESS_FAILURE_LIMIT``: password spraying (one password tried on many accounts
from one address) is stopped, and a success only clears its own username's failures."""

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


class AddressLockoutHandler(AxesDatabaseHandler):
    def is_locked(self, request: HttpRequest, credentials: Any = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return self.address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT

    def user_login_failed(
        self, sender: Any, credentials: dict, request: Any = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        # Axes answers with its lockout page (429) when it set this flag; the address rule
        # sets it too, so that the refusal says why.
        if (
            request is not None
            and not getattr(request, "axes_locked_out", False)
            and self.address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT
        ):
            request.axes_locked_out = True
            request.axes_credentials = credentials

    @staticmethod
    def address_failures(request: HttpRequest) -> int:
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return 0
        attempts = AccessAttempt.objects.filter(ip_address=address)
        if settings.AXES_COOLOFF_TIME:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        total = attempts.aggregate(total=Sum("failures_since_start"))["total"]
        return int(total or 0)
