"""Veille: the cellule de veille territoriale (docs/watch.md).

A signal describes a phenomenon seen in the field — never a person. Professionals of the
territory's partner organisations report it, others corroborate it ("nous l'observons
aussi"), the members of the territory's cellule de veille (the governance body of kind
``watch``) triage it and orient it to a body's backlog, a new working group, a draft
fiche action or observatory indicators. Free text goes through the personal-data gate
(``gate.py``) before it is stored, and is erased after the territory's retention period.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel

ERASED = "[texte effacé]"


class WatchSettings(TimeStampedModel):
    """Per-territory settings of the veille: retention periods and the data protection
    facts (controller, contact) that the processing register and the AIPD draft use."""

    territory = models.OneToOneField(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="watch_settings",
    )
    closed_retention_months = models.PositiveSmallIntegerField(
        _("conservation des signalements clos (mois)"),
        default=24,
        help_text=_("Après ce délai, les textes libres sont effacés ; les champs codés restent."),
    )
    unconfirmed_retention_months = models.PositiveSmallIntegerField(
        _("conservation des signalements non confirmés (mois)"), default=2
    )
    controller = models.CharField(
        _("responsable du traitement"),
        max_length=255,
        blank=True,
        help_text=_("Par exemple : la commune, représentée par son maire."),
    )
    dpo_contact = models.CharField(
        _("contact du délégué à la protection des données"), max_length=255, blank=True
    )

    class Meta:
        verbose_name = _("réglages de la veille")
        verbose_name_plural = _("réglages de la veille")

    def __str__(self) -> str:
        return str(self.territory)

    def clean(self) -> None:
        errors = {}
        if not 1 <= self.closed_retention_months <= 120:
            errors["closed_retention_months"] = _("Entre 1 et 120 mois.")
        if not 1 <= self.unconfirmed_retention_months <= 120:
            errors["unconfirmed_retention_months"] = _("Entre 1 et 120 mois.")
        if errors:
            raise ValidationError(errors)


class SignalQuerySet(models.QuerySet["Signal"]):
    def open(self) -> SignalQuerySet:
        return self.exclude(status=Signal.Status.CLOSED)


class Signal(TimeStampedModel):
    """A phenomenon noticed by professionals, on a place of the territory."""

    class Status(models.TextChoices):
        NEW = "new", _("Nouveau")
        QUALIFYING = "qualifying", _("En qualification")
        ORIENTED = "oriented", _("Orienté")
        CLOSED = "closed", _("Clos")

    class Reason(models.TextChoices):
        """Why the status changed: a coded reason, kept after the text is erased."""

        TO_QUALIFY = "to_qualify", _("À qualifier")
        ORIENTED = "oriented", _("Suite donnée")
        HANDLED = "handled", _("Traité")
        DUPLICATE = "duplicate", _("Doublon")
        OUT_OF_SCOPE = "out_of_scope", _("Hors champ")
        UNCONFIRMED = "unconfirmed", _("Non confirmé")
        REOPENED = "reopened", _("Rouvert")

    class Trend(models.TextChoices):
        ONE_OFF = "one_off", _("Ponctuel")
        RECURRING = "recurring", _("Récurrent")
        RISING = "rising", _("En hausse")

    class Audience(models.TextChoices):
        CELL = "cell", _("Cellule de veille seulement")
        PARTNERS = "partners", _("Tous les partenaires du territoire")

    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="signals",
    )
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(
        _("description"),
        help_text=_(
            "Ce que vous observez : un phénomène, jamais une personne ni une situation nominative."
        ),
    )
    thematique = models.CharField(_("thématique"), max_length=120, db_index=True)
    publics = models.JSONField(_("publics concernés"), default=list, blank=True)
    place = models.ForeignKey(
        "territories.GeoUnit",
        verbose_name=_("lieu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signals",
        help_text=_("Un quartier, un IRIS ou un QPV ; vide : tout le territoire."),
    )
    observed_since = models.DateField(_("observé depuis"))
    trend = models.CharField(_("tendance"), max_length=16, choices=Trend.choices)
    situations_count = models.PositiveIntegerField(
        _("nombre de situations observées"),
        help_text=_("Un nombre, jamais une liste de personnes."),
    )
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation qui signale"),
        on_delete=models.PROTECT,
        related_name="signals",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·e"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signals",
    )
    audience = models.CharField(
        _("visibilité"),
        max_length=16,
        choices=Audience.choices,
        default=Audience.CELL,
        db_index=True,
    )
    status = models.CharField(
        _("état"), max_length=16, choices=Status.choices, default=Status.NEW, db_index=True
    )
    reason = models.CharField(_("motif"), max_length=16, choices=Reason.choices, blank=True)
    status_changed_at = models.DateTimeField(_("état changé le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("clos le"), null=True, blank=True, db_index=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("fusionné dans"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )
    # Kept up to date by the services, so that the inbox sorts without counting.
    corroboration_count = models.PositiveIntegerField(default=0, editable=False)
    corroborating_orgs = models.PositiveIntegerField(default=0, editable=False)
    erased_at = models.DateTimeField(_("texte effacé le"), null=True, blank=True)
    # Folded copies for the search (core.search): the same words on both databases.
    search_title = models.TextField(editable=False, blank=True)
    search_body = models.TextField(editable=False, blank=True)

    objects = SignalQuerySet.as_manager()

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["territory", "status", "created_at"]),
            models.Index(fields=["territory", "organisation"]),
            # The list, newest first: read in index order, 25 rows, no sort of the lot.
            models.Index(fields=["territory", "-created_at", "-id"], name="watch_signal_list_idx"),
            # The triage inbox: the open, unmerged signals in the order the cellule reads them.
            models.Index(
                fields=["territory", "status_changed_at", "created_at"],
                name="watch_signal_inbox_idx",
                condition=models.Q(merged_into__isnull=True, status__in=["new", "qualifying"]),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "watch:signal", kwargs={"territory_slug": self.territory.slug, "pk": self.pk}
        )

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def clean(self) -> None:
        errors: dict[str, str] = {}
        place = self.place if self.place_id is not None else None
        if place is not None and place.territory_id != self.territory_id:
            errors["place"] = str(_("Ce lieu n’appartient pas au territoire."))
        elif place is not None and place.kind == "commune":
            errors["place"] = str(
                _(
                    "Choisissez un quartier, un IRIS ou un QPV, ou laissez vide pour tout le territoire."
                )
            )
        if errors:
            raise ValidationError(errors)


class Corroboration(TimeStampedModel):
    """« Nous l’observons aussi » : another organisation sees the same phenomenon."""

    signal = models.ForeignKey(
        Signal,
        verbose_name=_("signalement"),
        on_delete=models.CASCADE,
        related_name="corroborations",
    )
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="corroborations",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·e"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corroborations",
    )
    situations_count = models.PositiveIntegerField(_("nombre de situations observées"))
    note = models.CharField(_("précision"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("corroboration")
        verbose_name_plural = _("corroborations")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["organisation", "signal"])]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.signal}"


class StatusChange(models.Model):
    """One step of a signal's triage, with its coded reason."""

    signal = models.ForeignKey(
        Signal, verbose_name=_("signalement"), on_delete=models.CASCADE, related_name="changes"
    )
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(
        _("état précédent"), max_length=16, choices=Signal.Status.choices
    )
    to_status = models.CharField(_("nouvel état"), max_length=16, choices=Signal.Status.choices)
    reason = models.CharField(_("motif"), max_length=16, choices=Signal.Reason.choices)

    class Meta:
        verbose_name = _("changement d’état")
        verbose_name_plural = _("changements d’état")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.signal_id}: {self.from_status} → {self.to_status}"


