"""Territories, organisations and the current user, under the same rules as the pages."""

import json
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import EmailStr, HttpUrl

from maillage.api.auth import READ_AUTH, WRITE_AUTH
from maillage.api.pagination import Rows, paginated
from maillage.api.schemas import ERRORS, MAX_ID, READ_ERRORS
from maillage.core import access
from maillage.core.access import PLATFORM
from maillage.core.http_api import require_api
from maillage.core.roles import Role, Visibility
from maillage.territories import cog, selectors, services, setup
from maillage.territories.kinds import organisation_kinds
from maillage.territories.models import GeoUnit, Organisation, Territory

KINDS = [value for value, _label in organisation_kinds()]
VISIBILITIES = [Visibility.PUBLIC.value, Visibility.PARTNERS.value]


def _enum(values: Any) -> Any:
    """An OpenAPI enumeration for a string field that the model itself validates, so that a
    wrong value is answered in the model's own French words."""
    return {"enum": list(values)}


router = Router(tags=["Territoires et partenaires"])


class TerritoryOut(Schema):
    id: int
    slug: str
    name: str
    insee_code: str
    kind: str = Field(..., json_schema_extra=_enum([k.value for k in Territory.Kind]))
    parent: str | None = Field(None, description="Identifiant d’adresse (slug) du parent")
    description: str

    @staticmethod
    def resolve_parent(obj: Territory) -> str | None:
        return obj.parent.slug if obj.parent is not None else None


class GeoUnitOut(Schema):
    id: int
    kind: str
    code: str
    name: str
    has_geometry: bool

    @staticmethod
    def resolve_has_geometry(obj: Any) -> bool:
        return obj.geometry is not None


class OrganisationOut(Schema):
    id: int
    name: str
    acronym: str
    kind: str
    kind_label: str
    parent_id: int | None
    siret: str
    description: str
    address: str
    postal_code: str
    city: str
    phone: str
    email: str
    website: str
    logo_url: str | None
    visibility: str = Field(..., json_schema_extra=_enum(VISIBILITIES))
    updated_at: datetime

    @staticmethod
    def resolve_logo_url(obj: Organisation) -> str | None:
        return obj.logo.url if obj.logo else None


_KIND_HELP = "Réseau porteur data·inclusion ou type local (voir l’énumération)"
_SIRET_HELP = "14 chiffres, clé de contrôle vérifiée (espaces acceptés)"


class OrganisationIn(Schema):
    name: str = Field(..., min_length=2, max_length=200)
    acronym: str = Field("", max_length=40)
    kind: str = Field(..., description=_KIND_HELP, json_schema_extra=_enum(KINDS))
    parent_id: int | None = Field(None, ge=1, le=MAX_ID)
    siret: str = Field("", max_length=20, description=_SIRET_HELP)
    description: str = Field("", max_length=5000)
    address: str = Field("", max_length=255)
    postal_code: str = Field("", max_length=5)
    city: str = Field("", max_length=100)
    phone: str = Field("", max_length=30)
    email: EmailStr | None = None
    website: HttpUrl | None = None
    visibility: str = Field("public", json_schema_extra=_enum(VISIBILITIES))


class OrganisationPatch(Schema):
    """Only the fields sent change; ``null`` empties an optional field."""

    name: str | None = Field(None, min_length=2, max_length=200)
    acronym: str | None = Field(None, max_length=40)
    kind: str | None = Field(None, description=_KIND_HELP, json_schema_extra=_enum(KINDS))
    parent_id: int | None = Field(None, ge=1, le=MAX_ID)
    siret: str | None = Field(None, max_length=20, description=_SIRET_HELP)
    description: str | None = Field(None, max_length=5000)
    address: str | None = Field(None, max_length=255)
    postal_code: str | None = Field(None, max_length=5)
    city: str | None = Field(None, max_length=100)
    phone: str | None = Field(None, max_length=30)
    email: EmailStr | None = None
    website: HttpUrl | None = None
    visibility: str | None = Field(None, json_schema_extra=_enum(VISIBILITIES))


class MemberOut(Schema):
    name: str
    job_title: str
    role: str = Field(..., json_schema_extra=_enum([r.value for r in Role]))
    territory: str
    email: str | None = Field(None, description="Réservé aux partenaires du territoire")
    phone: str | None = Field(None, description="Réservé aux partenaires du territoire")


class MembershipOut(Schema):
    territory: str
    territory_name: str
    role: str = Field(..., json_schema_extra=_enum([r.value for r in Role]))
    organisation_id: int | None
    organisation_name: str | None
    job_title: str


class MeOut(Schema):
    authenticated: bool
    email: str | None = None
    full_name: str | None = None
    is_admin: bool = False
    memberships: list[MembershipOut] = []


