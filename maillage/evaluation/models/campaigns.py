"""The yearly evaluation campaign of a territory: its calendar, the fiches in scope and its
question grid (docs/evaluation.md)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel

# The grid every campaign starts with; the coordinator edits it, and it is stored per
# campaign so that a later change never rewrites the answers of a closed year.
DEFAULT_QUESTIONS: list[dict[str, str]] = [
    {"key": "pertinence", "label": "Pertinence", "text": "L’action répond-elle aux besoins constatés ?"},
    {"key": "coherence", "label": "Cohérence", "text": "S’articule-t-elle avec les autres actions et dispositifs ?"},
    {"key": "efficacite", "label": "Efficacité", "text": "Les objectifs fixés sont-ils atteints ?"},
    {"key": "efficience", "label": "Efficience", "text": "Les moyens mobilisés sont-ils à la mesure des résultats ?"},
    {"key": "impact", "label": "Impact", "text": "Qu’est-ce qui a changé pour les habitants et les pratiques ?"},
]  # fmt: skip


class Step(models.TextChoices):
    """The calendar of a campaign, in order."""

    BILANS = "bilans", _("Collecte des bilans")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire partenarial")
    CONFERENCE = "conference", _("Conférence sociale")
    DECISIONS = "decisions", _("Relevé de décisions")
    AVENANT = "avenant", _("Avenant")


STEP_FIELDS: dict[str, str] = {
    Step.BILANS: "bilans_due_on",
    Step.QUESTIONNAIRE: "questionnaire_due_on",
    Step.CONFERENCE: "conference_on",
    Step.DECISIONS: "decisions_on",
    Step.AVENANT: "avenant_on",
}


class Campaign(TimeStampedModel):
    class State(models.TextChoices):
        OPEN = "open", _("Collecte ouverte")
        CLOSED = "closed", _("Collecte close")

    class LatePolicy(models.TextChoices):
        REFUSE = "refuse", _("Refuser les bilans en retard")
        FLAG = "flag", _("Accepter les bilans en retard en les signalant")

    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="evaluation_campaigns",
    )
    year = models.PositiveSmallIntegerField(_("année évaluée"))
    state = models.CharField(
        _("état"), max_length=8, choices=State.choices, default=State.OPEN, db_index=True
    )
    bilans_due_on = models.DateField(_("collecte des bilans : date limite"))
    questionnaire_due_on = models.DateField(_("questionnaire partenarial : date limite"))
    conference_on = models.DateField(_("conférence sociale"), null=True, blank=True)
    decisions_on = models.DateField(_("relevé de décisions"), null=True, blank=True)
    avenant_on = models.DateField(_("avenant"), null=True, blank=True)
    late_policy = models.CharField(
        _("bilans remis après la date limite"),
        max_length=8,
        choices=LatePolicy.choices,
        default=LatePolicy.FLAG,
    )
    bilans_public = models.BooleanField(
        _("bilans validés publics"),
        default=False,
        help_text=_("Les bilans validés peuvent être lus par tout le monde."),
    )
    questions = models.JSONField(_("grille de questions"), default=list, blank=True)
    actions = models.ManyToManyField(
        "programme.Action",
        verbose_name=_("fiches évaluées"),
        blank=True,
        related_name="evaluation_campaigns",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("collecte close le"), null=True, blank=True)

    class Meta:
        verbose_name = _("campagne d’évaluation")
        verbose_name_plural = _("campagnes d’évaluation")
        ordering = ["territory", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "year"], name="campaign_unique_year")
        ]

    def __str__(self) -> str:
        return str(_("Évaluation %(year)s") % {"year": self.year})

    def get_absolute_url(self) -> str:
        return reverse(
            "evaluation:campaign",
            kwargs={"territory_slug": self.territory.slug, "year": self.year},
        )

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    def calendar(self) -> list[tuple[str, str, datetime.date | None]]:
        """(step, label, date) in order."""
        return [
            (step, str(label), getattr(self, STEP_FIELDS[step])) for step, label in Step.choices
        ]

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.year is not None and not 2000 <= self.year <= 2100:
            errors["year"] = _("L’année doit être comprise entre 2000 et 2100.")
        previous: tuple[str, datetime.date] | None = None
        for step, _label in Step.choices:
            field = STEP_FIELDS[step]
            value = getattr(self, field)
            if value is None:
                continue
            if previous is not None and value < previous[1]:
                errors[field] = _("Les étapes du calendrier doivent se suivre dans l’ordre.")
            previous = (field, value)
        seen: set[str] = set()
        for question in self.questions or []:
            key = question.get("key", "") if isinstance(question, dict) else ""
            if not key or not str(question.get("label", "")).strip() or key in seen:
                errors["questions"] = _("Chaque question a un intitulé, une seule fois.")
                break
            seen.add(key)
        if errors:
            raise ValidationError(errors)


class Reminder(models.Model):
    """One e-mail sent to one person before one deadline of one campaign: never twice."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField(max_length=16, choices=Step.choices)
    due_on = models.DateField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rappel d’échéance")
        verbose_name_plural = _("rappels d’échéance")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "step", "due_on", "user"], name="evaluation_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.step} — {self.user_id}"
