"""News of the network: posts by partner organisations, co-signed by others."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.community.models.common import AUDIENCES, Editorial, Signatory
from maillage.community.models.library import validate_thematiques
from maillage.core.models import TimeStampedModel
from maillage.core.roles import Visibility


class Post(TimeStampedModel):
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="posts",
    )
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation qui publie"),
        on_delete=models.PROTECT,
        related_name="posts",
    )
    title = models.CharField(_("titre"), max_length=200)
    summary = models.TextField(
        _("résumé en langage clair"),
        max_length=600,
        help_text=_("Deux ou trois phrases simples, lisibles par tous les habitants."),
    )
    body = models.TextField(_("texte"), blank=True)
    # data·inclusion thématiques: followers of a thématique hear of it (community-library).
    thematiques = models.JSONField(
        _("thématiques"), default=list, blank=True, validators=[validate_thematiques]
    )
    visibility = models.CharField(
        _("public visé"),
        max_length=16,
        choices=AUDIENCES,
        default=Visibility.PUBLIC,
        db_index=True,
    )
    status = models.CharField(
        _("état"), max_length=12, choices=Editorial.choices, default=Editorial.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actions = models.ManyToManyField(
        "programme.Action", verbose_name=_("fiches actions"), blank=True, related_name="+"
    )
    services = models.ManyToManyField(
        "network.Service", verbose_name=_("services"), blank=True, related_name="+"
    )
    bodies = models.ManyToManyField(
        "governance.Body", verbose_name=_("instances"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["territory", "status", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:post", args=[self.territory.slug, self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == Editorial.PUBLISHED


class PostSignatory(Signatory):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="signatories")

    class Meta:
        verbose_name = _("cosignataire d’une actualité")
        verbose_name_plural = _("cosignataires d’une actualité")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "organisation"], name="community_post_signatory_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.post}"
