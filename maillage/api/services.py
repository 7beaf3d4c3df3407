from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.api.models import ApiToken, hash_key
from maillage.core import audit, queue

MAX_TOKENS_PER_USER = 20


class TokenRefused(Exception):
    """A known token that may not be used now; the message tells its owner why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _has_confirmed_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def create_token(
    *,
    actor: Any,
    name: str,
    days: int = 365,
    scope: str = ApiToken.Scope.READ,
    verified: bool = False,
) -> tuple[ApiToken, str]:
    """Returns the token and its clear key, which is never stored.

    ``verified`` says the session creating it passed the second factor: a person who must
    use one may only create a token then, and the token remembers it."""
    errors: dict[str, str] = {}
    if ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count() >= MAX_TOKENS_PER_USER:
        errors["name"] = _("Vous avez déjà 20 jetons actifs : révoquez-en un d’abord.")
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        errors["days"] = _("Un jeton vaut au plus %(days)s jours.") % {
            "days": settings.API_TOKEN_MAX_DAYS
        }
    with_mfa = verified and _has_confirmed_device(actor)
    if actor.requires_mfa and not with_mfa:
        errors["name"] = _(
            "Validez d’abord votre double authentification : votre rôle l’exige pour créer "
            "un jeton."
        )
    if errors:
        raise ValidationError(errors)
    key = ApiToken.generate_key()
    token = ApiToken(
        user=actor,
        name=name.strip(),
        scope=scope,
        prefix=key[:12],
        key_hash=hash_key(key),
        expires_at=timezone.now() + timedelta(days=days),
        created_with_mfa=with_mfa,
    )
    token.full_clean()
    token.save()
    audit.record(
        actor=actor,
        action="api_token.create",
        obj=token,
        changes={"name": [None, token.name], "scope": [None, token.scope]},
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


@transaction.atomic
def suspend_tokens_without_mfa(*, user: Any) -> int:
    """Suspends the person's live tokens not created after a second factor, and tells them
    by e-mail. Called when their role comes to require one; returns how many."""
    now = timezone.now()
    tokens = list(
        ApiToken.objects.select_for_update()
        .filter(user=user, created_with_mfa=False, expires_at__gt=now)
        .filter(revoked_at__isnull=True, suspended_at__isnull=True)
        .order_by("pk")
    )
    if not tokens:
        return 0
    ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).update(suspended_at=now)
    audit.record(
        actor=None,
        action="api_token.suspend",
        obj=user,
        changes={"suspended_tokens": [[t.prefix for t in tokens], []]},
    )
    queue.enqueue_on_commit(
        "accounts.send_templated_email",
        to=user.email,
        subject=_("Vos jetons d’accès à l’API sont suspendus"),
        template="api/emails/tokens_suspended.txt",
        context={"name": user.full_name, "tokens": [t.name for t in tokens]},
        language=getattr(user, "preferred_language", "") or "fr",
    )
    return len(tokens)


def authenticate(key: str) -> ApiToken | None:
    """The token behind ``key``; None when it is unknown or revoked (the caller answers 401
    with the generic message); TokenRefused when its owner should be told why it stopped."""
    if not key.startswith("mlg_"):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.is_expired:
        raise TokenRefused(
            _(
                "Ce jeton a expiré le %(date)s : créez-en un nouveau sur la page « Jetons "
                "d’accès à l’API »."
            )
            % {"date": formats.date_format(timezone.localtime(token.expires_at), "d/m/Y")}
        )
    user = token.user
    if (
        token.suspended_at is None
        and user.requires_mfa
        and (not token.created_with_mfa or not _has_confirmed_device(user))
    ):
        # A role that requires a second factor reached the person by another way than a
        # membership (platform admin), or their device is gone: same rule.
        token.suspended_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk).update(suspended_at=token.suspended_at)
    if token.suspended_at is not None:
        raise TokenRefused(
            _(
                "Ce jeton est suspendu : votre rôle exige la double authentification. "
                "Validez-la dans le navigateur, puis créez un nouveau jeton."
            )
        )
    now = timezone.now()
    # Writing on every call would make each GET a write; once a minute is enough to show use.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
