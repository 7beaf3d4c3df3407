"""API throttling, counted in the shared cache so that every web process sees the same
counters.

One bucket per signed-in person (token or session) at ``API_THROTTLE_AUTH``, one per client
address for anonymous calls at ``API_THROTTLE_ANON``. The rates are read from the settings
on each call, so an operator changes them without touching code (and a test overrides them
like any other setting)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

from maillage.core.http import client_ip


class _SettingsRateThrottle(SimpleRateThrottle):
    setting: str

    def get_ident(self, request: HttpRequest) -> str:
        return client_ip(request)

    def __init__(self) -> None:
        super().__init__(getattr(settings, self.setting))

    def allow_request(self, request: HttpRequest) -> bool:
        rate = getattr(settings, self.setting)
        if rate != self.rate:
            self.rate = rate
            self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)


class PersonRateThrottle(_SettingsRateThrottle):
    """Signed-in callers, whatever the way in: the key is the account, not the token, so
    that creating more tokens does not buy more calls."""

    scope = "person"
    setting = "API_THROTTLE_AUTH"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": user.pk}


class AnonymousRateThrottle(_SettingsRateThrottle):
    scope = "anonymous"
    setting = "API_THROTTLE_ANON"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
