"""The API of the shared library and of the territory's one search.

- ``GET /territories/{slug}/documents``: the documents the caller sees (``q`` searches
  titles, summaries, tags and the text inside the files), paginated;
- ``GET /territories/{slug}/documents/{id}``: one document, its versions and their
  download addresses (the download checks access again);
- ``POST /territories/{slug}/documents`` and ``…/{id}/versions`` (multipart, write scope);
- ``GET /territories/{slug}/search``: the one search's hits, paginated (``kind`` narrows
  to one kind), and ``GET /territories/{slug}/search/facets``: the count per kind — both
  built only from what the caller may see."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile

from maillage.api.auth import READ_AUTH, WRITE_AUTH
from maillage.api.pagination import Rows, paginated
from maillage.api.schemas import ERRORS, MAX_ID, READ_ERRORS
from maillage.community.indexing import BY_KIND
from maillage.community.models import Document, DocumentVersion
from maillage.community.selectors import library as selectors
from maillage.community.selectors import search as search_selectors
from maillage.community.services import library as services
from maillage.core.http_api import require_api
from maillage.observatory.models import Indicator
from maillage.programme.models import Action, Axis
from maillage.territories.models import Organisation
from maillage.territories.selectors import territory_or_404

router = Router(tags=["Bibliothèque et recherche"])
DocumentId = Path(..., ge=1, le=MAX_ID, description="Identifiant du document")


class DocumentOut(Schema):
    id: int
    title: str
    kind: str
    summary: str
    author: str
    author_id: int
    published_on: datetime.date | None
    licence: str
    themes: list[str] = Field(..., description="Thématiques data·inclusion")
    visibility: str
    current_version: int | None
    url: str


class DocumentVersionOut(Schema):
    number: int
    filename: str
    file_format: str
    file_size: int
    note: str
    extraction: str
    created_at: datetime.datetime
    download_url: str


class DocumentDetailOut(DocumentOut):
    preview: str
    axes: list[int]
    actions: list[int]
    indicators: list[str]
    versions: list[DocumentVersionOut]


class LibraryDocumentQuery(Schema):
    q: str = Field("", max_length=200)
    kind: str = Field("", max_length=16)
    theme: str = Field("", max_length=120, description="Thématique data·inclusion")


class DocumentIn(Schema):
    title: str = Field(..., max_length=200)
    kind: str
    summary: str = Field(..., max_length=2000)
    author_id: int
    published_on: datetime.date | None = None
    licence: str = "etalab-2.0"
    themes: list[str] = Field([], description="Thématiques data·inclusion")
    visibility: str = "partners"
    axes: list[int] = []
    actions: list[int] = []
    indicators: list[str] = Field([], description="Codes des indicateurs")
    restricted_to: list[int] = []
    note: str = Field("", max_length=255)


class DocumentVersionIn(Schema):
    note: str = Field("", max_length=255)


class SearchHitOut(Schema):
    kind: str
    kind_label: str
    title: str
    summary: str
    url: str
    rank: float


class TerritorySearchQuery(Schema):
    q: str = Field("", max_length=200, description="Les mots cherchés (sans mot : aucun résultat)")
    kind: str = Field("", max_length=24)


class SearchFacetOut(Schema):
    kind: str
    label: str
    count: int
    more: bool = Field(..., description="Plus de résultats que le nombre donné (plafond)")


class SearchFacetsOut(Schema):
    q: str
    count: int
    more: bool = Field(..., description="Le total dépasse le plafond de comptage")
    facets: list[SearchFacetOut]


def _version(territory_slug: str, version: DocumentVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "filename": version.filename,
        "file_format": version.file_format,
        "file_size": version.size,
        "note": version.note,
        "extraction": version.extraction,
        "created_at": version.created_at,
        "download_url": reverse(
            "community:library_download",
            kwargs={
                "territory_slug": territory_slug,
                "pk": version.document_id,
                "number": version.number,
            },
        ),
    }


def _document(document: Document) -> dict[str, Any]:
    versions = list(document.versions.all())
    return {
        "id": document.pk,
        "title": document.title,
        "kind": document.kind,
        "summary": document.summary,
        "author": document.author.name,
        "author_id": document.author_id,
        "published_on": document.published_on,
        "licence": document.licence,
        "themes": document.thematiques,
        "visibility": document.visibility,
        "current_version": versions[0].number if versions else None,
        "url": document.get_absolute_url(),
    }


def _detail(document: Document) -> dict[str, Any]:
    slug = document.territory.slug
    return {
        **_document(document),
        "preview": document.preview,
        "axes": [a.pk for a in document.axes.all()],
        "actions": [a.pk for a in document.actions.all()],
        "indicators": [i.code for i in document.indicators.all()],
        "versions": [_version(slug, v) for v in document.versions.all()],
    }


@router.get(
    "/territories/{slug}/documents",
    response={200: list[DocumentOut], **READ_ERRORS},
    auth=READ_AUTH,
)
@paginated()
def library_documents(request: HttpRequest, slug: str, query: Query[LibraryDocumentQuery]) -> Any:
    territory = territory_or_404(request.user, slug)
    filters = selectors.LibraryFilters(q=query.q, kind=query.kind, thematique=query.theme)
    return Rows(selectors.documents(request.user, territory, filters), _document)


@router.get(
    "/territories/{slug}/documents/{document_id}",
    response={200: DocumentDetailOut, **READ_ERRORS},
    auth=READ_AUTH,
)
def library_document(request: HttpRequest, slug: str, document_id: int = DocumentId) -> Any:
    territory = territory_or_404(request.user, slug)
    return _detail(selectors.document_or_404(request.user, territory, document_id))


def _links(territory: Any, payload: DocumentIn) -> dict[str, Any]:
    author = Organisation.objects.partners_of(territory).filter(pk=payload.author_id).first()
    if author is None:
        raise ValidationError(
            {"author_id": "Cette organisation n’est pas partenaire du territoire."}
        )
    axes = list(Axis.objects.filter(territory=territory, pk__in=payload.axes))
    actions = list(Action.objects.filter(territory=territory, pk__in=payload.actions))
    if len(axes) != len(set(payload.axes)):
        raise ValidationError({"axes": "Choisissez des axes du programme de ce territoire."})
    if len(actions) != len(set(payload.actions)):
        raise ValidationError({"actions": "Choisissez des fiches actions de ce territoire."})
    indicators = list(Indicator.objects.filter(code__in=payload.indicators))
    if len(indicators) != len(set(payload.indicators)):
        raise ValidationError({"indicators": "Indicateur inconnu."})
    restricted = list(
        Organisation.objects.partners_of(territory).filter(pk__in=payload.restricted_to)
    )
    return {
        "author": author,
        "axes": axes,
        "actions": actions,
        "indicators": indicators,
        "restricted_to": restricted,
    }


@router.post(
    "/territories/{slug}/documents",
    response={201: DocumentDetailOut, **ERRORS},
    auth=WRITE_AUTH,
)
def library_create_document(
    request: HttpRequest, slug: str, payload: Form[DocumentIn], file: File[UploadedFile]
) -> Any:
    territory = territory_or_404(request.user, slug)
    require_api(request, "contribute_library", territory)
    links = _links(territory, payload)
    document = services.create_document(
        actor=request.user,
        territory=territory,
        file=file,
        note=payload.note,
        title=payload.title,
        kind=payload.kind,
        summary=payload.summary,
        published_on=payload.published_on,
        licence=payload.licence,
        thematiques=payload.themes,
        visibility=payload.visibility,
        **links,
    )
    return Status(201, _detail(selectors.document_or_404(request.user, territory, document.pk)))


@router.post(
    "/territories/{slug}/documents/{document_id}/versions",
    response={201: DocumentVersionOut, **ERRORS},
    auth=WRITE_AUTH,
)
def library_create_version(
    request: HttpRequest,
    slug: str,
    payload: Form[DocumentVersionIn],
    file: File[UploadedFile],
    document_id: int = DocumentId,
) -> Any:
    territory = territory_or_404(request.user, slug)
    document = selectors.document_or_404(request.user, territory, document_id)
    require_api(request, "change", document)
    version = services.add_version(
        actor=request.user, document=document, file=file, note=payload.note
    )
    return Status(201, _version(territory.slug, version))


@router.get(
    "/territories/{slug}/search",
    response={200: list[SearchHitOut], **READ_ERRORS},
    auth=READ_AUTH,
)
@paginated()
def territory_search(request: HttpRequest, slug: str, query: Query[TerritorySearchQuery]) -> Any:
    territory = territory_or_404(request.user, slug)
    if query.kind and query.kind not in BY_KIND:
        raise ValidationError({"kind": f"Type inconnu : {', '.join(BY_KIND)}."})
    rows = search_selectors.results(request.user, territory, query.q, query.kind)
    return Rows(rows, lambda row: search_selectors.hits([row], territory)[0].__dict__)


@router.get(
    "/territories/{slug}/search/facets",
    response={200: SearchFacetsOut, **READ_ERRORS},
    auth=READ_AUTH,
)
def territory_search_facets(
    request: HttpRequest, slug: str, query: Query[TerritorySearchQuery]
) -> Any:
    territory = territory_or_404(request.user, slug)
    facets = search_selectors.facets(request.user, territory, query.q)
    return {
        "q": query.q,
        "count": sum(f.count for f in facets),
        "more": any(f.more for f in facets),
        "facets": [f.__dict__ for f in facets],
    }
