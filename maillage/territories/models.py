from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.files import public_storage
from maillage.core.models import TimeStampedModel, visibility_field
from maillage.core.roles import Role, Visibility
from maillage.core.sharing import clean_levels
from maillage.core.text import fold
from maillage.core.theme import normalise_colour, validate_primary_colour
from maillage.territories.kinds import kind_label, organisation_kinds
from maillage.territories.validators import (
    normalise_siret,
    validate_commune_code,
    validate_departement_code,
    validate_epci_code,
    validate_iris_code,
    validate_logo,
    validate_qpv_code,
    validate_siret,
)


def _check_new_logo(logo: Any, errors: dict[str, str]) -> None:
    """A new upload, whichever way it came (form, service, admin): checked before anything
    is stored."""
    if logo and not getattr(logo, "_committed", True):
        try:
            validate_logo(logo.file)
        except ValidationError as exc:
            errors["logo"] = exc.messages[0]


class Territory(TimeStampedModel):
    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        EPCI = "epci", _("EPCI / établissement public territorial")
        DEPARTEMENT = "departement", _("Département")

    name = models.CharField(_("nom"), max_length=150)
    slug = models.SlugField(_("identifiant d’adresse"), max_length=80, unique=True)
    insee_code = models.CharField(
        _("code INSEE"),
        max_length=9,
        unique=True,
        help_text=_("Code officiel géographique : 93014 pour une commune, 93 pour un département."),
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("territoire parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField(_("présentation"), blank=True)
    # Where a commune created from the code officiel géographique (territories/cog.py)
    # belongs beyond its département, and which vintage of the COG it was read from.
    epci_siren = models.CharField(
        _("SIREN de l’EPCI"), max_length=9, blank=True, validators=[validate_epci_code]
    )
    epci_name = models.CharField(_("EPCI"), max_length=150, blank=True)
    cog_vintage = models.PositiveSmallIntegerField(
        _("millésime du COG"),
        null=True,
        blank=True,
        help_text=_("L’année du code officiel géographique d’où le territoire a été créé."),
    )
    visibility = visibility_field()
    # The territory's own identity in the collectivite theme (core/theme.py): its logo in
    # the header and PDFs, its colour on buttons and links.
    logo = models.ImageField(
        _("logo"), upload_to="logos/territoires/%Y/", storage=public_storage, blank=True
    )
    # What this commune shares with the levels above it, per capability ({capability:
    # level}, core/sharing.py); a missing capability is shared as aggregates.
    department_sharing = models.JSONField(
        _("partage avec le Département"), default=dict, blank=True
    )
    primary_color = models.CharField(
        _("couleur principale"),
        max_length=7,
        blank=True,
        validators=[validate_primary_colour],
        help_text=_(
            "Au format #rrggbb. Un texte blanc doit rester lisible dessus (contraste d’au "
            "moins 4,5:1) ; les teintes de survol sont calculées."
        ),
    )

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("territories:home", kwargs={"territory_slug": self.slug})

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.primary_color:
            self.primary_color = normalise_colour(self.primary_color)
        _check_new_logo(self.logo, errors)
        code_validators: dict[str, Callable[[str], None]] = {
            self.Kind.COMMUNE: validate_commune_code,
            self.Kind.EPCI: validate_epci_code,
            self.Kind.DEPARTEMENT: validate_departement_code,
        }
        code_validator = code_validators.get(self.kind)
        if code_validator is not None and self.insee_code:
            try:
                code_validator(self.insee_code)
            except ValidationError as exc:
                errors["insee_code"] = exc.messages[0]
        if self.visibility not in (Visibility.PUBLIC, Visibility.PARTNERS):
            errors["visibility"] = str(_("Un territoire est public ou réservé aux partenaires."))
        if not isinstance(self.department_sharing, dict):
            errors["department_sharing"] = str(_("Le partage se règle capacité par capacité."))
        else:
            try:
                clean_levels(self.department_sharing)
            except ValueError as exc:
                errors["department_sharing"] = str(exc)
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                errors["parent"] = str(_("Un territoire ne peut pas être son propre ancêtre."))
                break
            ancestor = ancestor.parent
        if errors:
            raise ValidationError(errors)


class GeoUnit(TimeStampedModel):
    """A piece of the territory that figures and actions refer to."""

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        IRIS = "iris", _("IRIS")
        QPV = "qpv", _("Quartier prioritaire (QPV)")
        QUARTIER = "quartier", _("Quartier")

    territory = models.ForeignKey(
        Territory, verbose_name=_("territoire"), on_delete=models.CASCADE, related_name="geounits"
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("nom"), max_length=150)
    geometry = models.JSONField(
        _("contour (GeoJSON)"), null=True, blank=True, help_text=_("Géométrie GeoJSON en WGS84.")
    )

    class Meta:
        verbose_name = _("unité géographique")
        verbose_name_plural = _("unités géographiques")
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "kind", "code"],
                name="geounit_unique_code",
                violation_error_message=_("Ce code existe déjà pour ce territoire."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        code_validators: dict[str, Callable[[str], None]] = {
            self.Kind.COMMUNE: validate_commune_code,
            self.Kind.IRIS: validate_iris_code,
            self.Kind.QPV: validate_qpv_code,
        }
        code_validator = code_validators.get(self.kind)
        if code_validator is not None:
            try:
                code_validator(self.code)
            except ValidationError as exc:
                errors["code"] = exc.messages[0]
        if self.geometry is not None and not (
            isinstance(self.geometry, dict) and self.geometry.get("type") in GEOJSON_TYPES
        ):
            errors["geometry"] = str(_("Le contour doit être une géométrie GeoJSON."))
        if errors:
            raise ValidationError(errors)


GEOJSON_TYPES = {"Polygon", "MultiPolygon", "Feature", "Point", "MultiPoint"}


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def partners_of(self, territory: Territory) -> OrganisationQuerySet:
        return self.filter(partnerships__territory=territory)

    def search(self, text: str) -> OrganisationQuerySet:
        words = fold(text).split()
        qs = self
        for word in words:
            qs = qs.filter(search_text__contains=word)
        return qs


class Organisation(TimeStampedModel):
    name = models.CharField(_("nom"), max_length=200)
    acronym = models.CharField(_("sigle"), max_length=40, blank=True)
    kind = models.CharField(
        _("type"),
        max_length=64,
        help_text=_("Réseau porteur data·inclusion ou type de service municipal."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("organisation de rattachement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    description = models.TextField(_("présentation"), blank=True)
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postal_code = models.CharField(_("code postal"), max_length=5, blank=True)
    city = models.CharField(_("commune"), max_length=100, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    # The one public upload: shown on public pages, so served by path (/media/logos/…).
    logo = models.ImageField(_("logo"), upload_to="logos/%Y/", storage=public_storage, blank=True)
    # Co-branded communication shows a logo only with the organisation's consent, until
    # the date it gave (docs/community.md).
    logo_consent = models.BooleanField(
        _("accord d’usage du logo"),
        default=False,
        help_text=_("L’organisation autorise l’usage de son logo sur les communications communes."),
    )
    logo_consent_until = models.DateField(
        _("accord valable jusqu’au"),
        null=True,
        blank=True,
        help_text=_("Laisser vide pour un accord sans date de fin."),
    )
    territories = models.ManyToManyField(
        Territory,
        through="Partnership",
        verbose_name=_("territoires partenaires"),
        related_name="organisations",
    )
    visibility = visibility_field()
    search_text = models.TextField(editable=False, blank=True, db_index=False)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["siret"],
                condition=~Q(siret=""),
                name="organisation_unique_siret",
                violation_error_code="siret_taken",
                violation_error_message=_("Une organisation avec ce SIRET existe déjà."),
            )
        ]
        # The partners page's order: a territory with thousands of partners reads its
        # first page by walking this index, not by sorting them all (bench/README.md).
        indexes = [models.Index(fields=["search_text", "id"], name="organisation_order_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def clean_fields(self, exclude: Any = None) -> None:
        # "443 061 841 00047" is how people copy a SIRET: spaces go before the length check.
        self.siret = normalise_siret(self.siret)
        super().clean_fields(exclude)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind not in dict(organisation_kinds()):
            errors["kind"] = str(_("Ce type d’organisation n’existe pas."))
        if self.siret:
            try:
                validate_siret(self.siret)
            except ValidationError as exc:
                errors["siret"] = exc.messages[0]
        if self.visibility not in (Visibility.PUBLIC, Visibility.PARTNERS):
            errors["visibility"] = str(
                _("Une organisation est visible de tous ou des partenaires seulement.")
            )
        _check_new_logo(self.logo, errors)
        ancestor = self.parent
        seen = 0
        while ancestor is not None and seen < 20:
            if self.pk is not None and ancestor.pk == self.pk:
                errors["parent"] = str(_("Une organisation ne peut pas se rattacher à elle-même."))
                break
            ancestor = ancestor.parent
            seen += 1
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        self.search_text = fold(" ".join(filter(None, [self.name, self.acronym, self.city])))
        super().save(*args, **kwargs)


class Partnership(TimeStampedModel):
    """An organisation is a partner of a territory's PST."""

    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="partnerships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="partnerships",
    )
    since = models.DateField(_("partenaire depuis"), null=True, blank=True)

    class Meta:
        verbose_name = _("partenariat")
        verbose_name_plural = _("partenariats")
        # The latest partners of a territory (its public home): read backwards from the
        # newest, stopping at the few shown, not sorting thousands (bench/README.md).
        indexes = [models.Index(fields=["territory", "-created_at"], name="partnership_recent")]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "organisation"],
                name="partnership_unique",
                violation_error_message=_(
                    "Cette organisation est déjà partenaire de ce territoire."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.territory}"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        today = timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today), user__is_active=True)


class Membership(TimeStampedModel):
    """A user holds a role in a territory, on behalf of an organisation (residents and
    some elected officials hold theirs without one)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices)
    job_title = models.CharField(_("fonction"), max_length=150, blank=True)
    ended_on = models.DateField(_("fin"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("appartenance")
        verbose_name_plural = _("appartenances")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "territory", "organisation", "role"],
                condition=Q(organisation__isnull=False),
                name="membership_unique_with_organisation",
                violation_error_message=_("Cette personne a déjà ce rôle dans cette organisation."),
            ),
            models.UniqueConstraint(
                fields=["user", "territory", "role"],
                condition=Q(organisation__isnull=True),
                name="membership_unique_without_organisation",
                violation_error_message=_("Cette personne a déjà ce rôle dans ce territoire."),
            ),
        ]
        indexes = [models.Index(fields=["territory", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.territory}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.role in (Role.COORDINATOR, Role.PARTNER) and self.organisation_id is None:
            errors["organisation"] = str(
                _(
                    "Une personne de la coordination ou d’un partenaire appartient à une organisation."
                )
            )
        if self.role == Role.RESIDENT and self.organisation_id is not None:
            errors["organisation"] = str(_("Un habitant n’appartient à aucune organisation."))
        if (
            self.organisation_id is not None
            and self.territory_id is not None
            and not Partnership.objects.filter(
                territory_id=self.territory_id, organisation_id=self.organisation_id
            ).exists()
        ):
            errors["organisation"] = str(
                _("Cette organisation n’est pas partenaire de ce territoire.")
            )
        if errors:
            raise ValidationError(errors)
