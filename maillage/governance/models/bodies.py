"""Bodies and the organisations that sit in them, with dated memberships."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel
from maillage.core.roles import Visibility
from maillage.governance.models.common import BODY_VISIBILITIES, BODY_VISIBILITY_VALUES


class Body(TimeStampedModel):
    """A standing committee, a working group or a network of the PST."""

    class Kind(models.TextChoices):
        STRATEGIC = "strategic", _("Comité stratégique")
        TECHNICAL = "technical", _("Comité technique")
        WORKING_GROUP = "working_group", _("Groupe de travail")
        NETWORK = "network", _("Réseau")
        WATCH = "watch", _("Cellule de veille")
        SOCIAL_CONFERENCE = "social_conference", _("Conférence sociale")
        CITIZEN_COUNCIL = "citizen_council", _("Conseil citoyen")
        OTHER = "other", _("Autre instance")

    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="bodies",
    )
    kind = models.CharField(_("type d’instance"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(
        _("nom court"),
        max_length=40,
        blank=True,
        help_text=_(
            "Utilisé dans l’agenda et les références des décisions, par exemple CT Logement."
        ),
    )
    theme = models.CharField(_("thème"), max_length=150, blank=True)
    axis = models.ForeignKey(
        "programme.Axis",
        verbose_name=_("axe du programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bodies",
    )
    mandate = models.TextField(_("mandat"), blank=True)
    rhythm = models.CharField(
        _("rythme des séances"), max_length=100, blank=True, help_text=_("Par exemple : annuel.")
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("présidence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chaired_bodies",
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secrétariat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bodies_as_secretary",
        help_text=_("La personne qui prépare les séances, convoque et rédige le compte rendu."),
    )
    visibility = models.CharField(
        _("visibilité de l’instance"),
        max_length=16,
        choices=BODY_VISIBILITIES,
        default=Visibility.PUBLIC,
        db_index=True,
        help_text=_("Qui voit l’instance, ses membres et le calendrier de ses séances."),
    )
    documents_visibility = models.CharField(
        _("visibilité des documents"),
        max_length=16,
        choices=BODY_VISIBILITIES,
        default=Visibility.MEMBERS,
        help_text=_(
            "Qui lit les comptes rendus, les décisions et les tâches de suivi. "
            "Membres : les organisations membres, la présidence, le secrétariat et la "
            "coordination."
        ),
    )
    is_archived = models.BooleanField(_("instance dissoute"), default=False)

    class Meta:
        verbose_name = _("instance")
        verbose_name_plural = _("instances")
        ordering = ["territory", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "name"], name="body_unique_name"),
            # The access engine relies on it: every visibility of a body lets the
            # territory's coordinators in (governance/access.py, CoordinatorsSeeAll).
            models.CheckConstraint(
                condition=Q(visibility__in=BODY_VISIBILITY_VALUES)
                & Q(documents_visibility__in=BODY_VISIBILITY_VALUES),
                name="body_visibilities_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "governance:body", kwargs={"territory_slug": self.territory.slug, "pk": self.pk}
        )


class BodyMembership(TimeStampedModel):
    """An organisation sits in a body from ``started_on`` until the day before
    ``ended_on``. Changing its representatives ends the row and opens a new one, so each
    row is one period with one titular and one substitute."""

    body = models.ForeignKey(
        Body, verbose_name=_("instance"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="body_memberships",
    )
    titular = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("titulaire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="titular_seats",
    )
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suppléant·e"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="substitute_seats",
    )
    started_on = models.DateField(_("membre depuis"))
    ended_on = models.DateField(_("fin"), null=True, blank=True)
    end_reason = models.CharField(_("motif de fin"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("membre d’une instance")
        verbose_name_plural = _("membres des instances")
        ordering = ["body", "organisation__name", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "organisation"],
                condition=Q(ended_on__isnull=True),
                name="body_membership_one_open_row",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="body_membership_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "ended_on"])]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.body}"

    def is_active(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.started_on <= day and (self.ended_on is None or self.ended_on > day)
