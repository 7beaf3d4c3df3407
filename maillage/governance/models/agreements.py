"""Conventions and feuilles de route: signatories, commitments, documents."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.files import RandomName
from maillage.core.models import TimeStampedModel
from maillage.core.roles import Visibility
from maillage.governance.models.bodies import Body
from maillage.governance.models.common import BODY_VISIBILITIES, BODY_VISIBILITY_VALUES


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def in_force(self, today: datetime.date) -> AgreementQuerySet:
        return self.filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=today))

    def review_overdue(self, today: datetime.date) -> AgreementQuerySet:
        """Agreements still in force whose review date has passed: the one definition of
        a convention to review that is late."""
        return self.in_force(today).filter(review_on__lt=today)


class Agreement(TimeStampedModel):
    """A convention or a feuille de route signed by partners of the PST."""

    class Kind(models.TextChoices):
        CONVENTION = "convention", _("Convention")
        ROADMAP = "roadmap", _("Feuille de route")
        AMENDMENT = "amendment", _("Avenant")
        CHARTER = "charter", _("Charte")
        OTHER = "other", _("Autre accord")

    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="agreements"
    )
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=255)
    summary = models.TextField(_("objet"), blank=True)
    signed_on = models.DateField(_("date de signature"), null=True, blank=True)
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    review_on = models.DateField(_("date de révision"), null=True, blank=True)
    reminder_days = models.PositiveSmallIntegerField(
        _("rappel (jours avant la révision)"), default=30
    )
    signatories = models.ManyToManyField(
        "territories.Organisation",
        through="AgreementSignatory",
        verbose_name=_("signataires"),
        related_name="agreements",
    )
    axes = models.ManyToManyField(
        "programme.Axis", verbose_name=_("axes co-pilotés"), blank=True, related_name="agreements"
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("instance de suivi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agreements",
    )
    visibility = models.CharField(
        _("visibilité"),
        max_length=16,
        choices=BODY_VISIBILITIES,
        default=Visibility.PARTNERS,
        db_index=True,
        help_text=_("Membres : les organisations signataires et la coordination."),
    )
    reminder_task = models.OneToOneField(
        "FollowUpTask",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("convention ou feuille de route")
        verbose_name_plural = _("conventions et feuilles de route")
        ordering = ["territory", "-signed_on", "title"]
        constraints = [
            # The access engine relies on it (governance/access.py, CoordinatorsSeeAll).
            models.CheckConstraint(
                condition=Q(visibility__in=BODY_VISIBILITY_VALUES),
                name="agreement_visibility_known",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ended(self) -> bool:
        return self.ends_on is not None and self.ends_on < timezone.localdate()

    @property
    def review_due(self) -> bool:
        """The review is coming (within ``reminder_days``) for an agreement still in force;
        an agreement that has ended has nothing left to review."""
        if self.review_on is None or self.ended:
            return False
        return self.review_on - datetime.timedelta(days=self.reminder_days) <= timezone.localdate()

    @property
    def review_overdue(self) -> bool:
        """The rule of ``AgreementQuerySet.review_overdue`` for one agreement."""
        return (
            self.review_on is not None and not self.ended and self.review_on < timezone.localdate()
        )


class AgreementSignatory(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signings")
    organisation = models.ForeignKey(
        "territories.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    signed_by = models.CharField(
        _("représentée par"), max_length=150, blank=True, help_text=_("Par exemple : le Maire.")
    )

    class Meta:
        verbose_name = _("signataire")
        verbose_name_plural = _("signataires")
        ordering = ["agreement", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="agreement_signatory_unique"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.organisation} ({self.signed_by})" if self.signed_by else str(self.organisation)
        )


class Commitment(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("engagement"))
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation engagée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Vide : tous les signataires."),
    )

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["agreement", "position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


def agreement_upload_to(instance: AgreementDocument, filename: str) -> str:
    # The former names, with the original name in them (kept for migration 0001).
    return f"governance/agreements/{instance.agreement_id}/{uuid.uuid4().hex}/{filename}"


class AgreementDocument(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("intitulé"), max_length=200)
    file = models.FileField(
        _("fichier"), upload_to=RandomName("governance/agreements"), max_length=255
    )
    # The name it was uploaded with: the download name (the storage name is random).
    filename = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["agreement", "-uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title
