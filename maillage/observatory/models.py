"""The observatory: a global indicator catalogue, datasets imported by partners, and their
values keyed by geographic level and code (docs/decisions/0014-observatory-values-keyed-by-code.md).

Values are stored raw; statistical secrecy is applied when they are read
(``selectors.figures``), for every reader outside the producer organisation."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maillage.core.files import RandomName
from maillage.core.models import TimeStampedModel, visibility_field
from maillage.observatory.figures import GeoLevel
from maillage.observatory.formula import FormulaError, parse

VARIABLE_CODE_MAX = 40


class Theme(models.TextChoices):
    DEMOGRAPHY = "demography", _("Démographie")
    FAMILIES = "families", _("Familles et ménages")
    INCOME = "income", _("Revenus et pauvreté")
    BENEFITS = "benefits", _("Prestations sociales")
    EMPLOYMENT = "employment", _("Emploi et chômage")
    EDUCATION = "education", _("Éducation et formation")
    HOUSING = "housing", _("Logement")
    HEALTH = "health", _("Santé et handicap")


class Periodicity(models.TextChoices):
    YEARLY = "yearly", _("Annuelle")
    QUARTERLY = "quarterly", _("Trimestrielle")
    CENSUS = "census", _("Recensement (millésime annuel, 5 ans glissants)")


class Direction(models.TextChoices):
    UP = "up", _("Une hausse est favorable")
    DOWN = "down", _("Une baisse est favorable")
    NEUTRAL = "neutral", _("Sans orientation")


class Indicator(TimeStampedModel):
    """One indicator of the shared catalogue, computed from source variables."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    theme = models.CharField(_("thème"), max_length=20, choices=Theme.choices)
    definition = models.TextField(_("définition"), blank=True)
    formula = models.CharField(
        _("formule"),
        max_length=500,
        help_text=_(
            "Sur les codes de variables, par exemple (P_POP0014 + P_POP1529) / P_POP * 100."
        ),
    )
    unit = models.CharField(_("unité"), max_length=30, blank=True)
    decimals = models.PositiveSmallIntegerField(_("décimales"), default=1)
    source = models.CharField(_("source"), max_length=200, blank=True)
    levels = models.JSONField(_("niveaux géographiques"), default=list, blank=True)
    periodicity = models.CharField(
        _("périodicité"), max_length=16, choices=Periodicity.choices, default=Periodicity.YEARLY
    )
    direction = models.CharField(
        _("sens"), max_length=8, choices=Direction.choices, default=Direction.NEUTRAL
    )
    household_income = models.BooleanField(
        _("revenus des ménages"),
        default=False,
        help_text=_("Soumis à la règle de secret renforcée des revenus des ménages."),
    )
    is_count = models.BooleanField(
        _("effectif"),
        default=False,
        help_text=_("Un nombre de personnes ou de foyers, soumis au seuil de secret."),
    )
    key_figure = models.BooleanField(_("chiffre clé du portrait"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=100)
    actions = models.ManyToManyField(
        "programme.Action",
        through="ActionTarget",
        related_name="observatory_indicators",
        verbose_name=_("actions qui le visent"),
        blank=True,
    )

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["theme", "sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    def variables(self) -> list[str]:
        return sorted(parse(self.formula).variables)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        try:
            parse(self.formula)
        except FormulaError as exc:
            errors["formula"] = str(exc)
        unknown = [level for level in self.levels or [] if level not in GeoLevel.values]
        if unknown or not isinstance(self.levels, list):
            errors["levels"] = str(_("Niveau géographique inconnu : %s.") % ", ".join(unknown))
        if errors:
            raise ValidationError(errors)

    def url_for(self, territory_slug: str) -> str:
        return reverse("observatory:indicator", args=[territory_slug, self.code])


class DatasetQuerySet(models.QuerySet["Dataset"]):
    def published(self) -> DatasetQuerySet:
        return self.filter(published=True)


class Dataset(TimeStampedModel):
    """A file of values a producer shares on a territory, with its secrecy rules."""

    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="datasets",
    )
    producer = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("producteur"),
        on_delete=models.PROTECT,
        related_name="produced_datasets",
    )
    title = models.CharField(_("titre"), max_length=200)
    source = models.CharField(_("source"), max_length=200)
    vintage = models.CharField(_("millésime"), max_length=20)
    licence = models.CharField(_("licence"), max_length=120, default="Licence Ouverte 2.0")
    visibility = visibility_field()
    restricted_to = models.ManyToManyField(
        "territories.Organisation",
        verbose_name=_("organisations autorisées"),
        related_name="shared_datasets",
        blank=True,
        help_text=_("Pour une diffusion restreinte : les organisations de la convention."),
    )
    # INSEE and the CNAF hide counts below 5 in their dissemination of small areas; the
    # household-income rule follows Filosofi: no income figure on fewer than 11 households.
    min_count = models.PositiveSmallIntegerField(
        _("effectif minimal diffusé"),
        default=5,
        help_text=_("Un effectif strictement positif inférieur à ce seuil est secret."),
    )
    income_min_households = models.PositiveSmallIntegerField(
        _("ménages minimum pour un revenu"),
        default=11,
        help_text=_(
            "Un indicateur de revenu des ménages est secret sur une zone de moins de ménages "
            "fiscaux, ou quand le nombre de ménages n’est pas connu."
        ),
    )
    household_count_variable = models.CharField(
        _("variable du nombre de ménages"), max_length=VARIABLE_CODE_MAX, default="NBMENFISC"
    )
    round_to_5 = models.BooleanField(_("arrondir les effectifs à 5"), default=False)
    file = models.FileField(
        _("fichier d’origine"),
        upload_to=RandomName("observatory/datasets"),
        max_length=255,
        blank=True,
    )
    filename = models.CharField(_("nom du fichier"), max_length=255, blank=True)
    value_count = models.PositiveIntegerField(_("valeurs"), default=0)
    # Values are written in chunks (so that the progress bar moves) under an unpublished
    # dataset; it is published, or deleted with its values, at the end: all or nothing.
    published = models.BooleanField(_("publié"), default=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DatasetQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeu de données")
        verbose_name_plural = _("jeux de données")
        ordering = ["-created_at", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.vintage})"

    def get_absolute_url(self) -> str:
        return reverse("observatory:dataset", args=[self.territory.slug, self.pk])

    def clean(self) -> None:
        if self.min_count < 1:
            raise ValidationError({"min_count": _("Le seuil doit valoir au moins 1.")})


