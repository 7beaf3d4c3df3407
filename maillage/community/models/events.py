"""Public events (information collective des familles, forum des assistantes
maternelles…): co-branded organisers, a place with its accessibility, registrations with
a capacity and a waiting list."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.community.models.common import AUDIENCES, Editorial, Signatory
from maillage.community.models.library import validate_thematiques
from maillage.core.models import TimeStampedModel
from maillage.core.roles import Visibility

# Languages spoken at an event, by their ISO 639-1 code; the ones most spoken in the
# territories' neighbourhoods beside French.
LANGUAGES = [
    ("fr", _("français")),
    ("en", _("anglais")),
    ("ar", _("arabe")),
    ("es", _("espagnol")),
    ("pt", _("portugais")),
    ("ro", _("roumain")),
    ("tr", _("turc")),
    ("ta", _("tamoul")),
    ("zh", _("chinois")),
    ("bm", _("bambara")),
    ("wo", _("wolof")),
    ("sw", _("swahili")),
    ("lsf", _("langue des signes française")),
]
LANGUAGE_LABELS = dict(LANGUAGES)


class Event(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = Editorial.DRAFT.value, Editorial.DRAFT.label
        REVIEW = Editorial.REVIEW.value, Editorial.REVIEW.label
        PUBLISHED = Editorial.PUBLISHED.value, _("Publié")
        CANCELLED = "cancelled", _("Annulé")

    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="public_events",
    )
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation qui organise"),
        on_delete=models.PROTECT,
        related_name="public_events",
    )
    title = models.CharField(_("intitulé"), max_length=200)
    summary = models.TextField(
        _("résumé en langage clair"),
        max_length=600,
        help_text=_("Deux ou trois phrases simples : pour qui, pour quoi faire."),
    )
    description = models.TextField(_("présentation"), blank=True)
    audience = models.CharField(
        _("public concerné"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : familles avec de jeunes enfants, assistantes maternelles."),
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=200)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    step_free = models.BooleanField(
        _("accessible en fauteuil roulant"),
        default=False,
        help_text=_("Entrée et salle de plain-pied ou avec ascenseur."),
    )
    accessibility = models.TextField(
        _("informations d’accessibilité"),
        blank=True,
        help_text=_("Accès, transports, boucle magnétique, interprète LSF, accueil des enfants…"),
    )
    languages = models.JSONField(_("langues parlées"), default=list, blank=True)
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
        _("état"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    registration_open = models.BooleanField(_("inscriptions ouvertes"), default=False)
    capacity = models.PositiveIntegerField(
        _("nombre de places"),
        null=True,
        blank=True,
        help_text=_("Laisser vide pour un nombre de places illimité."),
    )
    action = models.ForeignKey(
        "programme.Action",
        verbose_name=_("fiche action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_reason = models.CharField(_("motif d’annulation"), max_length=255, blank=True)
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    # The ICS identity, stable across changes; SEQUENCE grows with each change.
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["territory", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="community_event_ends_after_start",
                violation_error_message=_("L’événement doit finir après son début."),
            )
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.title} ({local:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("community:event", args=[self.territory.slug, self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = str(_("L’événement doit finir après son début."))
        unknown = [code for code in self.languages or [] if code not in LANGUAGE_LABELS]
        if not isinstance(self.languages, list) or unknown:
            errors["languages"] = str(_("Choisissez les langues dans la liste proposée."))
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = str(_("Il faut au moins une place."))
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def language_labels(self) -> list[str]:
        return [str(LANGUAGE_LABELS[code]) for code in self.languages if code in LANGUAGE_LABELS]


class EventOrganiser(Signatory):
    """A co-organising organisation: its logo is shown once it has approved."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organisers")

    class Meta:
        verbose_name = _("co-organisateur")
        verbose_name_plural = _("co-organisateurs")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="community_event_organiser_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.event}"


class Registration(TimeStampedModel):
    """One person registered for an event: a resident signed in, or a visitor who gives
    a name and an e-mail address. Confirmed while places remain, then on the waiting list
    in the order of arrival."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Inscrit·e")
        WAITING = "waiting", _("En liste d’attente")
        CANCELLED = "cancelled", _("Annulée")

    event = models.ForeignKey(
        Event, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("courriel"))
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, db_index=True)
    promoted_at = models.DateTimeField(_("sortie de liste d’attente le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    # The secret of the link in the confirmation e-mail, to cancel without an account.
    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled"),
                name="community_registration_once",
                violation_error_message=_("Cette adresse est déjà inscrite à cet événement."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"

    def get_absolute_url(self) -> str:
        return self.event.get_absolute_url()
