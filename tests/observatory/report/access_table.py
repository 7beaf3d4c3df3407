"""Access rows for the observatory's maps and the ABS report."""

from tests.access.table import Url

SUBJECTS = {
    "map_territory": lambda w: w.territory,
}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("map_territory", "view"):                   "Y Y Y Y Y Y Y Y Y",
}
# fmt: on


def _indicator(world, obj):  # type: ignore[no-untyped-def]
    from maillage.observatory.catalogue import install_catalogue

    install_catalogue()
    return {"territory": world.territory.slug, "code": "foyers-rsa"}


URLS = {
    "observatory:indicator_map": Url("map_territory", "view", kwargs=_indicator),
}
