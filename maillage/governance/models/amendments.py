"""A convention held as numbered articles, and the avenants that change it.

An agreement's articles live in versions (``ArticleVersion``): version 1 is the text as
first signed; each signed avenant produces the next version, and every earlier version is
kept. An avenant (``Amendment``) is a change set against the version in force when it was
drafted: article modifications, additions and removals (``ArticleChange``), changes of
means per axis or fiche (``MeansChange``), annexed fiches, its signatories with their
signature dates and the council resolutions (délibérations) that authorised it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel
from maillage.governance.models.agreements import Agreement


class ArticleVersion(models.Model):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="article_versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    amendment = models.OneToOneField(
        "Amendment",
        verbose_name=_("avenant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="result_version",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("version des articles")
        verbose_name_plural = _("versions des articles")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="governance_article_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} — version {self.number}"


class Article(models.Model):
    version = models.ForeignKey(ArticleVersion, on_delete=models.CASCADE, related_name="articles")
    number = models.PositiveSmallIntegerField(_("numéro"))
    title = models.CharField(_("titre"), max_length=255)
    text = models.TextField(_("texte"))

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="governance_article_once")
        ]

    def __str__(self) -> str:
        return f"Article {self.number} — {self.title}"


class Amendment(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SIGNING = "signing", _("En signature")
        SIGNED = "signed", _("Signé")

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("convention"), on_delete=models.CASCADE, related_name="amendments"
    )
    number = models.PositiveSmallIntegerField(_("numéro d’avenant"))
    title = models.CharField(_("intitulé"), max_length=255)
    preamble = models.TextField(_("exposé des motifs"), blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    base_version = models.ForeignKey(
        ArticleVersion,
        verbose_name=_("version modifiée"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_on = models.DateField(_("signé le"), null=True, blank=True)
    annexed_actions = models.ManyToManyField(
        "programme.Action", verbose_name=_("fiches annexées"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("avenant")
        verbose_name_plural = _("avenants")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="governance_amendment_once"
            )
        ]

    def __str__(self) -> str:
        return f"Avenant n° {self.number} — {self.agreement}"

    def get_absolute_url(self) -> str:
        return reverse(
            "governance:amendment", args=[self.agreement.territory.slug, self.agreement_id, self.pk]
        )


class ArticleChange(models.Model):
    class Operation(models.TextChoices):
        MODIFY = "modify", _("Article modifié")
        ADD = "add", _("Article ajouté")
        REMOVE = "remove", _("Article supprimé")

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="changes")
    operation = models.CharField(_("modification"), max_length=8, choices=Operation.choices)
    number = models.PositiveSmallIntegerField(_("numéro de l’article"))
    title = models.CharField(_("titre"), max_length=255, blank=True)
    text = models.TextField(_("nouvelle rédaction"), blank=True)

    class Meta:
        verbose_name = _("modification d’article")
        verbose_name_plural = _("modifications d’articles")
        ordering = ["amendment", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["amendment", "number"], name="governance_article_change_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_operation_display()} : article {self.number}"


class MeansChange(models.Model):
    """Money added (or taken back, negative) for an axis or a fiche, a funder and a year."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="means_changes")
    axis = models.ForeignKey(
        "programme.Axis",
        verbose_name=_("axe"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.ForeignKey(
        "programme.Action",
        verbose_name=_("fiche action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    funder = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("financeur"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("année"))
    amount = models.DecimalField(_("montant (€)"), max_digits=12, decimal_places=2)
    note = models.CharField(_("précision"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("modification des moyens")
        verbose_name_plural = _("modifications des moyens")
        ordering = ["amendment", "year", "id"]

    def __str__(self) -> str:
        return f"{self.amount} € ({self.year})"


class AmendmentSignatory(models.Model):
    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="signatories")
    organisation = models.ForeignKey(
        "territories.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT
    )
    signed_by = models.CharField(_("représentée par"), max_length=150, blank=True)
    signed_on = models.DateField(_("signé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("signataire de l’avenant")
        verbose_name_plural = _("signataires de l’avenant")
        ordering = ["amendment", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["amendment", "organisation"], name="governance_amendment_signatory_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class CouncilResolution(models.Model):
    """The délibération of a council (municipal, départemental, CAF board) authorising
    the signature."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="resolutions")
    organisation = models.ForeignKey(
        "territories.Organisation", verbose_name=_("assemblée de"), on_delete=models.PROTECT
    )
    reference = models.CharField(_("numéro de délibération"), max_length=60)
    adopted_on = models.DateField(_("adoptée le"))

    class Meta:
        verbose_name = _("délibération")
        verbose_name_plural = _("délibérations")
        ordering = ["amendment", "adopted_on", "id"]

    def __str__(self) -> str:
        return f"{self.reference} ({self.adopted_on:%d/%m/%Y})"
