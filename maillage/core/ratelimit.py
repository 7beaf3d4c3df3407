"""Limits on requests that send an e-mail to an address someone types (password reset,
e-mail verification, invitations): counted per target address and per client address in
the shared cache, so that every web process sees the same counts.

``settings.RATE_LIMITS[action]`` is ``(per_target, per_client, seconds)``. A request over
either limit sends nothing and is told so in French (``MESSAGE``)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from maillage.core.http import client_ip

MESSAGE = _(
    "Trop de demandes pour cette adresse ou depuis votre connexion : aucun courriel n’a été "
    "envoyé. Réessayez dans une heure."
)


def _count(key: str, seconds: int) -> int:
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, seconds)
        return 1


def allow(request: HttpRequest, action: str, target: str) -> bool:
    """Counts one request for ``action`` to ``target``; False when over a limit. Both
    counters always move, so that spreading over addresses does not spare the client and
    changing client does not spare the address."""
    per_target, per_client, seconds = settings.RATE_LIMITS[action]
    # The address is hashed: cache keys must not hold personal data nor odd characters.
    digest = hashlib.sha256(target.strip().lower().encode()).hexdigest()
    by_target = _count(f"ratelimit:{action}:to:{digest}", seconds)
    by_client = _count(f"ratelimit:{action}:from:{client_ip(request)}", seconds)
    return by_target <= per_target and by_client <= per_client