class DatasetVariable(models.Model):
    """A column of a dataset: counts fall under the threshold, household-income variables
    under the stricter rule."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="variables")
    code = models.CharField(_("code"), max_length=VARIABLE_CODE_MAX)
    label = models.CharField(_("libellé"), max_length=200, blank=True)
    is_count = models.BooleanField(_("effectif"), default=False)
    household_income = models.BooleanField(_("revenus des ménages"), default=False)

    class Meta:
        verbose_name = _("variable")
        verbose_name_plural = _("variables")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "code"], name="obs_variable_unique")
        ]

    def __str__(self) -> str:
        return self.code


class Missing(models.TextChoices):
    SECRET = "s", _("Secret statistique (source)")
    NOT_AVAILABLE = "nd", _("Non disponible")
    NOT_SIGNIFICANT = "ns", _("Non significatif")
    NOT_APPLICABLE = "so", _("Sans objet")
    BLANK = "b", _("Non renseigné")


class Value(models.Model):
    """One raw value. The place is a (level, code) pair, not a GeoUnit: a national IRIS
    file needs no GeoUnit for each of its 49,000 rows."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="values")
    variable = models.CharField(max_length=VARIABLE_CODE_MAX)
    level = models.CharField(max_length=16, choices=GeoLevel.choices)
    geo_code = models.CharField(max_length=20)
    period = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    missing = models.CharField(max_length=2, choices=Missing.choices, blank=True)

    class Meta:
        verbose_name = _("valeur")
        verbose_name_plural = _("valeurs")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "variable", "level", "geo_code", "period"],
                name="obs_value_unique",
            ),
            models.CheckConstraint(
                condition=(models.Q(value__isnull=True) & ~models.Q(missing=""))
                | (models.Q(value__isnull=False) & models.Q(missing="")),
                name="obs_value_or_missing",
            ),
        ]
        indexes = [models.Index(fields=["variable", "level", "geo_code"], name="obs_value_geo")]

    def __str__(self) -> str:
        return f"{self.variable} {self.level}:{self.geo_code} {self.period}"


