"""The bilan of one fiche action for one campaign, its versions and its partners'
comments (docs/evaluation.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel
from maillage.evaluation.models.campaigns import Campaign

# The fields a pilot writes; a version keeps them all, and the diff compares them.
TEXT_FIELDS: tuple[str, ...] = (
    "achievements",
    "publics_reached",
    "difficulties",
    "levers",
    "follow_up_note",
)


class Bilan(TimeStampedModel):
    class State(models.TextChoices):
        TODO = "todo", _("À rédiger")
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Soumis")
        VALIDATED = "validated", _("Validé")
        RETURNED = "returned", _("Renvoyé")

    class FollowUp(models.TextChoices):
        CONTINUE = "continue", _("Poursuivre")
        ADJUST = "adjust", _("Ajuster")
        STOP = "stop", _("Arrêter")
        SPREAD = "spread", _("Essaimer")

    class Rating(models.IntegerChoices):
        NOT_STARTED = 1, _("Pas encore engagée")
        STARTED = 2, _("Engagée")
        ADVANCED = 3, _("Bien avancée")
        ACHIEVED = 4, _("Atteinte")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="bilans")
    action = models.ForeignKey(
        "programme.Action",
        verbose_name=_("fiche action"),
        on_delete=models.CASCADE,
        related_name="bilans",
    )
    state = models.CharField(
        _("état"), max_length=10, choices=State.choices, default=State.TODO, db_index=True
    )
    achievements = models.TextField(_("réalisations"), blank=True)
    publics_reached = models.TextField(_("publics touchés"), blank=True)
    difficulties = models.TextField(_("difficultés"), blank=True)
    levers = models.TextField(_("leviers"), blank=True)
    follow_up = models.CharField(
        _("suite proposée"), max_length=10, choices=FollowUp.choices, blank=True
    )
    follow_up_note = models.TextField(_("précision sur la suite"), blank=True)
    rating = models.PositiveSmallIntegerField(
        _("appréciation de l’avancement"), choices=Rating.choices, null=True, blank=True
    )
    answers = models.JSONField(_("réponses à la grille"), default=dict, blank=True)
    # Filled from the programme when the bilan is first written, then kept: the year's
    # measurements against the targets, the means planned (and what the pilots say was
    # used).
    indicators = models.JSONField(_("indicateurs"), default=list, blank=True)
    means = models.JSONField(_("moyens"), default=list, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True)
    submitted_late = models.BooleanField(_("remis après la date limite"), default=False)
    validated_at = models.DateTimeField(_("validé le"), null=True, blank=True)
    returned_reason = models.TextField(_("motif du renvoi"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bilan de fiche action")
        verbose_name_plural = _("bilans de fiches actions")
        ordering = ["campaign", "action__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "action"], name="bilan_unique_action")
        ]
        indexes = [models.Index(fields=["campaign", "state"])]

    def __str__(self) -> str:
        return str(
            _("Bilan %(year)s — %(action)s")
            % {"year": self.campaign.year, "action": self.action.code}
        )

    def get_absolute_url(self) -> str:
        return reverse(
            "evaluation:bilan",
            kwargs={"territory_slug": self.campaign.territory.slug, "pk": self.pk},
        )

    @property
    def is_writable(self) -> bool:
        return self.state in (self.State.TODO, self.State.DRAFT, self.State.RETURNED)

    def content(self) -> dict[str, object]:
        """What a version keeps: every field a pilot writes."""
        data: dict[str, object] = {name: getattr(self, name) for name in TEXT_FIELDS}
        data["follow_up"] = self.follow_up
        data["rating"] = self.rating
        data["answers"] = dict(self.answers or {})
        data["means"] = list(self.means or [])
        return data


class BilanVersion(models.Model):
    """One saved state of a bilan: each save of the pilots makes one."""

    bilan = models.ForeignKey(Bilan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("état"), max_length=10, choices=Bilan.State.choices)
    data = models.JSONField(_("contenu"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("enregistrée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("version de bilan")
        verbose_name_plural = _("versions de bilans")
        ordering = ["bilan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["bilan", "number"], name="bilan_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.bilan} v{self.number}"


class BilanComment(models.Model):
    """A partner organisation's word on a bilan; ``cosigned`` when it signs it too."""

    bilan = models.ForeignKey(Bilan, on_delete=models.CASCADE, related_name="comments")
    organisation = models.ForeignKey(
        "territories.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("commentaire"), blank=True)
    cosigned = models.BooleanField(_("cosigné"), default=False)
    created_at = models.DateTimeField(_("écrit le"), auto_now_add=True)

    class Meta:
        verbose_name = _("commentaire de partenaire")
        verbose_name_plural = _("commentaires de partenaires")
        ordering = ["bilan", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.bilan}"
