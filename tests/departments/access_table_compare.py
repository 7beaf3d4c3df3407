"""Access rows for comparing the communes of a Département (docs/departments.md,
"Comparer les communes"): the département's own partner-level people, and the
partner-level people of a commune of it that shares its observatory at least as
aggregates (the world's commune shares everything in detail)."""

from tests.access.table import Url


def _dep(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": obj.slug}


# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("territory", "compare_communes"):               "N N N N N N N N N",
    ("territory[departement]", "compare_communes"):  "N N Y Y Y Y Y N Y",
}
# fmt: on

URLS = {
    "departments:compare": Url("territory[departement]", "compare_communes", kwargs=_dep),
    "departments:compare_export": Url(
        "territory[departement]",
        "compare_communes",
        kwargs=lambda w, o: {"territory_slug": o.slug, "fmt": "csv"},
    ),
    "api-v1:departments_comparisons": Url(
        "territory[departement]",
        "compare_communes",
        kwargs=lambda w, o: {"slug": o.slug},
        api=True,
    ),
}
