"""The réseau's API: the data·inclusion feeds of a territory, the search, and services.

Feeds: ``GET /api/v1/data-inclusion/structures`` and ``…/services`` answer the
territory's *public* structures and services in data·inclusion v1, whoever calls: they
are the territory's open data. The territory is chosen with the ``territory`` query
parameter (its address slug, or its INSEE code). The answer is a page like every list of
the API, ``{"items": [...], "count"}`` (``page``, ``page_size`` up to 1,000).

Names: the data·inclusion records and the service fields keep the schema's French names;
everything else is in English (docs/architecture.md, "The API")."""

from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import RootModel

from maillage.api.auth import READ_AUTH, WRITE_AUTH
from maillage.api.pagination import MAX_PAGE_SIZE, Rows, page_input, paginated
from maillage.api.schemas import ERRORS, READ_ERRORS
from maillage.core import access
from maillage.core.http_api import require_api
from maillage.network import mapping, selectors, services
from maillage.network.models import Service
from maillage.territories.models import GeoUnit, Organisation, Territory
from maillage.territories.selectors import territory_or_404

router = Router(tags=["Réseau et data·inclusion"])

# A feed is read whole by another platform: larger pages than the other lists.
FEED_PAGE = {"page_size": 500, "max_page_size": 1000}
SEARCH_PAGE = page_input(selectors.PER_PAGE, MAX_PAGE_SIZE)


class DataInclusionStructure(RootModel[dict[str, Any]]):
    """A structure in data·inclusion v1: the schema's fields, names and vocabularies."""


class DataInclusionService(RootModel[dict[str, Any]]):
    """A service in data·inclusion v1: the schema's fields, names and vocabularies."""


class FeedQuery(Schema):
    territory: str = Field(
        ..., min_length=2, max_length=80, description="Slug ou code INSEE du territoire"
    )


def _feed_territory(request: HttpRequest, key: str) -> Territory:
    found = (
        Territory.objects.filter(slug=key).first()
        or Territory.objects.filter(insee_code=key).first()
    )
    if found is None:
        raise Http404
    return territory_or_404(request.user, found.slug)


@router.get(
    "/data-inclusion/structures",
    response={200: list[DataInclusionStructure], **READ_ERRORS},
    auth=READ_AUTH,
)
@paginated(**FEED_PAGE)
def di_structures(request: HttpRequest, query: Query[FeedQuery]) -> Any:
    territory = _feed_territory(request, query.territory)
    return Rows(
        selectors.exported_structures(AnonymousUser(), territory),
        lambda o: mapping.structure_to_di(
            o, getattr(o, "structure_profile", None) if _has_profile(o) else None
        ),
    )


@router.get(
    "/data-inclusion/services",
    response={200: list[DataInclusionService], **READ_ERRORS},
    auth=READ_AUTH,
)
@paginated(**FEED_PAGE)
def di_services(request: HttpRequest, query: Query[FeedQuery]) -> Any:
    territory = _feed_territory(request, query.territory)
    return Rows(
        selectors.exported_services(AnonymousUser(), territory),
        lambda s: mapping.service_to_di(s, structure_id=mapping.structure_id_of(s.organisation)),
    )


def _has_profile(organisation: Organisation) -> bool:
    try:
        return organisation.structure_profile is not None
    except Exception:  # RelatedObjectDoesNotExist
        return False


# --------------------------------------------------------------------------- search


class SearchQuery(SEARCH_PAGE):  # type: ignore[misc,valid-type]
    """The filters on a service's data·inclusion fields keep those fields' names."""

    q: str = Field("", max_length=200)
    thematique: str = Field("", max_length=120)
    public: str = Field("", max_length=60)
    mode_accueil: str = Field("", max_length=40)
    frais: str = Field("", max_length=20)
    place: int | None = None


class ServiceHit(Schema):
    id: int
    nom: str
    structure: str
    thematiques: list[str] | None
    commune: str
    date_maj: date
    freshness: str
    visibility: str
    rank: float | None = None


class ContactHit(Schema):
    id: int
    theme: str = Field(..., description="Thématique data·inclusion")
    function: str
    organisation: str
    phone: str
    email: str
    hours: str
    checked_on: date


class ProcedureHit(Schema):
    id: int
    title: str
    theme: str = Field(..., description="Thématique data·inclusion")
    checked_on: date


