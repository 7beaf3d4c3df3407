"""The shared library: studies, statistics, maps, guides and minutes that the partners
share, each with its versions, its author organisation, its licence, its tags (data·inclusion
thématiques, the programme's axes), links to fiches actions and indicators, a visibility,
and the text of its current version, extracted in the background and searchable."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.files import RandomName
from maillage.core.models import TimeStampedModel, visibility_field
from maillage.core.roles import Visibility
from maillage.network import vocab


def validate_thematiques(value: object) -> None:
    """A list of data·inclusion thématiques (categories or sous-thématiques)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Les thématiques sont une liste de valeurs data·inclusion."))
    unknown = [v for v in value if not vocab.is_topic(v)]
    if unknown:
        raise ValidationError(
            _("Thématique inconnue : %(values)s."), params={"values": ", ".join(unknown)}
        )


class DocumentKind(models.TextChoices):
    STUDY = "study", _("Étude")
    STATISTICS = "statistics", _("Statistiques")
    MAP = "map", _("Cartographie")
    GUIDE = "guide", _("Guide")
    MINUTES = "minutes", _("Compte rendu")
    FRAMEWORK = "framework", _("Document de référence")


class Licence(models.TextChoices):
    ETALAB = "etalab-2.0", _("Licence Ouverte 2.0 (Etalab)")
    CC_BY = "cc-by-4.0", _("Creative Commons Attribution 4.0 (CC BY)")
    CC_BY_SA = (
        "cc-by-sa-4.0",
        _("Creative Commons Attribution – Partage dans les mêmes conditions 4.0 (CC BY-SA)"),
    )
    CC_BY_NC = (
        "cc-by-nc-4.0",
        _("Creative Commons Attribution – Pas d’utilisation commerciale 4.0 (CC BY-NC)"),
    )
    RESERVED = "reserved", _("Tous droits réservés (diffusion aux partenaires du réseau)")


class Extraction(models.TextChoices):
    """The text extraction of a version: the import vocabulary of docs/architecture.md."""

    QUEUED = "queued", _("En attente")
    DONE = "done", _("Texte extrait")
    FAILED = "failed", _("Texte illisible")


class Document(TimeStampedModel):
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="library_documents",
    )
    title = models.CharField(_("titre"), max_length=200)
    kind = models.CharField(_("type de document"), max_length=16, choices=DocumentKind.choices)
    summary = models.TextField(
        _("résumé"),
        max_length=2000,
        help_text=_("Ce que le document apporte, en quelques phrases."),
    )
    author = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation autrice"),
        on_delete=models.PROTECT,
        related_name="library_documents",
    )
    published_on = models.DateField(_("date du document"), null=True, blank=True)
    licence = models.CharField(
        _("licence"), max_length=16, choices=Licence.choices, default=Licence.ETALAB
    )
    thematiques = models.JSONField(
        _("thématiques"), default=list, blank=True, validators=[validate_thematiques]
    )
    axes = models.ManyToManyField(
        "programme.Axis", verbose_name=_("axes du programme"), blank=True, related_name="+"
    )
    actions = models.ManyToManyField(
        "programme.Action", verbose_name=_("fiches actions"), blank=True, related_name="+"
    )
    indicators = models.ManyToManyField(
        "observatory.Indicator", verbose_name=_("indicateurs"), blank=True, related_name="+"
    )
    visibility = visibility_field(default=Visibility.PARTNERS)
    restricted_to = models.ManyToManyField(
        "territories.Organisation",
        verbose_name=_("organisations autorisées"),
        blank=True,
        related_name="+",
        help_text=_("Pour la visibilité « restreint » : les seules organisations qui le voient."),
    )
    # The current version's text and preview, copied when its extraction ends.
    text = models.TextField(_("texte extrait"), blank=True, editable=False)
    preview = models.TextField(_("aperçu"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("document de la bibliothèque")
        verbose_name_plural = _("documents de la bibliothèque")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["territory", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "community:library_document",
            kwargs={"territory_slug": self.territory.slug, "pk": self.pk},
        )


class DocumentVersion(TimeStampedModel):
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(
        _("fichier"), upload_to=RandomName("community/documentversion"), max_length=255
    )
    filename = models.CharField(_("nom du fichier"), max_length=255)
    file_format = models.CharField(_("format"), max_length=8)
    size = models.PositiveBigIntegerField(_("taille"), default=0)
    note = models.CharField(
        _("ce qui change"), max_length=255, blank=True, help_text=_("Par exemple : chiffres 2024.")
    )
    extraction = models.CharField(
        _("extraction du texte"),
        max_length=8,
        choices=Extraction.choices,
        default=Extraction.QUEUED,
    )
    extraction_error = models.CharField(max_length=255, blank=True, editable=False)
    text = models.TextField(_("texte extrait"), blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("version d’un document")
        verbose_name_plural = _("versions des documents")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document} — v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "community:library_download",
            kwargs={
                "territory_slug": self.document.territory.slug,
                "pk": self.document_id,
                "number": self.number,
            },
        )
