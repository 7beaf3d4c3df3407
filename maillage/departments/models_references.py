"""Shared reference lists: what a Département pushes to its communes (an indicator
catalogue, thématiques, an evaluation grid, body templates) and how each commune maps its
own items onto them (docs/departments.md, "Référentiels partagés")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel


class ReferenceKind(models.TextChoices):
    INDICATORS = "indicators", _("Catalogue d’indicateurs")
    THEMES = "themes", _("Thématiques des signalements et contributions")
    EVALUATION_GRID = "evaluation_grid", _("Grille d’évaluation")
    BODY_TEMPLATES = "body_templates", _("Modèles d’instances")


class ReferenceList(TimeStampedModel):
    """One list of one kind for one Département; ``version`` counts its publications."""

    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("Département"),
        on_delete=models.CASCADE,
        related_name="reference_lists",
    )
    kind = models.CharField(_("type de liste"), max_length=20, choices=ReferenceKind.choices)
    version = models.PositiveIntegerField(_("version publiée"), default=0)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publiée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("référentiel partagé")
        verbose_name_plural = _("référentiels partagés")
        ordering = ["territory", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "kind"], name="reference_list_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.territory}"


class ReferenceItem(TimeStampedModel):
    """One entry of a list. ``payload`` holds the kind's own fields (an indicator's unit,
    definition, source and formula; a question's text and answer type; a body template's
    kind, mandate and member roles). ``published_in`` is the version that pushed it to the
    communes (empty: a draft only the Département sees)."""

    reference_list = models.ForeignKey(
        ReferenceList, verbose_name=_("liste"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("libellé"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    payload = models.JSONField(_("champs propres au type"), default=dict, blank=True)
    published_in = models.PositiveIntegerField(_("publié dans la version"), null=True, blank=True)
    is_archived = models.BooleanField(_("archivé"), default=False)

    class Meta:
        verbose_name = _("élément de référentiel")
        verbose_name_plural = _("éléments de référentiel")
        ordering = ["reference_list", "label", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["reference_list", "code"], name="reference_item_code")
        ]

    def __str__(self) -> str:
        return self.label


class LocalMapping(TimeStampedModel):
    """What a commune's own item is for one reference item: an existing local item
    (``local_key``: a catalogue code, a theme key, a question key or a body id), one it
    created from the reference (adopted), or none."""

    class Status(models.TextChoices):
        MAPPED = "mapped", _("Rapproché")
        ADOPTED = "adopted", _("Adopté")
        NO_EQUIVALENT = "none", _("Sans équivalent")

    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("commune"),
        on_delete=models.CASCADE,
        related_name="reference_mappings",
    )
    item = models.ForeignKey(
        ReferenceItem,
        verbose_name=_("élément de référence"),
        on_delete=models.CASCADE,
        related_name="mappings",
    )
    status = models.CharField(_("état"), max_length=8, choices=Status.choices)
    local_key = models.CharField(_("élément local"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("rapprochement local")
        verbose_name_plural = _("rapprochements locaux")
        ordering = ["territory", "item"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "item"], name="local_mapping_once")
        ]

    def __str__(self) -> str:
        return f"{self.item} → {self.local_key or self.get_status_display()}"
