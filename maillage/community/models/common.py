"""What news, events and co-branded documents share: the organisations that sign them,
each of which approves before its name and logo are shown."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel
from maillage.core.roles import Visibility

# News and events are for everyone or for the partners only (docs/community.md).
AUDIENCES = [
    (Visibility.PUBLIC, _("Tout public")),
    (Visibility.PARTNERS, _("Partenaires du territoire")),
]


class Editorial(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    REVIEW = "review", _("À valider")
    PUBLISHED = "published", _("Publiée")


class Approval(models.TextChoices):
    PENDING = "pending", _("En attente")
    APPROVED = "approved", _("Approuvé")
    DECLINED = "declined", _("Refusé")


class Signatory(TimeStampedModel):
    """One organisation named on a post, an event or a document. Its name and logo are
    shown once it has approved; until then it is listed only to those who work on it."""

    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    state = models.CharField(
        _("accord"), max_length=12, choices=Approval.choices, default=Approval.PENDING
    )
    decided_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def approved(self) -> bool:
        return self.state == Approval.APPROVED


class CommunitySettings(TimeStampedModel):
    """A territory's editorial rule: whether the coordination validates news and events
    before they are published."""

    territory = models.OneToOneField(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="community_settings",
    )
    coordinator_validation = models.BooleanField(
        _("validation par la coordination"),
        default=False,
        help_text=_(
            "Les actualités et les événements sont publiés après la validation d’une "
            "personne de la coordination du territoire."
        ),
    )

    class Meta:
        verbose_name = _("réglages de la vie du réseau")
        verbose_name_plural = _("réglages de la vie du réseau")

    def __str__(self) -> str:
        return str(self.territory)
