"""The réseau: services of the territory's organisations in the data·inclusion v1 model,
contact points ("qui contacter pour…"), step-by-step procedures, freshness rules, and
imports in data·inclusion files.

Field names that belong to the data·inclusion schema keep its French names (``nom`` is
``name``, the rest as in the schema) so that the mapping in ``mapping.py`` stays
obvious. Value lists are never copied: they come from the package (``vocab.py``) and are
checked by its pydantic models (``validation.py``) on save and on import."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.files import RandomName
from maillage.core.models import SearchableModel, TimeStampedModel, visibility_field
from maillage.core.roles import Visibility
from maillage.network import vocab
from maillage.network.mapping import service_errors
from maillage.network.validation import validate_phone

NETWORK_VISIBILITIES = (Visibility.PUBLIC, Visibility.PARTNERS, Visibility.MEMBERS)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by ``months`` (negative to go back), clamped to the month's end."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


class Freshness(models.TextChoices):
    FRESH = "fresh", _("À jour")
    ADVISED = "advised", _("Mise à jour conseillée")
    REQUIRED = "required", _("Mise à jour requise")


class NetworkSettings(TimeStampedModel):
    """A territory's freshness rules: after how many months an update of a service is
    advised, then required, and how often the owning organisation is reminded."""

    territory = models.OneToOneField(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="network_settings",
    )
    update_advised_after_months = models.PositiveSmallIntegerField(
        _("mise à jour conseillée après (mois)"), default=6
    )
    update_required_after_months = models.PositiveSmallIntegerField(
        _("mise à jour requise après (mois)"), default=12
    )
    reminders_enabled = models.BooleanField(_("relancer les organisations"), default=True)
    reminder_interval_days = models.PositiveSmallIntegerField(
        _("intervalle entre deux relances (jours)"), default=30
    )

    class Meta:
        verbose_name = _("règles de fraîcheur")
        verbose_name_plural = _("règles de fraîcheur")

    def __str__(self) -> str:
        return f"{self.territory}: {self.update_advised_after_months}/{self.update_required_after_months}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not 1 <= self.update_advised_after_months <= 60:
            errors["update_advised_after_months"] = str(_("Entre 1 et 60 mois."))
        if self.update_required_after_months <= self.update_advised_after_months:
            errors["update_required_after_months"] = str(
                _("La mise à jour requise vient après la mise à jour conseillée.")
            )
        elif self.update_required_after_months > 120:
            errors["update_required_after_months"] = str(_("120 mois au plus."))
        if not 1 <= self.reminder_interval_days <= 365:
            errors["reminder_interval_days"] = str(_("Entre 1 et 365 jours."))
        if errors:
            raise ValidationError(errors)

    def advised_before(self, today: datetime.date | None = None) -> datetime.date:
        """Services last updated before this date need an update (advised)."""
        return add_months(today or timezone.localdate(), -self.update_advised_after_months)

    def required_before(self, today: datetime.date | None = None) -> datetime.date:
        return add_months(today or timezone.localdate(), -self.update_required_after_months)

    def freshness(self, date_maj: datetime.date | None, today: datetime.date | None = None) -> str:
        if date_maj is None or date_maj < self.required_before(today):
            return Freshness.REQUIRED
        if date_maj < self.advised_before(today):
            return Freshness.ADVISED
        return Freshness.FRESH


class StructureProfile(TimeStampedModel):
    """What data·inclusion says about a structure that ``territories.Organisation`` does
    not hold: its identifier at its producer, opening hours, coordinates, networks.
    Organisations stay the one list of structures; this is their data·inclusion side."""

    organisation = models.OneToOneField(
        "territories.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="structure_profile",
    )
    source = models.CharField(_("producteur"), max_length=100, default="maillage")
    di_id = models.CharField(_("identifiant data·inclusion"), max_length=255, unique=True)
    date_maj = models.DateField(_("dernière mise à jour"), null=True, blank=True)
    lien_source = models.URLField(_("lien chez le producteur"), max_length=500, blank=True)
    code_insee = models.CharField(_("code INSEE de la commune"), max_length=5, blank=True)
    complement_adresse = models.CharField(_("complément d’adresse"), max_length=255, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    horaires_accueil = models.CharField(_("horaires d’accueil"), max_length=500, blank=True)
    accessibilite_lieu = models.URLField(_("accessibilité du lieu"), max_length=500, blank=True)
    reseaux_porteurs = models.JSONField(_("réseaux porteurs"), null=True, blank=True)

    class Meta:
        verbose_name = _("fiche structure data·inclusion")
        verbose_name_plural = _("fiches structures data·inclusion")

    def __str__(self) -> str:
        return self.di_id


class ServiceQuerySet(models.QuerySet["Service"]):
    def of_territory(self, territory) -> ServiceQuerySet:
        return self.filter(territory=territory)

    def update_advised(self, rules: NetworkSettings) -> ServiceQuerySet:
        """Last updated before the advised date: advised or required."""
        return self.filter(date_maj__lt=rules.advised_before())

    def update_required(self, rules: NetworkSettings) -> ServiceQuerySet:
        return self.filter(date_maj__lt=rules.required_before())

    def fresh(self, rules: NetworkSettings) -> ServiceQuerySet:
        return self.filter(date_maj__gte=rules.advised_before())


class Service(SearchableModel):
    """A service of an organisation, with every field of data·inclusion's ``Service``."""

    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="network_services",
    )
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        related_name="network_services",
    )
    source = models.CharField(_("producteur"), max_length=100, default="maillage")
    di_id = models.CharField(_("identifiant data·inclusion"), max_length=255, blank=True)
    name = models.CharField(_("nom"), max_length=150)
    description = models.TextField(_("description"))
    lien_source = models.URLField(_("lien chez le producteur"), max_length=500, blank=True)
    date_maj = models.DateField(_("dernière mise à jour"), db_index=True)
    type = models.CharField(
        _("type de service"), max_length=40, blank=True, choices=vocab.choices(vocab.TypeService)
    )
    thematiques = models.JSONField(_("thématiques"), null=True, blank=True)
    frais = models.CharField(
        _("frais"), max_length=20, blank=True, choices=vocab.choices(vocab.Frais)
    )
    frais_precisions = models.TextField(_("précisions sur les frais"), blank=True)
    publics = models.JSONField(_("publics"), null=True, blank=True)
    publics_precisions = models.TextField(_("précisions sur les publics"), blank=True)
    conditions_acces = models.TextField(_("conditions d’accès"), blank=True)
    commune = models.CharField(_("commune"), max_length=100, blank=True)
    code_postal = models.CharField(_("code postal"), max_length=5, blank=True)
    code_insee = models.CharField(_("code INSEE de la commune"), max_length=5, blank=True)
    adresse = models.CharField(_("adresse"), max_length=255, blank=True)
    complement_adresse = models.CharField(_("complément d’adresse"), max_length=255, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    telephone = models.CharField(_("téléphone"), max_length=30, blank=True)
    courriel = models.CharField(_("courriel"), max_length=254, blank=True)
    modes_accueil = models.JSONField(_("modes d’accueil"), null=True, blank=True)
    zone_eligibilite = models.JSONField(_("zone d’éligibilité"), null=True, blank=True)
    contact_nom_prenom = models.CharField(_("nom du contact"), max_length=150, blank=True)
    lien_mobilisation = models.URLField(_("lien de mobilisation"), max_length=500, blank=True)
    modes_mobilisation = models.JSONField(_("modes de mobilisation"), null=True, blank=True)
    mobilisable_par = models.JSONField(_("mobilisable par"), null=True, blank=True)
    mobilisation_precisions = models.TextField(_("précisions sur la mobilisation"), blank=True)
    volume_horaire_hebdomadaire = models.FloatField(
        _("volume horaire hebdomadaire"), null=True, blank=True
    )
    nombre_semaines = models.PositiveIntegerField(_("nombre de semaines"), null=True, blank=True)
    horaires_accueil = models.CharField(_("horaires d’accueil"), max_length=500, blank=True)

    visibility = visibility_field()
    partners = models.ManyToManyField(
        "territories.Organisation",
        verbose_name=_("organisations associées"),
        blank=True,
        related_name="co_delivered_services",
        help_text=_("Les organisations qui portent ce service avec la structure."),
    )
    geounits = models.ManyToManyField(
        "territories.GeoUnit",
        verbose_name=_("quartiers desservis"),
        blank=True,
        related_name="network_services",
        help_text=_("Vide : tout le territoire."),
    )
    last_reminded_at = models.DateTimeField(_("dernière relance"), null=True, blank=True)

    objects = ServiceQuerySet.as_manager()

    # Set by bulk imports so that building the search text needs no query per service.
    _search_organisation_name: str | None = None

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "di_id"],
                condition=~models.Q(di_id=""),
                name="network_service_unique_di_id",
            )
        ]
        indexes = [
            models.Index(fields=["territory", "visibility"]),
            models.Index(fields=["territory", "name"]),
            models.Index(fields=["organisation", "date_maj"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "network:service", kwargs={"territory_slug": self.territory.slug, "pk": self.pk}
        )

    def search_parts(self) -> tuple[str, str]:
        topics = []
        for value in self.thematiques or []:
            topics.append(vocab.label(vocab.Thematique, value))
            topics.append(vocab.label(vocab.Categorie, vocab.category_of(value)))
        publics = [vocab.label(vocab.Public, value) for value in self.publics or []]
        organisation = self._search_organisation_name
        if organisation is None and self.organisation_id:
            org = self.organisation
            organisation = " ".join(filter(None, [org.name, org.acronym]))
        body = " ".join(
            filter(
                None,
                [
                    organisation,
                    " ".join(dict.fromkeys(topics)),
                    " ".join(publics),
                    vocab.label(vocab.TypeService, self.type),
                    self.description,
                    self.publics_precisions,
                    self.conditions_acces,
                    self.commune,
                ],
            )
        )
        return self.name, body

    def facet_rows(self) -> list[tuple[str, str]]:
        """(facet, value) pairs the filters of the search use."""
        rows: list[tuple[str, str]] = []
        for value in self.thematiques or []:
            rows.append(("thematique", value))
        for category in dict.fromkeys(vocab.category_of(v) for v in self.thematiques or []):
            rows.append(("categorie", category))
        rows += [("public", v) for v in self.publics or []]
        rows += [("mode_accueil", v) for v in self.modes_accueil or []]
        if self.frais:
            rows.append(("frais", self.frais))
        if self.type:
            rows.append(("type", self.type))
        return list(dict.fromkeys(rows))

    @property
    def effective_di_id(self) -> str:
        return self.di_id or f"maillage--service-{self.pk}"

    def thematique_labels(self) -> list[str]:
        return [vocab.label(vocab.Thematique, v) for v in self.thematiques or []]

    def public_labels(self) -> list[str]:
        return [vocab.label(vocab.Public, v) for v in self.publics or []]

    def mode_accueil_labels(self) -> list[str]:
        return [vocab.label(vocab.ModeAccueil, v) for v in self.modes_accueil or []]

    def mode_mobilisation_labels(self) -> list[str]:
        return [vocab.label(vocab.ModeMobilisation, v) for v in self.modes_mobilisation or []]

    def mobilisable_par_labels(self) -> list[str]:
        return [vocab.label(vocab.PersonneMobilisatrice, v) for v in self.mobilisable_par or []]

    def clean(self) -> None:

        errors = service_errors(self)
        if self.visibility not in NETWORK_VISIBILITIES:
            errors.setdefault("visibility", []).append(
                str(_("Un service est public, réservé aux partenaires ou à son organisation."))
            )
        if errors:
            raise ValidationError(errors)


class ServiceFacet(models.Model):
    """One value of a service's lists, in a row of its own so that filters and counts
    use an index instead of reading JSON (which SQLite cannot search)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=16)
    value = models.CharField(max_length=120)

    class Meta:
        verbose_name = _("valeur de filtre")
        verbose_name_plural = _("valeurs de filtre")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "facet", "value"], name="network_facet_unique"
            )
        ]
        indexes = [models.Index(fields=["facet", "value", "service"])]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class ContactPoint(SearchableModel):
    """Whom to contact for a thématique in the territory or one of its quarters."""

    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="contact_points",
    )
    geounit = models.ForeignKey(
        "territories.GeoUnit",
        verbose_name=_("quartier ou secteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_points",
        help_text=_("Vide : tout le territoire."),
    )
    thematique = models.CharField(_("thématique"), max_length=120, db_index=True)
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="contact_points",
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_points",
    )
    function = models.CharField(_("fonction"), max_length=150)
    contact_name = models.CharField(
        _("nom de l’interlocuteur"),
        max_length=150,
        blank=True,
        help_text=_("Facultatif : une fonction suffit souvent et vieillit moins vite."),
    )
    channel = models.CharField(
        _("canal à privilégier"),
        max_length=40,
        choices=vocab.choices(vocab.ModeMobilisation),
        default="telephoner",
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    url = models.URLField(_("lien"), max_length=500, blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    hours = models.CharField(_("horaires"), max_length=255, blank=True)
    notes = models.TextField(_("à savoir"), blank=True)
    checked_on = models.DateField(_("à jour au"))
    visibility = visibility_field(default=Visibility.PARTNERS)

    class Meta:
        verbose_name = _("interlocuteur")
        verbose_name_plural = _("interlocuteurs")
        ordering = ["thematique", "function"]
        indexes = [models.Index(fields=["territory", "thematique"])]

    def __str__(self) -> str:
        return f"{self.function} — {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse(
            "network:contact_point", kwargs={"territory_slug": self.territory.slug, "pk": self.pk}
        )

    @property
    def thematique_label(self) -> str:
        return vocab.topic_full_label(self.thematique)

    def search_parts(self) -> tuple[str, str]:
        org = self.organisation
        return (
            f"{self.function} {self.contact_name}",
            " ".join(
                filter(
                    None,
                    [
                        org.name,
                        org.acronym,
                        vocab.topic_label(self.thematique),
                        vocab.label(vocab.Categorie, vocab.category_of(self.thematique)),
                        self.service.name if self.service_id and self.service else "",
                        self.notes,
                    ],
                )
            ),
        )

    def clean(self) -> None:

        errors: dict[str, list[str]] = {}
        if not vocab.is_topic(self.thematique):
            errors["thematique"] = [str(_("Thématique inconnue : « %s ».") % self.thematique)]
        if self.phone:
            try:
                validate_phone(self.phone)
            except ValidationError as exc:
                errors["phone"] = exc.messages
        if not (self.phone or self.email or self.url or self.address):
            errors.setdefault("phone", []).append(
                str(
                    _(
                        "Indiquez au moins un moyen de contact : téléphone, courriel, lien ou adresse."
                    )
                )
            )
        if self.geounit is not None and self.geounit.territory_id != self.territory_id:
            errors["geounit"] = [str(_("Ce quartier n’appartient pas au territoire."))]
        if self.service is not None and self.service.territory_id != self.territory_id:
            errors["service"] = [str(_("Ce service n’appartient pas au territoire."))]
        if self.visibility not in NETWORK_VISIBILITIES:
            errors["visibility"] = [str(_("Visibilité non prévue pour un interlocuteur."))]
        if self.checked_on and self.checked_on > timezone.localdate():
            errors["checked_on"] = [str(_("La date ne peut pas être dans le futur."))]
        if errors:
            raise ValidationError(errors)


class Procedure(SearchableModel):
    """A step-by-step fiche: « Demander une aide au maintien dans le logement »."""

    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="procedures",
    )
    title = models.CharField(_("intitulé"), max_length=200)
    summary = models.TextField(_("en bref"))
    thematique = models.CharField(_("thématique"), max_length=120, db_index=True)
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation référente"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procedures",
        help_text=_("Ses membres tiennent la fiche à jour avec la coordination."),
    )
    documents = models.TextField(
        _("pièces à fournir"), blank=True, help_text=_("Une pièce par ligne.")
    )
    delays = models.CharField(_("délais"), max_length=255, blank=True)
    services = models.ManyToManyField(
        Service, verbose_name=_("services liés"), blank=True, related_name="procedures"
    )
    contact_points = models.ManyToManyField(
        ContactPoint, verbose_name=_("interlocuteurs"), blank=True, related_name="procedures"
    )
    checked_on = models.DateField(_("à jour au"))
    visibility = visibility_field(default=Visibility.PARTNERS)

    class Meta:
        verbose_name = _("démarche")
        verbose_name_plural = _("démarches")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "network:procedure", kwargs={"territory_slug": self.territory.slug, "pk": self.pk}
        )

    @property
    def thematique_label(self) -> str:
        return vocab.topic_full_label(self.thematique)

    @property
    def document_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.documents.splitlines() if line.strip()]

    def search_parts(self) -> tuple[str, str]:
        steps = " ".join(
            f"{s.title} {s.description} {s.actor_label}" for s in self._steps_for_search()
        )
        return (
            self.title,
            " ".join(
                filter(
                    None,
                    [
                        self.summary,
                        vocab.topic_label(self.thematique),
                        vocab.label(vocab.Categorie, vocab.category_of(self.thematique)),
                        self.documents,
                        steps,
                    ],
                )
            ),
        )

    def _steps_for_search(self) -> list[ProcedureStep]:
        return list(self.steps.all()) if self.pk else []

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if not vocab.is_topic(self.thematique):
            errors["thematique"] = [str(_("Thématique inconnue : « %s ».") % self.thematique)]
        if self.visibility not in NETWORK_VISIBILITIES:
            errors["visibility"] = [str(_("Visibilité non prévue pour une démarche."))]
        if self.checked_on and self.checked_on > timezone.localdate():
            errors["checked_on"] = [str(_("La date ne peut pas être dans le futur."))]
        if errors:
            raise ValidationError(errors)


class ProcedureStep(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("ordre"))
    title = models.CharField(_("étape"), max_length=200)
    description = models.TextField(_("ce qu’il faut faire"), blank=True)
    actor_label = models.CharField(
        _("qui fait quoi"),
        max_length=150,
        blank=True,
        help_text=_("« La famille », « Le travailleur social »…"),
    )
    actor_organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation qui agit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="procedure_steps",
    )
    documents = models.TextField(_("documents"), blank=True)
    delay = models.CharField(_("délai"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("étape")
        verbose_name_plural = _("étapes")
        ordering = ["procedure", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    @property
    def document_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.documents.splitlines() if line.strip()]


class FreshnessReminder(models.Model):
    """One reminder sent to an organisation about its services to update."""

    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="freshness_reminders"
    )
    organisation = models.ForeignKey(
        "territories.Organisation", on_delete=models.CASCADE, related_name="freshness_reminders"
    )
    sent_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    service_count = models.PositiveIntegerField(_("services à mettre à jour"))
    recipient_count = models.PositiveIntegerField(_("destinataires"))

    class Meta:
        verbose_name = _("relance")
        verbose_name_plural = _("relances")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.sent_at:%d/%m/%Y}"


class ImportBatch(TimeStampedModel):
    """A data·inclusion import: checked in full first, applied all at once afterwards."""

    class State(models.TextChoices):
        """The import-job vocabulary shared with programme.ImportBatch and
        observatory.ImportJob (docs/architecture.md, "Import jobs")."""

        VALIDATING = "validating", _("Vérification en cours")
        INVALID = "invalid", _("Erreurs à corriger")
        PREVIEWED = "previewed", _("Prêt à importer")
        RUNNING = "running", _("Import en cours")
        DONE = "done", _("Importé")
        FAILED = "failed", _("Échec")

    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="network_imports",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    structures_file = models.FileField(
        _("fichier des structures"), upload_to=RandomName("network/imports"), blank=True
    )
    services_file = models.FileField(
        _("fichier des services"), upload_to=RandomName("network/imports"), blank=True
    )
    structures_name = models.CharField(max_length=255, blank=True)
    services_name = models.CharField(max_length=255, blank=True)
    visibility = models.CharField(
        _("visibilité des services importés"),
        max_length=16,
        choices=[(v, v.label) for v in NETWORK_VISIBILITIES],
        default=Visibility.PUBLIC,
    )
    state = models.CharField(
        _("état"), max_length=16, choices=State.choices, default=State.VALIDATING
    )
    errors = models.JSONField(_("erreurs"), default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    summary = models.JSONField(_("résumé"), default=dict, blank=True)
    duplicates = models.JSONField(_("doublons"), default=list, blank=True)
    decisions = models.JSONField(_("choix de fusion"), default=dict, blank=True)
    failure = models.TextField(blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import data·inclusion")
        verbose_name_plural = _("imports data·inclusion")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        names = ", ".join(filter(None, [self.structures_name, self.services_name]))
        return f"Import {self.pk} ({names})"

    def get_absolute_url(self) -> str:
        return reverse(
            "network:import_detail", kwargs={"territory_slug": self.territory.slug, "pk": self.pk}
        )

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.VALIDATING, self.State.RUNNING)
