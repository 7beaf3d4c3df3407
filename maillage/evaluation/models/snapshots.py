"""The frozen record of a year: canonical JSON and its SHA-256, written once."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.files import RandomName
from maillage.evaluation.models.campaigns import Campaign


def canonical_json(data: Any) -> str:
    """One text for one content: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Snapshot(models.Model):
    campaign = models.OneToOneField(Campaign, on_delete=models.PROTECT, related_name="snapshot")
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    content = models.TextField(_("contenu (JSON canonique)"), editable=False)
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("figé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("instantané de l’année")
        verbose_name_plural = _("instantanés des années")
        ordering = ["territory", "-year"]
        indexes = [models.Index(fields=["territory", "year"])]

    def __str__(self) -> str:
        return str(_("Instantané %(year)s") % {"year": self.year})

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Written once: an existing snapshot is never saved again."""
        if self.pk is not None or not self._state.adding:
            raise ValidationError(_("Un instantané ne se modifie pas."))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "evaluation:snapshot",
            kwargs={"territory_slug": self.territory.slug, "year": self.year},
        )

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError(_("Un instantané ne se supprime pas."))

    @property
    def data(self) -> dict[str, Any]:
        cached = getattr(self, "_data", None)
        if cached is None:
            cached = json.loads(self.content)
            self._data = cached
        return cached

    def recomputed_hash(self) -> str:
        return sha256_of(self.content)

    def is_intact(self) -> bool:
        return self.recomputed_hash() == self.sha256 and canonical_json(self.data) == self.content


class ReportEdition(models.Model):
    """The « Bilan annuel » of a frozen year, rendered by a background task from the
    snapshot and kept as private files (PDF, DOCX, ODT). Generating it again replaces its
    files once the new ones are complete."""

    class State(models.TextChoices):
        PENDING = "pending", _("En cours de génération")
        READY = "ready", _("Prêt")
        FAILED = "failed", _("Échec")

    FORMATS = ("pdf", "docx", "odt")

    snapshot = models.OneToOneField(
        Snapshot, on_delete=models.PROTECT, related_name="report_edition"
    )
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(_("état"), max_length=16, choices=State.choices, default=State.PENDING)
    pdf = models.FileField(
        _("PDF"), upload_to=RandomName("evaluation/reports"), max_length=255, blank=True
    )
    docx = models.FileField(
        _("DOCX"), upload_to=RandomName("evaluation/reports"), max_length=255, blank=True
    )
    odt = models.FileField(
        _("ODT"), upload_to=RandomName("evaluation/reports"), max_length=255, blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("demandé le"), null=True, blank=True)
    generated_at = models.DateTimeField(_("généré le"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)

    class Meta:
        verbose_name = _("édition du bilan annuel")
        verbose_name_plural = _("éditions du bilan annuel")
        ordering = ["territory", "-snapshot__year"]

    def __str__(self) -> str:
        return str(_("Bilan annuel %(year)s") % {"year": self.snapshot.year})

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING

    @property
    def is_failed(self) -> bool:
        return self.state == self.State.FAILED