class SearchOut(Schema):
    services: list[ServiceHit]
    services_total: int
    contact_points: list[ContactHit]
    contact_points_total: int
    procedures: list[ProcedureHit]
    procedures_total: int
    broadened: bool


@router.get(
    "/territories/{slug}/network/search", response={200: SearchOut, **READ_ERRORS}, auth=READ_AUTH
)
def network_search(request: HttpRequest, slug: str, query: Query[SearchQuery]) -> Any:
    territory = territory_or_404(request.user, slug)
    place = None
    if query.place is not None:
        place = GeoUnit.objects.filter(territory=territory, pk=query.place).first()
        if place is None:
            raise ValidationError({"place": "Ce lieu n’appartient pas au territoire."})
    filters = selectors.Filters(
        q=query.q,
        thematique=query.thematique,
        public=query.public,
        mode_accueil=query.mode_accueil,
        frais=query.frais,
        place=place,
    )
    results = selectors.search_network(
        request.user, territory, filters, page=query.page, per_page=query.page_size
    )
    rules = results.rules
    assert rules is not None
    return {
        "services": [
            {
                "id": s.pk,
                "nom": s.name,
                "structure": s.organisation.name,
                "thematiques": s.thematiques,
                "commune": s.commune,
                "date_maj": s.date_maj,
                "freshness": rules.freshness(s.date_maj),
                "visibility": s.visibility,
                "rank": getattr(s, "search_rank", None),
            }
            for s in results.services.object_list
        ],
        "services_total": results.service_count,
        "contact_points": [_contact_point(c) for c in results.contact_points],
        "contact_points_total": results.contact_count,
        "procedures": [
            {"id": p.pk, "title": p.title, "theme": p.thematique, "checked_on": p.checked_on}
            for p in results.procedures
        ],
        "procedures_total": results.procedure_count,
        "broadened": results.broadened,
    }


def _contact_point(c: Any) -> dict[str, Any]:
    return {
        "id": c.pk,
        "theme": c.thematique,
        "function": c.function,
        "organisation": c.organisation.name,
        "phone": c.phone,
        "email": c.email,
        "hours": c.hours,
        "checked_on": c.checked_on,
    }


# --------------------------------------------------------------------------- services


class ServiceOut(Schema):
    maillage_id: int
    visibility: str
    freshness: str
    data_inclusion: dict[str, Any]


class ServiceIn(Schema):
    """A service in data·inclusion terms; ``structure`` is the Maillage organisation id."""

    structure: int
    nom: str = Field(..., max_length=150)
    description: str
    visibility: str = Field("public", pattern="^(public|partners|members)$")
    type: str | None = None
    thematiques: list[str] | None = None
    frais: str | None = None
    frais_precisions: str | None = None
    publics: list[str] | None = None
    publics_precisions: str | None = None
    conditions_acces: str | None = None
    commune: str | None = None
    code_postal: str | None = None
    code_insee: str | None = None
    adresse: str | None = None
    complement_adresse: str | None = None
    longitude: float | None = None
    latitude: float | None = None
    telephone: str | None = None
    courriel: str | None = None
    modes_accueil: list[str] | None = None
    zone_eligibilite: list[str] | None = None
    contact_nom_prenom: str | None = None
    lien_mobilisation: str | None = None
    modes_mobilisation: list[str] | None = None
    mobilisable_par: list[str] | None = None
    mobilisation_precisions: str | None = None
    volume_horaire_hebdomadaire: float | None = None
    nombre_semaines: int | None = None
    horaires_accueil: str | None = None
    lien_source: str | None = None


class ServicePatch(ServiceIn):
    structure: int | None = None  # type: ignore[assignment]
    nom: str | None = Field(None, max_length=150)  # type: ignore[assignment]
    description: str | None = None  # type: ignore[assignment]
    visibility: str | None = Field(None, pattern="^(public|partners|members)$")  # type: ignore[assignment]


NULLABLE = mapping.LIST_FIELDS | mapping.FLOAT_FIELDS | mapping.INT_FIELDS


def _service_out(service: Service) -> dict[str, Any]:
    rules = selectors.rules(service.territory)
    return {
        "maillage_id": service.pk,
        "visibility": service.visibility,
        "freshness": rules.freshness(service.date_maj),
        "data_inclusion": mapping.service_to_di(
            service, structure_id=mapping.structure_id_of(service.organisation)
        ),
    }


