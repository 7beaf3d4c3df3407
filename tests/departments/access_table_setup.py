"""Access rows for a new territory (docs/departments.md, "Nouveau territoire"): the
platform admins' creation from an INSEE code, the commune coordinators' setup page."""

from tests.access.table import Url
from tests.programme import factories as programme


def _with_a_source(world):  # type: ignore[no-untyped-def]
    """The commune, and a public PST with a programme (the foreign commune's) to copy."""
    programme.objective(world.foreign, "1.1", 1)
    return world.territory


SUBJECTS = {
    "territory[setup]": _with_a_source,
}

# fmt: off
TABLE = {
    # actors: anonymous resident partner member elected coordinator departement foreign admin
    ("territory", "set_up"):                 "N N N N N Y N N Y",
    ("territory[setup]", "set_up"):          "N N N N N Y N N Y",
    ("territory[departement]", "set_up"):    "N N N N N N N N N",
}
# fmt: on


def _t(world, obj):  # type: ignore[no-untyped-def]
    return {"territory_slug": world.territory.slug}


URLS = {
    "departments:territory_new": Url(
        "platform",
        "administer",
        post=lambda w, o: {"code": "93033", "visibility": "public", "confirm": "1"},
        post_location=r"^/territoires/gournay-sur-marne/invitations/$",
    ),
    "departments:setup": Url(
        "territory[setup]",
        "set_up",
        kwargs=_t,
        post=lambda w, o: {"source": w.foreign.slug},
        post_location=r"^/territoires/commune-essai/programme/$",
    ),
    "api-v1:cog_commune": Url(
        "platform", "administer", kwargs=lambda w, o: {"code": "93033"}, api=True
    ),
    "api-v1:create_territory_from_cog": Url(
        "platform",
        "administer",
        method="post",
        api=True,
        content_type="application/json",
        data=lambda w, o: {"code": "93033"},
        ok=frozenset({201}),
    ),
    "api-v1:copy_structure": Url(
        "territory[setup]",
        "set_up",
        kwargs=lambda w, o: {"slug": w.territory.slug},
        method="post",
        api=True,
        content_type="application/json",
        data=lambda w, o: {"source": w.foreign.slug},
        ok=frozenset({201}),
    ),
}
