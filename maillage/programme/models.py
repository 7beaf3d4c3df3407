"""The programme: axes → objectives → fiches actions (the PST's document-cadre), and what
follows each fiche: partners, means, milestones, journal, indicators, versions."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.files import RandomName
from maillage.core.models import TimeStampedModel, visibility_field
from maillage.core.roles import Visibility
from maillage.core.text import fold
from maillage.programme.publics import is_public, public_label
from maillage.programme.tabular import french_number

colour_validator = RegexValidator(
    r"^#[0-9A-Fa-f]{6}$", _("Une couleur s’écrit #RRVVBB, par exemple #000091.")
)


def natural_key(code: str) -> str:
    """A sort key where "2.10" comes after "2.9": numbers are zero-padded."""
    return re.sub(r"\d+", lambda m: m.group(0).zfill(6), fold(code))[:60]


class Axis(TimeStampedModel):
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="axes",
    )
    number = models.PositiveSmallIntegerField(_("numéro"))
    short_name = models.CharField(_("nom court"), max_length=60)
    title = models.CharField(_("intitulé"), max_length=255)
    colour = models.CharField(
        _("couleur"), max_length=7, default="#000091", validators=[colour_validator]
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("axe")
        verbose_name_plural = _("axes")
        ordering = ["territory", "number"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "number"], name="axis_unique_number")
        ]

    def __str__(self) -> str:
        return f"Axe {self.number} : {self.short_name}"


class Objective(TimeStampedModel):
    axis = models.ForeignKey(
        Axis, verbose_name=_("axe"), on_delete=models.CASCADE, related_name="objectives"
    )
    code = models.CharField(_("code"), max_length=12, help_text=_("Par exemple 2.3"))
    title = models.CharField(_("intitulé"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    sort_key = models.CharField(max_length=60, editable=False, blank=True)

    class Meta:
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")
        ordering = ["axis__number", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["axis", "code"], name="objective_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs) -> None:
        self.sort_key = natural_key(self.code)
        super().save(*args, **kwargs)


# "En retard" is defined here, once (docs/programme.md, "Late"): a fiche is late when its
# planned end has passed and it is neither done nor abandoned; a milestone is late when
# its planned date has passed, it is not reached and its fiche is still open. Lists,
# filters, sorts, the "en retard" page, the first screens and the reminders all read these
# querysets; the per-object helpers below apply the same rule to one object.
CLOSED_STATUSES = ("done", "abandoned")


def _late_action_q(today: datetime.date, prefix: str = "") -> models.Q:
    return models.Q(**{f"{prefix}ends_on__lt": today}) & ~models.Q(
        **{f"{prefix}status__in": CLOSED_STATUSES}
    )


class ActionQuerySet(models.QuerySet["Action"]):
    def search(self, text: str) -> ActionQuerySet:
        qs = self
        for word in fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs

    def late(self, today: datetime.date) -> ActionQuerySet:
        """Fiches past their planned end and not done (nor abandoned)."""
        return self.filter(_late_action_q(today))

    def with_late_milestones(self, today: datetime.date) -> ActionQuerySet:
        """Fiches that have at least one late milestone."""
        return self.filter(
            models.Exists(Milestone.objects.late(today).filter(action=models.OuterRef("pk")))
        )

    def late_or_with_late_milestones(self, today: datetime.date) -> ActionQuerySet:
        return self.filter(
            _late_action_q(today)
            | models.Exists(Milestone.objects.late(today).filter(action=models.OuterRef("pk")))
        )

    def with_lateness(self, today: datetime.date) -> ActionQuerySet:
        """Annotate ``is_late`` (the fiche) and ``has_late_milestone`` on each row, in the
        same query: what the list's badge, filter and sort read."""
        return self.annotate(
            is_late=models.Case(
                models.When(_late_action_q(today), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            ),
            has_late_milestone=models.Exists(
                Milestone.objects.late(today).filter(action=models.OuterRef("pk"))
            ),
        )


class Action(TimeStampedModel):
    """A fiche action. Pilot organisations' members edit it (docs/access.md)."""

    class Status(models.TextChoices):
        IDEA = "idea", _("Idée")
        CONSTRUCTION = "construction", _("En construction")
        ONGOING = "ongoing", _("En cours")
        DONE = "done", _("Réalisée")
        SUSPENDED = "suspended", _("Suspendue")
        ABANDONED = "abandoned", _("Abandonnée")

    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objectif"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("intitulé"), max_length=255)
    summary = models.TextField(_("résumé"), blank=True)
    constat = models.TextField(
        _("constat"), blank=True, help_text=_("Pourquoi cette action : ce qui a été observé.")
    )
    goals = models.TextField(_("objectifs de l’action"), blank=True)
    public_precision = models.CharField(
        _("précision sur le public"),
        max_length=255,
        blank=True,
        help_text=_("Par exemple : parents d’enfants de moins de 3 ans sans mode de garde."),
    )
    places = models.ManyToManyField(
        "territories.GeoUnit", verbose_name=_("lieux"), blank=True, related_name="actions"
    )
    status = models.CharField(
        _("état"), max_length=16, choices=Status.choices, default=Status.IDEA, db_index=True
    )
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    pilots = models.ManyToManyField(
        "territories.Organisation",
        verbose_name=_("organisations pilotes"),
        blank=True,
        related_name="piloted_actions",
    )
    referents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personnes référentes"),
        blank=True,
        related_name="referent_actions",
    )
    related = models.ManyToManyField(
        "self", verbose_name=_("actions liées"), blank=True, symmetrical=True
    )
    visibility = visibility_field(default=Visibility.PARTNERS)
    restricted_to = models.ManyToManyField(
        "territories.Organisation",
        verbose_name=_("réservée à"),
        blank=True,
        related_name="+",
    )
    # Kept up to date by the services from the indicators, so that lists never compute it.
    progress = models.DecimalField(
        _("avancement (%)"), max_digits=5, decimal_places=1, null=True, blank=True, editable=False
    )
    search_text = models.TextField(editable=False, blank=True)
    sort_key = models.CharField(max_length=60, editable=False, blank=True, db_index=True)
    # The planned end the people in charge were last reminded of (re-armed by a new date).
    late_reminded_for = models.DateField(null=True, blank=True, editable=False)
    # Essaimage (docs/programme.md): the fiche inspirante this fiche was copied from, and
    # the attribution frozen at copy time, which outlives the model's withdrawal or deletion.
    inspired_by = models.ForeignKey(
        "programme.InspiringModel",
        verbose_name=_("inspirée de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        editable=False,
    )
    inspired_by_title = models.CharField(
        _("intitulé de la fiche d’origine"), max_length=255, blank=True, editable=False
    )
    inspired_by_territory = models.CharField(
        _("territoire d’origine"), max_length=255, blank=True, editable=False
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("fiche action")
        verbose_name_plural = _("fiches actions")
        ordering = ["territory", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "code"], name="action_unique_code")
        ]
        indexes = [
            models.Index(fields=["territory", "status"]),
            # The list's order within a territory: its first page read off the index in a
            # Département of many territories (bench/README.md).
            models.Index(fields=["territory", "sort_key"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "programme:action", kwargs={"territory_slug": self.territory.slug, "pk": self.pk}
        )

    def is_late_on(self, today: datetime.date) -> bool:
        """The rule of ``ActionQuerySet.late`` for one fiche already loaded."""
        return (
            self.ends_on is not None and self.ends_on < today and self.status not in CLOSED_STATUSES
        )

    @property
    def attribution(self) -> str:
        """« Garderie éphémère » (Clichy-sous-Bois): where this fiche was copied from."""
        if not self.inspired_by_title:
            return ""
        return f"« {self.inspired_by_title} » ({self.inspired_by_territory})"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = str(_("La fin ne peut pas précéder le début."))
        objective = self.objective if self.objective_id is not None else None
        if (
            objective is not None
            and self.territory_id is not None
            and objective.axis.territory_id != self.territory_id
        ):
            errors["objective"] = str(_("Cet objectif appartient à un autre territoire."))
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        self.search_text = fold(
            " ".join(
                filter(
                    None,
                    [self.code, self.title, self.summary, self.constat, self.public_precision],
                )
            )
        )
        self.sort_key = natural_key(self.code)
        super().save(*args, **kwargs)


class ActionPublic(models.Model):
    """One data·inclusion public an action is for."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="publics")
    public = models.CharField(_("public"), max_length=64, db_index=True)

    class Meta:
        verbose_name = _("public visé")
        verbose_name_plural = _("publics visés")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["action", "public"], name="action_public_unique")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return public_label(self.public)

    def clean(self) -> None:
        if not is_public(self.public):
            raise ValidationError({"public": _("Ce public n’existe pas dans data·inclusion.")})


class ActionPartner(TimeStampedModel):
    """A partner organisation of an action (not a pilot), with its role in it."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="partner_links")
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="action_partnerships",
    )
    role = models.CharField(
        _("rôle"),
        max_length=255,
        blank=True,
        help_text=_("Par exemple : financement, accueil du public, orientation des familles."),
    )

    class Meta:
        verbose_name = _("partenaire de l’action")
        verbose_name_plural = _("partenaires de l’action")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["action", "organisation"], name="action_partner_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} : {self.role}" if self.role else str(self.organisation)


class MeansLine(TimeStampedModel):
    """What an action is given: money per funder and year, staff time, or something in kind."""

    class Kind(models.TextChoices):
        BUDGET = "budget", _("Financement")
        STAFF = "staff", _("Temps de travail")
        IN_KIND = "in_kind", _("Apport en nature")

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="means")
    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices)
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("financeur ou contributeur"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contributor_name = models.CharField(
        _("autre financeur ou contributeur"),
        max_length=150,
        blank=True,
        help_text=_("Si l’organisation n’est pas partenaire du territoire (ex. : État, Région)."),
    )
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    amount = models.DecimalField(
        _("montant"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("En euros pour un financement ou un apport valorisé, en ETP pour du temps."),
    )
    description = models.CharField(_("précision"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ligne de moyens")
        verbose_name_plural = _("moyens")
        ordering = ["kind", "year", "id"]

    def __str__(self) -> str:
        parts = [str(self.get_kind_display()), str(self.year or ""), self.contributor]
        if self.amount is not None:
            parts.append(f"{french_number(Decimal(self.amount))} {self.unit}")
        if self.description:
            parts.append(self.description)
        return " ".join(p for p in parts if p)

    @property
    def contributor(self) -> str:
        organisation = self.organisation if self.organisation_id else None
        return organisation.name if organisation is not None else self.contributor_name

    @property
    def unit(self) -> str:
        return "ETP" if self.kind == self.Kind.STAFF else "€"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not self.organisation_id and not self.contributor_name.strip():
            errors["organisation"] = str(_("Indiquez qui finance ou contribue."))
        if self.kind in (self.Kind.BUDGET, self.Kind.STAFF):
            if self.year is None:
                errors["year"] = str(_("Indiquez l’année."))
            if self.amount is None:
                errors["amount"] = str(_("Indiquez le montant."))
        if self.kind == self.Kind.IN_KIND and not self.description.strip():
            errors["description"] = str(_("Décrivez l’apport en nature."))
        if self.amount is not None and self.amount < 0:
            errors["amount"] = str(_("Le montant ne peut pas être négatif."))
        if self.year is not None and not 1990 <= self.year <= 2100:
            errors["year"] = str(_("L’année doit être comprise entre 1990 et 2100."))
        if errors:
            raise ValidationError(errors)


class MilestoneQuerySet(models.QuerySet["Milestone"]):
    def late(self, today: datetime.date) -> MilestoneQuerySet:
        """Milestones past their planned date, not reached, on a fiche still open."""
        return self.filter(done_on__isnull=True, planned_on__lt=today).exclude(
            action__status__in=CLOSED_STATUSES
        )


class Milestone(TimeStampedModel):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("intitulé"), max_length=255)
    planned_on = models.DateField(_("date prévue"), null=True, blank=True)
    done_on = models.DateField(_("date réelle"), null=True, blank=True)
    description = models.TextField(_("précision"), blank=True)
    # The planned date the people in charge were last reminded of (re-armed by a new date).
    late_reminded_for = models.DateField(null=True, blank=True, editable=False)

    objects = MilestoneQuerySet.as_manager()

    class Meta:
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")
        ordering = ["planned_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def is_late(self, today: datetime.date) -> bool:
        """The rule of ``MilestoneQuerySet.late`` for one milestone already loaded."""
        return (
            self.done_on is None
            and self.planned_on is not None
            and self.planned_on < today
            and self.action.status not in CLOSED_STATUSES
        )

    def clean(self) -> None:
        if self.planned_on is None and self.done_on is None:
            raise ValidationError({"planned_on": _("Indiquez une date prévue ou réelle.")})


class JournalEntry(models.Model):
    """A dated note on how the action is going (what Decidim calls its evolution)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="journal")
    happened_on = models.DateField(_("date"))
    text = models.TextField(_("texte"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("écrit le"), auto_now_add=True)

    class Meta:
        verbose_name = _("entrée du journal de suivi")
        verbose_name_plural = _("journal de suivi")
        ordering = ["-happened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.happened_on} {self.text[:40]}"


class Attachment(models.Model):
    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fichier"), upload_to=RandomName("programme/journal"), max_length=255)
    name = models.CharField(_("nom"), max_length=255)
    size = models.PositiveIntegerField(_("taille"))
    content_type = models.CharField(_("type"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Indicator(TimeStampedModel):
    class Direction(models.TextChoices):
        UP = "up", _("Plus la valeur est haute, mieux c’est")
        DOWN = "down", _("Plus la valeur est basse, mieux c’est")

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("nom"), max_length=200)
    unit = models.CharField(
        _("unité"), max_length=40, help_text=_("Par exemple : familles, heures, %, €.")
    )
    direction = models.CharField(
        _("sens"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    baseline_value = models.DecimalField(
        _("valeur de départ"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_on = models.DateField(_("date de la valeur de départ"), null=True, blank=True)
    description = models.TextField(_("définition et mode de calcul"), blank=True)
    # Kept up to date by the services whenever a measurement, target or baseline changes.
    latest_value = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, editable=False
    )
    latest_on = models.DateField(null=True, blank=True, editable=False)
    progress = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["action", "name"], name="indicator_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    def clean(self) -> None:
        if (self.baseline_value is None) != (self.baseline_on is None):
            field = "baseline_on" if self.baseline_on is None else "baseline_value"
            raise ValidationError(
                {field: _("La valeur de départ et sa date vont ensemble : indiquez les deux.")}
            )


class IndicatorTarget(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="yearly_targets"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    value = models.DecimalField(_("cible"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("cible annuelle")
        verbose_name_plural = _("cibles annuelles")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} : {self.value}"


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("valeur"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=255, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisie par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mesure")
        verbose_name_plural = _("mesures")
        ordering = ["measured_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"], name="measurement_unique_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measured_on} : {self.value}"


class StatusChange(models.Model):
    """Each change of an action's status, dated and explained."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("état précédent"), max_length=16, choices=Action.Status.choices, blank=True
    )
    to_status = models.CharField(_("nouvel état"), max_length=16, choices=Action.Status.choices)
    reason = models.TextField(_("motif"))
    changed_on = models.DateField(_("date du changement"))
    changed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("changement d’état")
        verbose_name_plural = _("changements d’état")
        ordering = ["-changed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.action.code}: {self.from_status} → {self.to_status} ({self.changed_on})"


class ActionVersion(models.Model):
    """One state of a fiche, written by the services after every change to it.

    ``data`` is the whole fiche as readers saw it (names, not ids, so that an old version
    still reads right after an organisation is renamed); ``effective_on`` is the date the
    state took effect, which the user may set when recording a past change."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("contenu"))
    changed_fields = models.JSONField(_("champs modifiés"), default=list)
    note = models.CharField(_("note"), max_length=255, blank=True)
    effective_on = models.DateField(_("en vigueur le"), db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("enregistrée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("version de la fiche")
        verbose_name_plural = _("versions des fiches")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["action", "number"], name="action_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.action_id} v{self.number}"


class ImportBatch(models.Model):
    """A spreadsheet uploaded for import: kept between the preview and the confirmation so
    that any web process can apply it."""

    class Kind(models.TextChoices):
        ACTIONS = "actions", _("Fiches actions")
        MEASUREMENTS = "measurements", _("Mesures des indicateurs")

    class State(models.TextChoices):
        """The import-job vocabulary shared with network.ImportBatch and
        observatory.ImportJob (docs/architecture.md, "Import jobs")."""

        PREVIEWED = "previewed", _("Aperçu")
        DONE = "done", _("Appliqué")

    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="programme_imports"
    )
    kind = models.CharField(_("contenu"), max_length=16, choices=Kind.choices)
    state = models.CharField(
        _("état"), max_length=16, choices=State.choices, default=State.PREVIEWED
    )
    file = models.FileField(_("fichier"), upload_to=RandomName("programme/imports"), max_length=255)
    filename = models.CharField(_("nom du fichier"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.filename}"


class InspiringModelQuerySet(models.QuerySet["InspiringModel"]):
    def offered(self) -> InspiringModelQuerySet:
        """Models still offered (not withdrawn)."""
        return self.filter(withdrawn_at__isnull=True)

    def search(self, text: str) -> InspiringModelQuerySet:
        qs = self
        for word in fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs


class InspiringModel(TimeStampedModel):
    """A fiche action offered to the other territories as a model (essaimage,
    docs/programme.md): what it is, what it took, whom to ask, what it gave. Another
    territory copies it as a draft fiche, with attribution."""

    class Audience(models.TextChoices):
        """Who reads the model: anyone, or the PST network (partner-level people of any
        territory on the platform). The values are core.roles.Visibility's."""

        PUBLIC = "public", _("Public : tout le monde")
        PARTNERS = "partners", _("Réseau : les professionnels de tous les territoires")

    action = models.OneToOneField(
        Action,
        verbose_name=_("fiche action"),
        on_delete=models.CASCADE,
        related_name="inspiring_model",
    )
    summary = models.TextField(
        _("résumé pour les autres territoires"),
        help_text=_("Ce que fait l’action et pourquoi elle peut servir ailleurs."),
    )
    resources = models.TextField(
        _("ce qu’il a fallu"),
        help_text=_("Moyens, partenaires, durée, budget : ce qu’un autre territoire doit prévoir."),
    )
    contacts = models.TextField(
        _("contacts"),
        blank=True,
        help_text=_(
            "Un service ou une fonction à contacter, avec une adresse de service "
            "(par exemple : direction de la petite enfance, petite-enfance@ville.fr)."
        ),
    )
    results = models.TextField(
        _("résultats"), help_text=_("Ce que l’action a donné, chiffré si possible.")
    )
    visibility = models.CharField(
        _("qui la voit"),
        max_length=16,
        choices=Audience.choices,
        default=Audience.PARTNERS,
        db_index=True,
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    offered_at = models.DateTimeField(_("proposée le"))
    withdrawn_at = models.DateTimeField(_("retirée le"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True)

    objects = InspiringModelQuerySet.as_manager()

    class Meta:
        verbose_name = _("fiche inspirante")
        verbose_name_plural = _("fiches inspirantes")
        ordering = ["-offered_at", "-id"]

    def __str__(self) -> str:
        return self.action.title

    def get_absolute_url(self) -> str:
        return reverse("programme:inspiring_model", kwargs={"pk": self.pk})

    @property
    def territory(self) -> Any:
        return self.action.territory

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def save(self, *args: Any, **kwargs: Any) -> None:
        action = self.action
        self.search_text = fold(
            " ".join(
                filter(
                    None,
                    [
                        action.title,
                        action.territory.name,
                        self.summary,
                        self.resources,
                        self.results,
                    ],
                )
            )
        )
        super().save(*args, **kwargs)
