"""Access rows for the JSON API and for API tokens."""

from maillage.api.services import create_token
from tests.access.table import Url


def _member_token(world):  # type: ignore[no-untyped-def]
    token, _key = create_token(actor=world.users["member"], name="Intégration")
    return token


SUBJECTS = {"api_token": _member_token}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("api_token", "view"):   "N N N Y N N N N Y",
    ("api_token", "revoke"): "N N N Y N N N N Y",
}
# fmt: on


def _t(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug}


def _org(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": world.territory.slug, "org_id": obj.pk}


def _new_organisation(world, obj):  # type: ignore[no-untyped-def]
    return {"name": "Nouvelle association", "kind": "association"}


JSON = "application/json"

URLS = {
    "api:tokens": Url("platform", "use_account"),
    "api:token_revoke": Url(
        "api_token",
        "revoke",
        method="post",
        ok=frozenset({302}),
        kwargs=lambda w, o: {"pk": o.pk},
    ),
    "api-v1:api-root": Url("platform", "view", ok=frozenset({200, 404}), api=True),
    "api-v1:openapi-json": Url("platform", "view", api=True),
    "api-v1:openapi-view": Url("platform", "view", api=True),
    "api-v1:me": Url("platform", "view", api=True),
    "api-v1:list_territories": Url("territory", "view", api=True),
    "api-v1:get_territory": Url("territory[partners]", "view", kwargs=_t, api=True),
    "api-v1:list_geounits": Url("territory", "view", kwargs=_t, api=True),
    "api-v1:list_organisations": Url("territory", "view", kwargs=_t, api=True),
    "api-v1:create_organisation": Url(
        "territory",
        "add_organisation",
        kwargs=_t,
        api=True,
        method="post",
        data=_new_organisation,
        content_type=JSON,
        ok=frozenset({201}),
    ),
    "api-v1:get_organisation": Url("organisation[partners]", "view", kwargs=_org, api=True),
    "api-v1:update_organisation": Url(
        "organisation[partners]",
        "change",
        kwargs=_org,
        api=True,
        method="patch",
        data=lambda w, o: {"description": "Mise à jour par l’API"},
        content_type=JSON,
    ),
    "api-v1:list_members": Url("organisation[partners]", "view", kwargs=_org, api=True),
}
