"""Co-branded communication: a joint letter (courrier commun) or an A4 poster or flyer
for an event or an action, with the logos of the organisations involved and a QR code to
the page. Each organisation approves before the PDF is released."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.community.models.common import Signatory
from maillage.core.files import RandomName
from maillage.core.models import TimeStampedModel


class Communication(TimeStampedModel):
    class Kind(models.TextChoices):
        LETTER = "letter", _("Courrier commun")
        POSTER = "poster", _("Affiche A4")
        FLYER = "flyer", _("Flyer A5")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        APPROVAL = "approval", _("En attente des accords")
        RELEASED = "released", _("Diffusé")

    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="communications",
    )
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation qui rédige"),
        on_delete=models.PROTECT,
        related_name="communications",
    )
    kind = models.CharField(_("modèle"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("texte"))
    recipient = models.CharField(
        _("destinataires"),
        max_length=255,
        blank=True,
        help_text=_("Pour un courrier : par exemple « Aux familles du quartier du Chêne-Pointu »."),
    )
    place_and_date = models.CharField(_("lieu et date du courrier"), max_length=120, blank=True)
    event = models.ForeignKey(
        "community.Event",
        verbose_name=_("événement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communications",
    )
    action = models.ForeignKey(
        "programme.Action",
        verbose_name=_("fiche action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("état"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    pdf = models.FileField(
        _("PDF"), upload_to=RandomName("community/communication"), blank=True, editable=False
    )
    released_at = models.DateTimeField(_("diffusé le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("communication commune")
        verbose_name_plural = _("communications communes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:communication", args=[self.territory.slug, self.pk])

    @property
    def is_released(self) -> bool:
        return self.status == self.Status.RELEASED


class CommunicationSignatory(Signatory):
    communication = models.ForeignKey(
        Communication, on_delete=models.CASCADE, related_name="signatories"
    )

    class Meta:
        verbose_name = _("cosignataire d’une communication")
        verbose_name_plural = _("cosignataires d’une communication")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["communication", "organisation"],
                name="community_communication_signatory_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.communication}"
