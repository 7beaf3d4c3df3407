"""The shared reference lists in the API (docs/departments.md, "Référentiels partagés"):
a Département's lists and items, a commune's mappings (read and replaced), through the
same access rules as the pages. Mounted by ``departments/api.py``."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from maillage.api.auth import READ_AUTH, WRITE_AUTH
from maillage.api.pagination import paginated
from maillage.api.schemas import ERRORS, MAX_ID, READ_ERRORS
from maillage.core.http_api import require_api
from maillage.departments import selectors_references as selectors
from maillage.departments import services_references as services
from maillage.departments.access import UPPER_LEVELS
from maillage.territories.selectors import territory_or_404

router = Router(tags=["Département"])

PREFIX = "/departments/{slug}/references"


class ReferenceItemOut(Schema):
    id: int
    code: str
    label: str
    description: str
    payload: dict[str, Any]
    published_in: int | None
    is_archived: bool


class ReferenceListOut(Schema):
    kind: str
    label: str
    version: int
    published_at: datetime.datetime | None
    items: list[ReferenceItemOut]


class LocalMappingOut(Schema):
    item_id: int
    kind: str
    item_code: str
    status: str
    local_key: str


class LocalMappingIn(Schema):
    item_id: int = Field(ge=1, le=MAX_ID)
    local_key: str = Field(max_length=200)


class LocalMappingsIn(Schema):
    mappings: list[LocalMappingIn]


def _item(item: Any) -> dict[str, Any]:
    return {
        "id": item.pk,
        "code": item.code,
        "label": item.label,
        "description": item.description,
        "payload": item.payload or {},
        "published_in": item.published_in,
        "is_archived": item.is_archived,
    }


@router.get(PREFIX, response={200: list[ReferenceListOut], **READ_ERRORS}, auth=READ_AUTH)
@paginated()
def reference_lists(request: HttpRequest, slug: str) -> Any:
    """A Département's four lists with their items (drafts and archived ones included,
    with ``published_in`` null for a draft)."""
    territory = territory_or_404(request.user, slug)
    require_api(request, "view_references", territory)
    if territory.kind not in UPPER_LEVELS:
        raise Http404("Ce territoire ne diffuse pas de référentiels.")
    return [
        {
            "kind": entry.kind,
            "label": str(entry.reference_list.get_kind_display()),
            "version": entry.reference_list.version,
            "published_at": entry.reference_list.published_at,
            "items": [_item(item) for item in entry.items],
        }
        for entry in selectors.department_lists(territory)
    ]


def _mappings(territory: Any) -> list[dict[str, Any]]:
    return [
        {
            "item_id": m.item_id,
            "kind": m.item.reference_list.kind,
            "item_code": m.item.code,
            "status": m.status,
            "local_key": m.local_key,
        }
        for m in selectors.commune_mappings(territory)
    ]


@router.get(
    PREFIX + "/mappings", response={200: list[LocalMappingOut], **READ_ERRORS}, auth=READ_AUTH
)
@paginated()
def reference_mappings(request: HttpRequest, slug: str) -> Any:
    """A commune's mappings onto its Département's lists (``slug`` is the commune's)."""
    territory = territory_or_404(request.user, slug)
    require_api(request, "view_references", territory)
    return _mappings(territory)


@router.put(PREFIX + "/mappings", response={200: list[LocalMappingOut], **ERRORS}, auth=WRITE_AUTH)
def replace_reference_mappings(request: HttpRequest, slug: str, data: LocalMappingsIn) -> Any:
    """Set several mappings at once: ``local_key`` is a local item's key, ``none`` for
    "Sans équivalent", empty to undo. All or nothing: one refusal changes nothing."""
    territory = territory_or_404(request.user, slug)
    require_api(request, "map_references", territory)
    services.set_mappings(
        actor=request.user,
        territory=territory,
        mappings={m.item_id: m.local_key for m in data.mappings},
    )
    return _mappings(territory)