class PartnerFilters(Schema):
    kind: str = Field("", max_length=64, description="Type d’organisation")
    q: str = Field("", max_length=100, description="Recherche dans le nom, le sigle, la commune")


Slug = Path(..., max_length=80, description="Identifiant d’adresse du territoire")
OrgId = Path(..., ge=1, le=MAX_ID, description="Identifiant de l’organisation")


@router.get("/territories", response={200: list[TerritoryOut], **READ_ERRORS}, auth=READ_AUTH)
@paginated()
def list_territories(request: HttpRequest) -> Any:
    return selectors.visible_territories(request.user).select_related("parent").order_by("name")


@router.get("/territories/{slug}", response={200: TerritoryOut, **READ_ERRORS}, auth=READ_AUTH)
def get_territory(request: HttpRequest, slug: str = Slug) -> Any:
    return selectors.territory_or_404(request.user, slug)


@router.get(
    "/territories/{slug}/geounits", response={200: list[GeoUnitOut], **READ_ERRORS}, auth=READ_AUTH
)
@paginated()
def list_geounits(request: HttpRequest, slug: str = Slug) -> Any:
    territory = selectors.territory_or_404(request.user, slug)
    return territory.geounits.order_by("kind", "code")


@router.get(
    "/territories/{slug}/organisations",
    response={200: list[OrganisationOut], **READ_ERRORS},
    auth=READ_AUTH,
)
@paginated()
def list_organisations(
    request: HttpRequest, filters: Query[PartnerFilters], slug: str = Slug
) -> Any:
    territory = selectors.territory_or_404(request.user, slug)
    return selectors.partners(request.user, territory, kind=filters.kind, text=filters.q)


@router.post(
    "/territories/{slug}/organisations",
    response={201: OrganisationOut, **ERRORS},
    auth=WRITE_AUTH,
)
def create_organisation(request: HttpRequest, payload: OrganisationIn, slug: str = Slug) -> Any:
    territory = selectors.territory_or_404(request.user, slug)
    require_api(request, "add_organisation", territory)
    fields = _organisation_fields(payload.dict(), territory)
    organisation = services.create_organisation(actor=request.user, territory=territory, **fields)
    return Status(201, organisation)


@router.get(
    "/territories/{slug}/organisations/{org_id}",
    response={200: OrganisationOut, **READ_ERRORS},
    auth=READ_AUTH,
)
def get_organisation(request: HttpRequest, slug: str = Slug, org_id: int = OrgId) -> Any:
    territory = selectors.territory_or_404(request.user, slug)
    return selectors.organisation_or_404(request.user, territory, org_id)


@router.patch(
    "/territories/{slug}/organisations/{org_id}",
    response={200: OrganisationOut, **ERRORS},
    auth=WRITE_AUTH,
)
def update_organisation(
    request: HttpRequest, payload: OrganisationPatch, slug: str = Slug, org_id: int = OrgId
) -> Any:
    territory = selectors.territory_or_404(request.user, slug)
    organisation = selectors.organisation_or_404(request.user, territory, org_id)
    require_api(request, "change", organisation)
    fields = _organisation_fields(payload.dict(exclude_unset=True), territory)
    return services.update_organisation(
        actor=request.user, organisation=organisation, territory=territory, **fields
    )


@router.get(
    "/territories/{slug}/organisations/{org_id}/members",
    response={200: list[MemberOut], **READ_ERRORS},
    auth=READ_AUTH,
)
@paginated()
def list_members(request: HttpRequest, slug: str = Slug, org_id: int = OrgId) -> Any:
    territory = selectors.territory_or_404(request.user, slug)
    organisation = selectors.organisation_or_404(request.user, territory, org_id)
    contacts = access.can(request.user, "view_contacts", organisation)
    return Rows(
        selectors.organisation_members(request.user, organisation),
        lambda m: {
            "name": m.user.full_name,
            "job_title": m.job_title,
            "role": m.role,
            "territory": m.territory.slug,
            "email": m.user.email if contacts else None,
            "phone": m.user.phone if contacts else None,
        },
    )


@router.get("/me", response={200: MeOut, **READ_ERRORS}, auth=READ_AUTH)
def me(request: HttpRequest) -> Any:
    user = request.user
    if not user.is_authenticated:
        return {"authenticated": False}
    return {
        "authenticated": True,
        "email": user.email,
        "full_name": user.full_name,
        "is_admin": user.is_superuser,
        "memberships": [
            {
                "territory": m.territory.slug,
                "territory_name": m.territory.name,
                "role": m.role,
                "organisation_id": m.organisation_id,
                "organisation_name": m.organisation.name if m.organisation else None,
                "job_title": m.job_title,
            }
            for m in selectors.memberships_of(user)
        ],
    }


# Fields a PATCH may set to null to empty them; the others keep their value when null.
_CLEARABLE = {"acronym", "siret", "description", "address", "postal_code", "city", "phone"}