def _service_fields(
    request: HttpRequest, territory: Territory, data: dict[str, Any]
) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key, value in data.items():
        if key == "structure":
            organisation = (
                selectors.user_organisations(request.user, territory).filter(pk=value).first()
            )
            if organisation is None:
                raise ValidationError(
                    {"structure": "Vous ne pouvez pas publier pour cette organisation."}
                )
            fields["organisation"] = organisation
        elif key == "nom":
            fields["name"] = value
        elif value is None and key not in NULLABLE:
            fields[key] = ""
        else:
            fields[key] = value
    return fields


@router.get(
    "/territories/{slug}/network/services/{service_id}",
    response={200: ServiceOut, **READ_ERRORS},
    auth=READ_AUTH,
)
def network_get_service(request: HttpRequest, slug: str, service_id: int) -> Any:
    territory = territory_or_404(request.user, slug)
    return _service_out(selectors.service_or_404(request.user, territory, service_id))


@router.post(
    "/territories/{slug}/network/services", response={201: ServiceOut, **ERRORS}, auth=WRITE_AUTH
)
def network_create_service(request: HttpRequest, slug: str, payload: ServiceIn) -> Any:
    territory = territory_or_404(request.user, slug)
    require_api(request, "contribute_network", territory)
    fields = _service_fields(request, territory, payload.dict())
    service = services.create_service(actor=request.user, territory=territory, **fields)
    return Status(201, _service_out(service))


@router.patch(
    "/territories/{slug}/network/services/{service_id}",
    response={200: ServiceOut, **ERRORS},
    auth=WRITE_AUTH,
)
def network_update_service(
    request: HttpRequest, slug: str, service_id: int, payload: ServicePatch
) -> Any:
    territory = territory_or_404(request.user, slug)
    service = selectors.service_or_404(request.user, territory, service_id)
    require_api(request, "change", service)
    fields = _service_fields(request, territory, payload.dict(exclude_unset=True))
    return _service_out(services.update_service(actor=request.user, service=service, **fields))


@router.post(
    "/territories/{slug}/network/services/{service_id}/mark-fresh",
    response={200: ServiceOut, **ERRORS},
    auth=WRITE_AUTH,
)
def network_mark_service_fresh(request: HttpRequest, slug: str, service_id: int) -> Any:
    territory = territory_or_404(request.user, slug)
    service = selectors.service_or_404(request.user, territory, service_id)
    require_api(request, "change", service)
    return _service_out(services.mark_service_fresh(actor=request.user, service=service))


class StepOut(Schema):
    position: int
    title: str
    description: str
    actor: str = Field(..., description="Qui accomplit l’étape")
    organisation: str | None
    documents: list[str]
    delay: str


class ProcedureOut(Schema):
    id: int
    title: str
    summary: str
    theme: str = Field(..., description="Thématique data·inclusion")
    documents: list[str]
    delays: str
    checked_on: date
    steps: list[StepOut]
    services: list[int]
    contact_points: list[int]


@router.get(
    "/territories/{slug}/network/procedures/{procedure_id}",
    response={200: ProcedureOut, **READ_ERRORS},
    auth=READ_AUTH,
)
def network_get_procedure(request: HttpRequest, slug: str, procedure_id: int) -> Any:
    territory = territory_or_404(request.user, slug)
    procedure = selectors.procedure_or_404(request.user, territory, procedure_id)
    linked, contacts = selectors.procedure_links(request.user, procedure)
    return {
        "id": procedure.pk,
        "title": procedure.title,
        "summary": procedure.summary,
        "theme": procedure.thematique,
        "documents": procedure.document_list,
        "delays": procedure.delays,
        "checked_on": procedure.checked_on,
        "steps": [
            {
                "position": s.position,
                "title": s.title,
                "description": s.description,
                "actor": s.actor_label,
                "organisation": s.actor_organisation.name if s.actor_organisation else None,
                "documents": s.document_list,
                "delay": s.delay,
            }
            for s in procedure.steps.all()
        ],
        "services": [s.pk for s in linked],
        "contact_points": [c.pk for c in contacts],
    }


@router.get(
    "/territories/{slug}/network/contact-points/{contact_id}",
    response={200: ContactHit, **READ_ERRORS},
    auth=READ_AUTH,
)
def network_get_contact_point(request: HttpRequest, slug: str, contact_id: int) -> Any:
    territory = territory_or_404(request.user, slug)
    return _contact_point(selectors.contact_point_or_404(request.user, territory, contact_id))


__all__ = ["access", "router"]
