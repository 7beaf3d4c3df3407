"""The partnership questionnaire: each partner organisation's answer for a campaign."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel
from maillage.evaluation.models.campaigns import Campaign

SCALE = (MinValueValidator(1), MaxValueValidator(5))

# The scales of the grid, in order: (field, label).
SCALES: tuple[tuple[str, str], ...] = (
    ("knowledge", "Interconnaissance"),
    ("trust", "Confiance"),
    ("practices", "Pratiques transformées"),
)


class PartnershipAnswer(TimeStampedModel):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="partnership_answers"
    )
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    knowledge = models.PositiveSmallIntegerField(
        _("interconnaissance"),
        validators=SCALE,
        help_text=_("De 1 (nous ne connaissons pas les autres partenaires) à 5 (très bien)."),
    )
    trust = models.PositiveSmallIntegerField(
        _("confiance"),
        validators=SCALE,
        help_text=_("De 1 (aucune) à 5 (pleine confiance)."),
    )
    practices = models.PositiveSmallIntegerField(
        _("pratiques transformées"),
        validators=SCALE,
        help_text=_("De 1 (rien n’a changé) à 5 (nos pratiques ont beaucoup changé)."),
    )
    to_change = models.TextField(_("ce qu’il faudrait changer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("réponse au questionnaire partenarial")
        verbose_name_plural = _("réponses au questionnaire partenarial")
        ordering = ["campaign", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation"], name="partnership_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.campaign}"
