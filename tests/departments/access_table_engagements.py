"""Access rows for the engagements pages (docs/departments.md, "Engagements")."""

from tests.access.table import Url

SUBJECTS: dict = {}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("organisation[public]", "view_engagements"):      "N N N Y N N N N Y",
    ("organisation[partners]", "view_engagements"):    "N N N Y N N N N Y",
    ("organisation[departement]", "view_engagements"): "N N N N N N Y N Y",
}
# fmt: on


def _dep(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": obj.slug}


def _org(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug, "pk": obj.pk}


URLS = {
    "departments:engagements": Url("territory[departement]", "view_department", kwargs=_dep),
    "departments:engagements_export": Url("territory[departement]", "view_department", kwargs=_dep),
    "departments:organisation_engagements": Url(
        "organisation[departement]", "view_engagements", kwargs=_org
    ),
    "departments:organisation_engagements_export": Url(
        "organisation[partners]", "view_engagements", kwargs=_org
    ),
    "api-v1:departments_engagements": Url(
        "territory[departement]",
        "view_department",
        kwargs=lambda w, o: {"slug": o.slug},
        api=True,
    ),
}
