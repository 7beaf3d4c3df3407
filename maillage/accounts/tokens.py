"""Signed, expiring links: invitations and e-mail verification."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

INVITATION_SALT = "maillage.accounts.invitation"
VERIFICATION_SALT = "maillage.accounts.email-verification"


def make(payload: dict[str, Any], salt: str) -> str:
    return signing.dumps(payload, salt=salt, compress=True)


def read(token: str, salt: str, max_age: timedelta) -> dict[str, Any]:
    """Raises ``signing.SignatureExpired`` or ``signing.BadSignature``."""
    value = signing.loads(token, salt=salt, max_age=max_age)
    if not isinstance(value, dict):
        raise signing.BadSignature("Unexpected payload")
    return value


def password_stamp(user: Any) -> str:
    """A short fingerprint of the account's password hash: a link bound to it stops working
    once the password changes."""
    return salted_hmac("maillage.accounts.password-stamp", user.password).hexdigest()[:12]


def invitation_max_age() -> timedelta:
    return timedelta(days=settings.INVITATION_VALIDITY_DAYS)


def verification_max_age() -> timedelta:
    return timedelta(days=settings.EMAIL_VERIFICATION_VALIDITY_DAYS)
