"""Coordinators and platform admins must pass a second factor before anything else."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from maillage.accounts.proconnect import SESSION_ACR_MFA
from maillage.accounts.services import confirmed_totp

EXEMPT_PREFIXES = ("/static/", "/media/", "/healthz", "/i18n/")


class MfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()  # type: ignore[attr-defined]  # set by OTPMiddleware
            and user.requires_mfa
            and not self._exempt(request.path)
        ):
            if request.path.startswith("/api/"):
                # Token-authenticated calls carry no session and never reach here as a user.
                return JsonResponse(
                    {
                        "detail": _(
                            "Double authentification requise : validez votre code dans le navigateur."
                        )
                    },
                    status=403,
                )

            target = "accounts:mfa_verify" if confirmed_totp(user) else "accounts:mfa_setup"
            url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
            if request.headers.get("HX-Request") == "true":
                # An htmx call would swap the second-factor page into a fragment: send the
                # whole window there instead.
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        if path.startswith(EXEMPT_PREFIXES):
            return True
        if path.endswith("/theme.css"):
            # The colours' stylesheet (core/theme.py) is linked from the second-factor
            # page itself: redirecting it would break that page's styles.
            return True
        return path in {
            reverse("accounts:mfa_setup"),
            reverse("accounts:mfa_verify"),
            reverse("accounts:logout"),
        }


class ProConnectFactor:
    """Stands in for an OTP device when ProConnect attested a second factor (``acr``):
    django-otp's ``user.is_verified()`` is true while ``user.otp_device`` is set."""

    name = "ProConnect"
    persistent_id = "proconnect"

    def __str__(self) -> str:
        return "ProConnect"


class ProConnectSecondFactorMiddleware:
    """After django-otp's OTPMiddleware: a ProConnect sign-in whose ``acr`` attests a
    second factor (settings.PROCONNECT_MFA_ACR_VALUES) counts as verified."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "otp_device", None) is None
            and request.session.get(SESSION_ACR_MFA) is True
        ):
            user.otp_device = ProConnectFactor()  # type: ignore[attr-defined]
        return self.get_response(request)
