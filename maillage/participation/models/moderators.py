from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Moderator(models.Model):
    """A named person (typically of the Conseil citoyen) who moderates the residents'
    contributions of one territory, beside its coordinators."""

    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="participation_moderators",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="participation_moderations",
    )
    created_at = models.DateTimeField(_("nommé·e le"), auto_now_add=True)

    class Meta:
        verbose_name = _("modérateur ou modératrice")
        verbose_name_plural = _("modérateurs et modératrices")
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "user"],
                name="participation_moderator_unique",
                violation_error_message=_("Cette personne modère déjà ce territoire."),
            )
        ]

    def __str__(self) -> str:
        return str(self.user)
