"""The Conseil citoyen: a ``governance.Body`` of kind ``citizen_council`` with two
colleges, dated mandates, reproducible draws by lot, its « avis » on fiches actions and its
interpellations of the comité stratégique (docs/participation.md, « Conseil citoyen »)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel


class College(models.TextChoices):
    RESIDENTS = "residents", _("Collège des habitants")
    ASSOCIATIONS = "associations", _("Collège des associations et acteurs locaux")


class CouncilMemberQuerySet(models.QuerySet["CouncilMember"]):
    def current(self, on: datetime.date | None = None) -> CouncilMemberQuerySet:
        day = on or timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day), started_on__lte=day)


class CouncilMember(TimeStampedModel):
    """One mandate in one college, from ``started_on`` to the day before ``ended_on``.
    Rows are kept when a mandate ends: the page lists past mandates."""

    body = models.ForeignKey(
        "governance.Body",
        verbose_name=_("conseil citoyen"),
        on_delete=models.CASCADE,
        related_name="council_members",
    )
    college = models.CharField(_("collège"), max_length=16, choices=College.choices)
    display_name = models.CharField(
        _("nom affiché"),
        max_length=80,
        help_text=_("Prénom et initiale, ou le nom de l’association."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte Maillage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="council_mandates",
        help_text=_("Pour écrire les avis et les interpellations au nom du Conseil."),
    )
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("association ou acteur local"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="council_seats",
    )
    started_on = models.DateField(_("début du mandat"))
    ended_on = models.DateField(_("fin du mandat"), null=True, blank=True)
    draw = models.ForeignKey(
        "participation.Draw",
        verbose_name=_("tirage au sort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )

    objects = CouncilMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("membre du conseil citoyen")
        verbose_name_plural = _("membres du conseil citoyen")
        ordering = ["body", "college", "display_name", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("started_on")),
                name="participation_council_mandate_dates",
                violation_error_message=_("La fin du mandat doit suivre son début."),
            )
        ]
        indexes = [models.Index(fields=["body", "ended_on"]), models.Index(fields=["user"])]

    def __str__(self) -> str:
        return self.display_name

    def is_current(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.started_on <= day and (self.ended_on is None or self.ended_on > day)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.ended_on is not None and self.ended_on <= self.started_on:
            errors["ended_on"] = str(_("La fin du mandat doit suivre son début."))
        if self.organisation_id and self.college != College.ASSOCIATIONS:
            errors["organisation"] = str(
                _("Seul le collège des associations et acteurs locaux représente une structure.")
            )
        if errors:
            raise ValidationError(errors)


class Draw(models.Model):
    """A draw by lot of the residents' college. What is stored lets anyone re-run it:
    the SHA-256 of the canonical source list, the public value, the seed derived from both,
    the algorithm's version and the result (the drawn lines only)."""

    body = models.ForeignKey(
        "governance.Body",
        verbose_name=_("conseil citoyen"),
        on_delete=models.CASCADE,
        related_name="council_draws",
    )
    college = models.CharField(
        _("collège"), max_length=16, choices=College.choices, default=College.RESIDENTS
    )
    seats = models.PositiveSmallIntegerField(_("nombre de sièges"))
    balance_by = models.CharField(_("équilibre par"), max_length=16, blank=True)
    public_value = models.CharField(_("valeur publique"), max_length=200)
    list_hash = models.CharField(_("empreinte SHA-256 de la liste"), max_length=64)
    seed = models.CharField(_("graine"), max_length=64)
    algorithm = models.CharField(_("algorithme"), max_length=32)
    candidates_count = models.PositiveIntegerField(_("nombre de candidatures"))
    result = models.JSONField(_("résultat"), default=list)
    mandate_start = models.DateField(_("début des mandats"))
    mandate_end = models.DateField(_("fin des mandats"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fait par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("fait le"), auto_now_add=True)

    class Meta:
        verbose_name = _("tirage au sort")
        verbose_name_plural = _("tirages au sort")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.body} — {self.created_at:%d/%m/%Y}" if self.created_at else str(self.body)

    def get_absolute_url(self) -> str:
        return reverse(
            "participation:draw",
            kwargs={"territory_slug": self.body.territory.slug, "pk": self.pk},
        )


class AvisState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publié")


class Avis(TimeStampedModel):
    """The Conseil citoyen's opinion on a fiche action, written by one of its members on
    its behalf, public once published (and only where the action is visible)."""

    body = models.ForeignKey(
        "governance.Body",
        verbose_name=_("conseil citoyen"),
        on_delete=models.CASCADE,
        related_name="council_opinions",
    )
    action = models.ForeignKey(
        "programme.Action",
        verbose_name=_("fiche action"),
        on_delete=models.CASCADE,
        related_name="council_opinions",
    )
    title = models.CharField(_("titre"), max_length=160)
    text = models.TextField(_("avis"), max_length=6000)
    approved_on = models.DateField(
        _("adopté par le Conseil le"), help_text=_("La date de la réunion qui l’a adopté.")
    )
    state = models.CharField(
        _("état"), max_length=16, choices=AvisState.choices, default=AvisState.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rédigé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="council_opinions",
    )
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)

    class Meta:
        verbose_name = _("avis du conseil citoyen")
        verbose_name_plural = _("avis du conseil citoyen")
        ordering = ["-approved_on", "-id"]
        indexes = [models.Index(fields=["action", "state"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "participation:avis",
            kwargs={"territory_slug": self.body.territory.slug, "pk": self.pk},
        )


class Interpellation(TimeStampedModel):
    """A question the Conseil citoyen puts to the comité stratégique: it becomes a subject
    of the comité's backlog (``item``), whose follow-up the Conseil sees."""

    body = models.ForeignKey(
        "governance.Body",
        verbose_name=_("conseil citoyen"),
        on_delete=models.CASCADE,
        related_name="interpellations_sent",
    )
    target = models.ForeignKey(
        "governance.Body",
        verbose_name=_("instance interpellée"),
        on_delete=models.CASCADE,
        related_name="interpellations_received",
    )
    subject = models.CharField(_("objet"), max_length=200)
    text = models.TextField(_("texte"), max_length=6000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rédigée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    item = models.OneToOneField(
        "governance.AgendaItem",
        verbose_name=_("sujet de l’instance"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpellation",
    )

    class Meta:
        verbose_name = _("interpellation")
        verbose_name_plural = _("interpellations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject
