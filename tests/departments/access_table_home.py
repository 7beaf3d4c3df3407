"""Access rows for the departmental home and the commune's sharing setting
(docs/departments.md, "Vue départementale et partage"). The departmental home itself is
the territory home (territories:home); its API and the sharing page and API are here."""

from tests.access.table import Url

JSON = "application/json"

# "territory" (the commune, which shares everything in detail in the world) and
# "territory[departement]" are built by the territories' and the departments' tables.
SUBJECTS: dict = {}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("territory", "view_department_sharing"):                "N N Y Y Y Y Y N Y",
    ("territory", "change_department_sharing"):              "N N N N N Y N N Y",
    ("territory[departement]", "view_department_sharing"):   "N N N N N N N N N",
    ("territory[departement]", "change_department_sharing"): "N N N N N N N N N",
}
# fmt: on


def _page(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": obj.slug}


def _api(world, obj):  # type: ignore[no-untyped-def]
    return {"slug": obj.slug}


URLS = {
    # Read by the commune's partner-level people; the form is posted by its coordinators
    # (an empty form: refused like the page, or answered 400/403 without a write).
    "departments:sharing": Url("territory", "view_department_sharing", kwargs=_page),
    "api-v1:department_overview": Url(
        "territory[departement]", "view_department", kwargs=_api, api=True
    ),
    "api-v1:get_department_sharing": Url(
        "territory", "view_department_sharing", kwargs=_api, api=True
    ),
    "api-v1:set_department_sharing": Url(
        "territory",
        "change_department_sharing",
        kwargs=_api,
        api=True,
        method="put",
        data=lambda w, o: {"levels": {"programme": "aggregates"}},
        content_type=JSON,
    ),
}