class ImportJob(models.Model):
    """One upload, from its preview to its import: the dataset's import log."""

    class Kind(models.TextChoices):
        INSEE = "insee", _("Fichier INSEE tel que téléchargé")
        PARTNER = "partner", _("Fichier d’un partenaire (correspondance des colonnes)")

    class State(models.TextChoices):
        """The import-job vocabulary shared with network.ImportBatch and
        programme.ImportBatch (docs/architecture.md, "Import jobs")."""

        UPLOADED = "uploaded", _("Déposé")
        PREVIEWED = "previewed", _("Aperçu vérifié")
        QUEUED = "queued", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Importé")
        FAILED = "failed", _("En échec")

    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="observatory_imports"
    )
    producer = models.ForeignKey(
        "territories.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("format"), max_length=16, choices=Kind.choices)
    state = models.CharField(
        _("état"), max_length=16, choices=State.choices, default=State.UPLOADED
    )
    file = models.FileField(
        _("fichier"), upload_to=RandomName("observatory/imports"), max_length=255
    )
    filename = models.CharField(_("nom du fichier"), max_length=255)
    size = models.PositiveBigIntegerField(_("taille"), default=0)
    # Everything the dataset will be created with (title, source, visibility…).
    metadata = models.JSONField(default=dict, blank=True)
    # Partner layout: {"geo_column", "level", "period", "period_column", "variables": {col: code}}
    mapping = models.JSONField(default=dict, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    log = models.JSONField(default=list, blank=True)
    errors = models.JSONField(default=list, blank=True)
    dataset = models.ForeignKey(
        Dataset, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def progress(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, int(100 * self.processed_rows / self.total_rows))

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class PartnerMapping(TimeStampedModel):
    """The column mapping a producer used last, offered again on its next upload."""

    organisation = models.OneToOneField(
        "territories.Organisation", on_delete=models.CASCADE, related_name="observatory_mapping"
    )
    mapping = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("correspondance de colonnes")
        verbose_name_plural = _("correspondances de colonnes")

    def __str__(self) -> str:
        return str(self.organisation)


class ActionTarget(models.Model):
    """An action of the programme aims to move an indicator of the territory."""

    action = models.ForeignKey(
        "programme.Action", on_delete=models.CASCADE, related_name="observatory_links"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="action_links")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("indicateur visé")
        verbose_name_plural = _("indicateurs visés")
        constraints = [
            models.UniqueConstraint(fields=["action", "indicator"], name="obs_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.action} → {self.indicator}"


# =========================================================================== ABS report
# The annual "analyse des besoins sociaux": a configuration per territory (chosen
# indicators, grouped by their theme; qualitative sections assigned to partner
# organisations) and one edition per year, with its generated PDF and DOCX kept.


class ReportConfig(TimeStampedModel):
    territory = models.OneToOneField(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="abs_config",
    )
    title = models.CharField(_("titre"), max_length=200, default=_("Analyse des besoins sociaux"))
    introduction = models.TextField(_("introduction"), blank=True, max_length=20_000)
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("indicateurs retenus"), blank=True, related_name="+"
    )
    # The coordinators' reading of each indicator, printed under its table: {code: text}.
    comments = models.JSONField(_("commentaires par indicateur"), default=dict, blank=True)

    class Meta:
        verbose_name = _("modèle de rapport ABS")
        verbose_name_plural = _("modèles de rapport ABS")

    def __str__(self) -> str:
        return f"{self.title} — {self.territory}"


class ReportSection(TimeStampedModel):
    """A qualitative section: the coordinators assign it to a partner organisation, whose
    members write it."""

    config = models.ForeignKey(ReportConfig, on_delete=models.CASCADE, related_name="sections")
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation rédactrice"),
        on_delete=models.CASCADE,
        related_name="abs_sections",
    )
    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("texte"), blank=True, max_length=50_000)
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=100)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("section du rapport ABS")
        verbose_name_plural = _("sections du rapport ABS")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def territory_id(self) -> int:
        return self.config.territory_id


class ReportThemeText(TimeStampedModel):
    """The coordinators' written analysis of one theme of the report, printed at the head
    of the theme's chapter, before its indicators (the per-indicator comments stay under
    each table)."""

    config = models.ForeignKey(ReportConfig, on_delete=models.CASCADE, related_name="theme_texts")
    theme = models.CharField(_("thème"), max_length=32, choices=Theme.choices)
    text = models.TextField(_("analyse"), max_length=50_000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("analyse d’un thème du rapport ABS")
        verbose_name_plural = _("analyses des thèmes du rapport ABS")
        ordering = ["theme"]
        constraints = [
            models.UniqueConstraint(
                fields=["config", "theme"],
                name="obs_abs_theme_text_unique",
                violation_error_message=_("Ce thème a déjà son analyse."),
            )
        ]

    def __str__(self) -> str:
        return str(self.get_theme_display())

    @property
    def territory_id(self) -> int:
        return self.config.territory_id


def report_upload_to(instance: ReportEdition, filename: str) -> str:
    """The former, guessable names (kept for migration 0004)."""
    return f"observatory/abs/{instance.territory_id}/{instance.year}/{filename}"


class ReportEdition(TimeStampedModel):
    """The report of one year: regenerating it replaces that year's files."""

    class State(models.TextChoices):
        PENDING = "pending", _("En cours de génération")
        READY = "ready", _("Prêt")
        FAILED = "failed", _("Échec")

    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="abs_editions",
    )
    year = models.PositiveSmallIntegerField(_("année"))
    state = models.CharField(_("état"), max_length=16, choices=State.choices, default=State.PENDING)
    pdf = models.FileField(
        _("PDF"), upload_to=RandomName("observatory/abs"), max_length=255, blank=True
    )
    docx = models.FileField(
        _("document modifiable (DOCX)"),
        upload_to=RandomName("observatory/abs"),
        max_length=255,
        blank=True,
    )
    generated_at = models.DateTimeField(_("généré le"), null=True, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("édition du rapport ABS")
        verbose_name_plural = _("éditions du rapport ABS")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "year"],
                name="obs_abs_edition_unique_year",
                violation_error_message=_("Une édition existe déjà pour cette année."),
            )
        ]

    def __str__(self) -> str:
        return f"ABS {self.year} — {self.territory}"

    def clean(self) -> None:
        if not 2000 <= self.year <= 2100:
            raise ValidationError({"year": _("L’année doit être comprise entre 2000 et 2100.")})
