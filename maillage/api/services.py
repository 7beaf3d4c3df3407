from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.api.models import ApiToken, hash_key
from maillage.core import audit

MAX_TOKENS_PER_USER = 20


@transaction.atomic
def create_token(*, actor: Any, name: str, days: int | None = 365) -> tuple[ApiToken, str]:
    """Returns the token and its clear key, which is never stored."""
    if ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(
            {"name": _("Vous avez déjà 20 jetons actifs : révoquez-en un d’abord.")}
        )
    key = ApiToken.generate_key()
    token = ApiToken(
        user=actor,
        name=name.strip(),
        prefix=key[:12],
        key_hash=hash_key(key),
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    token.full_clean()
    token.save()
    audit.record(
        actor=actor, action="api_token.create", obj=token, changes={"name": [None, token.name]}
    )
    return token, key


@transaction.atomic
def revoke_token(*, actor: Any, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            action="api_token.revoke",
            obj=token,
            changes={"revoked_at": [None, token.revoked_at.isoformat()]},
        )
    return token


def authenticate(key: str) -> ApiToken | None:
    if not key.startswith("mlg_"):
        return None
    token = ApiToken.objects.usable().select_related("user").filter(key_hash=hash_key(key)).first()
    if token is None:
        return None
    now = timezone.now()
    # Writing on every call would make each GET a write; once a minute is enough to show use.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