def _organisation_fields(data: dict[str, Any], territory: Territory) -> dict[str, Any]:
    """Turn API input into service arguments; a parent must be a partner of the same
    territory, or the request is refused like any other invalid field."""
    fields = dict(data)
    if "parent_id" in fields:
        parent_id = fields.pop("parent_id")
        if parent_id is None:
            fields["parent"] = None
        else:
            parent = Organisation.objects.partners_of(territory).filter(pk=parent_id).first()
            if parent is None:
                raise ValidationError(
                    {"parent_id": _("Cette organisation n’est pas partenaire de ce territoire.")}
                )
            fields["parent"] = parent
    for key in ("email", "website"):
        if key in fields:
            fields[key] = str(fields[key]) if fields[key] is not None else ""
    for key, value in list(fields.items()):
        if value is None and key != "parent":
            if key in _CLEARABLE:
                fields[key] = ""
            else:
                fields.pop(key)
    return fields


class ContoursIn(Schema):
    kind: str = Field(..., json_schema_extra=_enum(GeoUnit.Kind.values))
    code_property: str = Field("", max_length=64, description="Propriété portant le code")
    name_property: str = Field("", max_length=64, description="Propriété portant le nom")
    create_missing: bool = False
    geojson: dict[str, Any] = Field(..., description="FeatureCollection GeoJSON en WGS84")


class ContoursImportOut(Schema):
    code_property: str
    updated: int
    created: int


@router.post(
    "/territories/{slug}/geounits/contours",
    response={200: ContoursImportOut, **ERRORS},
    auth=WRITE_AUTH,
    url_name="territory_contours",
)
def import_contours(request: HttpRequest, payload: ContoursIn, slug: str = Slug) -> Any:
    """Set the contours of the territory's units of one kind from a GeoJSON
    FeatureCollection: all or nothing, each error naming its feature."""
    territory = selectors.territory_or_404(request.user, slug)
    require_api(request, "manage", territory)
    result = services.import_contours(
        actor=request.user,
        territory=territory,
        kind=payload.kind,
        data=json.dumps(payload.geojson).encode(),
        code_property=payload.code_property,
        name_property=payload.name_property,
        create_missing=payload.create_missing,
    )
    return {
        "code_property": result.code_property,
        "updated": result.updated,
        "created": result.created,
    }


# --------------------------------------------------------------------------- new territory
# A commune created from its INSEE code by a platform admin, the COG read first
# (territories/cog.py, territories/setup.py; docs/departments.md, "Nouveau territoire").

InseeCode = Path(..., max_length=10, description="Code INSEE de la commune, par exemple 93014")


class CogCommuneOut(Schema):
    code: str
    name: str
    departement_code: str
    departement_name: str
    epci_siren: str
    epci_name: str
    population: int
    vintage: int
    existing_territory: str | None = Field(
        None, description="Identifiant d’adresse du territoire, s’il existe déjà"
    )


class NewTerritoryIn(Schema):
    code: str = Field(..., max_length=10, description="Code INSEE de la commune")
    slug: str = Field("", max_length=80, description="Laisser vide pour le former du nom")
    visibility: str = Field(Visibility.PUBLIC.value, json_schema_extra=_enum(VISIBILITIES))


class NewTerritoryOut(Schema):
    id: int
    slug: str
    name: str
    insee_code: str
    parent: str | None
    epci_siren: str
    epci_name: str
    cog_vintage: int | None
    town_organisation_id: int | None

    @staticmethod
    def resolve_parent(obj: Territory) -> str | None:
        return obj.parent.slug if obj.parent is not None else None

    @staticmethod
    def resolve_town_organisation_id(obj: Territory) -> int | None:
        town = setup.town_organisation(obj)
        return town.pk if town is not None else None


@router.get("/cog/communes/{code}", response={200: CogCommuneOut, **READ_ERRORS}, auth=READ_AUTH)
def cog_commune(request: HttpRequest, code: str = InseeCode) -> Any:
    require_api(request, "administer", PLATFORM)
    try:
        commune = cog.lookup(code)
    except cog.CogError as exc:
        raise ValidationError({"code": str(exc)}) from exc
    existing = Territory.objects.filter(insee_code=commune.code).values_list("slug", flat=True)
    return {**commune.__dict__, "existing_territory": next(iter(existing), None)}


@router.post("/territories", response={201: NewTerritoryOut, **ERRORS}, auth=WRITE_AUTH)
def create_territory_from_cog(request: HttpRequest, payload: NewTerritoryIn) -> Any:
    require_api(request, "administer", PLATFORM)
    territory = setup.create_commune_from_cog(
        request.user, payload.code, slug=payload.slug or None, visibility=payload.visibility
    )
    return Status(201, territory)