class Orientation(TimeStampedModel):
    """What the cellule did with a signal: an item in a body's backlog, a new working
    group, a draft fiche action, or observatory indicators that show the same trend."""

    class Kind(models.TextChoices):
        BACKLOG = "backlog", _("Point à l’ordre du jour d’une instance")
        WORKING_GROUP = "working_group", _("Groupe de travail")
        ACTION = "action", _("Fiche action en projet")
        INDICATOR = "indicator", _("Indicateur de l’observatoire")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposée, en attente de la coordination")
        DONE = "done", _("Suite donnée")
        DECLINED = "declined", _("Refusée par la coordination")

    signal = models.ForeignKey(
        Signal, verbose_name=_("signalement"), on_delete=models.CASCADE, related_name="orientations"
    )
    kind = models.CharField(_("orientation"), max_length=16, choices=Kind.choices)
    state = models.CharField(
        _("état"), max_length=16, choices=State.choices, default=State.PROPOSED, db_index=True
    )
    title = models.CharField(_("intitulé"), max_length=255, blank=True)
    note = models.TextField(_("précisions"), blank=True)
    body = models.ForeignKey(
        "governance.Body",
        verbose_name=_("instance"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="watch_orientations",
    )
    agenda_item = models.ForeignKey(
        "governance.AgendaItem",
        verbose_name=_("point d’ordre du jour"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="watch_orientations",
    )
    action = models.ForeignKey(
        "programme.Action",
        verbose_name=_("fiche action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="watch_orientations",
    )
    indicator = models.ForeignKey(
        "observatory.Indicator",
        verbose_name=_("indicateur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="watch_orientations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.signal}"

    def get_absolute_url(self) -> str:
        return self.signal.get_absolute_url()
