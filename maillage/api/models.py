from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "mlg_"  # noqa: S105 — a marker, not a secret


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> ApiTokenQuerySet:
        """Neither revoked, suspended nor expired (the second-factor rule is checked on
        use, since it depends on the person's roles and devices at that moment)."""
        return self.filter(
            revoked_at__isnull=True,
            suspended_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )


class ApiToken(models.Model):
    """A personal token for integrations. Only its SHA-256 is stored: the clear value is
    shown once, when it is created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("propriétaire"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )

    class Scope(models.TextChoices):
        READ = "read", _("Lecture seule")
        WRITE = "write", _("Lecture et écriture")

    name = models.CharField(_("nom"), max_length=100)
    scope = models.CharField(_("droits"), max_length=5, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(_("début du jeton"), max_length=16, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    # Created in a session whose second factor was verified: only such a token may act for
    # a person who must use one (coordinators, platform admins).
    created_with_mfa = models.BooleanField(
        _("créé après la double authentification"), default=False
    )
    # Set when the person's role came to require a second factor the token was not created
    # with; a suspended token never works again (its owner creates a new one).
    suspended_at = models.DateTimeField(_("suspendu le"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeton d’API")
        verbose_name_plural = _("jetons d’API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate_key() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.suspended_at is None and not self.is_expired

    def allows(self, method: str) -> bool:
        """A read-only token may only read."""
        return self.scope == self.Scope.WRITE or method in ("GET", "HEAD", "OPTIONS")
