"""Personal calendar feeds (ICS addresses)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    """A personal ICS address. Only the SHA-256 of its secret is kept: the address is
    shown once; revoking it stops every calendar that subscribed to it."""

    class Scope(models.TextChoices):
        MINE = "mine", _("Les séances des instances dont je fais partie")
        ALL = "all", _("Toutes les séances que je peux voir")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField(_("contenu"), max_length=8, choices=Scope.choices, default=Scope.MINE)
    name = models.CharField(_("nom"), max_length=100)
    prefix = models.CharField(max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("flux d’agenda")
        verbose_name_plural = _("flux d’agenda")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
