"""Access rows for the shared reference lists (docs/departments.md, "Référentiels
partagés"). The world has no coordinator on the Département: its partner reads the lists,
platform admins write them (tests/departments/test_references_pages.py covers a
Département coordinator)."""

from typing import Any

from maillage.departments.models_references import (
    ReferenceItem,
    ReferenceKind,
    ReferenceList,
)
from tests.access.table import Url

SUBJECTS: dict[str, Any] = {}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("territory", "view_references"):                  "N N Y Y Y Y Y N Y",
    ("territory", "manage_references"):                "N N N N N N N N N",
    ("territory", "map_references"):                   "N N N N N Y N N Y",
    ("territory[departement]", "view_references"):     "N N N N N N Y N Y",
    ("territory[departement]", "manage_references"):   "N N N N N N N N Y",
    ("territory[departement]", "map_references"):      "N N N N N N N N N",
}
# fmt: on


def _item(world: Any, kind: str = ReferenceKind.BODY_TEMPLATES) -> ReferenceItem:
    """A published body template of the world's Département (each call runs in its own
    savepoint: looked up again, created when missing)."""
    the_list, _created = ReferenceList.objects.get_or_create(
        territory=world.departement, kind=kind, defaults={"version": 1}
    )
    item, _created = ReferenceItem.objects.get_or_create(
        reference_list=the_list,
        code="comite-technique",
        defaults={
            "label": "Comité technique",
            "payload": {"body_kind": "technical", "mandate": "Suivre.", "member_roles": []},
            "published_in": 1,
        },
    )
    return item


def _t(world: Any, obj: Any) -> dict[str, Any]:
    return {"territory_slug": obj.slug}


def _dep_item(world: Any, obj: Any) -> dict[str, Any]:
    return {"territory_slug": obj.slug, "item_id": _item(world).pk}


_KIND = {"kind": ReferenceKind.THEMES}


def _publishable(world: Any, obj: Any) -> dict[str, Any]:
    the_list, _created = ReferenceList.objects.get_or_create(
        territory=obj, kind=ReferenceKind.THEMES
    )
    ReferenceItem.objects.get_or_create(
        reference_list=the_list, code="logement", defaults={"label": "Logement"}
    )
    return {"territory_slug": obj.slug, **_KIND}


ITEM_POST = {
    "code": "groupe-sante",
    "label": "Groupe santé",
    "description": "",
    "body_kind": "working_group",
    "mandate": "Coordonner les actions de santé.",
    "member_roles": "Animation\nSecrétariat",
}

URLS: dict[str, Any] = {
    "departments:references": Url("territory[departement]", "view_references", kwargs=_t),
    "departments:reference_item_create": Url(
        "territory[departement]",
        "manage_references",
        kwargs=lambda w, o: {"territory_slug": o.slug, "kind": ReferenceKind.BODY_TEMPLATES},
        post=lambda w, o: ITEM_POST,
    ),
    "departments:reference_item_edit": Url(
        "territory[departement]",
        "manage_references",
        kwargs=_dep_item,
        post=lambda w, o: ITEM_POST,
    ),
    "departments:reference_item_archive": Url(
        "territory[departement]",
        "manage_references",
        kwargs=_dep_item,
        method="post",
        ok=frozenset({302}),
    ),
    "departments:reference_publish": Url(
        "territory[departement]",
        "manage_references",
        kwargs=_publishable,
        method="post",
        ok=frozenset({302}),
    ),
    "departments:reference_map": Url(
        "territory",
        "map_references",
        kwargs=lambda w, o: {"territory_slug": o.slug, "item_id": _item(w).pk},
        method="post",
        data=lambda w, o: {f"item-{_item(w).pk}-local_key": "none"},
        ok=frozenset({302}),
    ),
    "departments:reference_adopt": Url(
        "territory",
        "map_references",
        kwargs=lambda w, o: {"territory_slug": o.slug, "item_id": _item(w).pk},
        method="post",
        ok=frozenset({302}),
    ),
}


def _api(world: Any, obj: Any) -> dict[str, Any]:
    return {"slug": obj.slug}


URLS.update(
    {
        "api-v1:reference_lists": Url(
            "territory[departement]", "view_references", kwargs=_api, api=True
        ),
        "api-v1:reference_mappings": Url("territory", "view_references", kwargs=_api, api=True),
        "api-v1:replace_reference_mappings": Url(
            "territory",
            "map_references",
            kwargs=_api,
            api=True,
            method="put",
            data=lambda w, o: {"mappings": [{"item_id": _item(w).pk, "local_key": "none"}]},
            content_type="application/json",
        ),
    }
)
