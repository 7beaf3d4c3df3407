"""Access rows for territories, organisations, geography and memberships."""

from maillage.core.roles import Role, Visibility
from maillage.territories.models import Membership
from tests.access.table import Url
from tests.factories import GeoUnitFactory


def _partners_only_territory(world):  # type: ignore[no-untyped-def]
    world.territory.visibility = Visibility.PARTNERS
    world.territory.save(update_fields=["visibility"])
    return world.territory


def _org(world, visibility):  # type: ignore[no-untyped-def]
    world.org_member.visibility = visibility
    world.org_member.save(update_fields=["visibility"])
    return world.org_member


SUBJECTS = {
    "territory": lambda w: w.territory,
    "territory[partners]": _partners_only_territory,
    "organisation[public]": lambda w: _org(w, Visibility.PUBLIC),
    "organisation[partners]": lambda w: _org(w, Visibility.PARTNERS),
    "organisation[departement]": lambda w: w.org_dept,
    "geounit": lambda w: GeoUnitFactory(territory=w.territory),
    "membership[partner]": lambda w: Membership.objects.get(user=w.users["member"]),
    "membership[resident]": lambda w: Membership.objects.get(
        user=w.users["resident"], role=Role.RESIDENT
    ),
}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("territory", "view"):                       "Y Y Y Y Y Y Y Y Y",
    ("territory", "manage"):                     "N N N N N Y N N Y",
    ("territory", "invite"):                     "N N N N N Y N N Y",
    ("territory", "view_audit"):                 "N N N N N Y N N Y",
    ("territory", "add_organisation"):           "N N N N N Y N N Y",
    ("territory", "view_people"):                "N N Y Y Y Y Y N Y",
    ("territory[partners]", "view"):             "N N Y Y Y Y Y N Y",
    ("organisation[public]", "view"):            "Y Y Y Y Y Y Y Y Y",
    ("organisation[public]", "view_contacts"):   "N N Y Y Y Y Y N Y",
    ("organisation[public]", "change"):          "N N N Y N Y N N Y",
    ("organisation[partners]", "view"):          "N N Y Y Y Y Y N Y",
    ("organisation[partners]", "view_contacts"): "N N Y Y Y Y Y N Y",
    ("organisation[partners]", "change"):        "N N N Y N Y N N Y",
    ("organisation[departement]", "change"):     "N N N N N Y Y N Y",
    ("geounit", "view"):                         "Y Y Y Y Y Y Y Y Y",
    ("geounit", "change"):                       "N N N N N Y N N Y",
    ("membership[partner]", "view"):             "Y Y Y Y Y Y Y Y Y",
    ("membership[partner]", "end"):              "N N N N N Y N N Y",
    ("membership[resident]", "view"):            "N Y N N N Y N N Y",
    ("membership[resident]", "end"):             "N N N N N Y N N Y",
}
# fmt: on


def _t(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug}


def _org_kwargs(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "pk": obj.pk}


URLS = {
    "territories:switch": Url(
        "territory",
        "view",
        method="post",
        ok=frozenset({302}),
        data=lambda w, o: {"territory": w.territory.slug},
        location=r"^/territoires/commune-essai/",
        # Choosing the territory to look at is a preference of the session, not a write.
        writes=False,
    ),
    "territories:home": Url("territory", "view", kwargs=_t),
    "territories:partners": Url("territory", "view", kwargs=_t),
    "territories:theme_css": Url("territory", "view", kwargs=_t),
    "territories:organisation_create": Url("territory", "add_organisation", kwargs=_t),
    "territories:organisation": Url("organisation[partners]", "view", kwargs=_org_kwargs),
    "territories:organisation_update": Url("organisation[partners]", "change", kwargs=_org_kwargs),
    "territories:audit_log": Url("territory", "view_audit", kwargs=_t),
    "territories:contours": Url("territory", "manage", kwargs=_t),
    "api-v1:territory_contours": Url(
        "territory",
        "manage",
        kwargs=lambda w, o: {"slug": w.territory.slug},
        method="post",
        api=True,
        content_type="application/json",
        data=lambda w, o: {
            "kind": "quartier",
            "create_missing": True,
            "geojson": {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"code": "Q-ESSAI", "nom": "Quartier d’essai"},
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [[[2.5, 48.9], [2.6, 48.9], [2.6, 49], [2.5, 48.9]]],
                        },
                    }
                ],
            },
        },
    ),
    "territories:membership_end": Url(
        "membership[partner]",
        "end",
        method="post",
        ok=frozenset({302}),
        kwargs=lambda w, o: {
            "territory_slug": w.territory.slug,
            "pk": o.organisation_id,
            "membership": o.pk,
        },
    ),
}
