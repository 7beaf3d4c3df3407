"""The foundation's pages: a territory's home, its partners (unfiltered, filtered by
kind, searched by name, and the htmx partial the filter form swaps in), and organisation
pages (an ordinary association, the town hall with the most members, a Département
service that partners with every commune)."""

from urllib.parse import urlencode

from bench.harness import Context, Page
from bench.writes import service_updated

ACTORS = ("anonymous", "partner", "coordinator")
# A Département agent reads every commune as a partner: their roles are worked out from
# the whole tree of territories, which grows with the data.
WITH_DEPARTEMENT = (*ACTORS, "departement")


def pages(ctx: Context) -> list[Page]:
    dept = ctx.department
    slug = dept.focus.slug
    partners = f"/territoires/{slug}/partenaires/"

    def organisation(pk: int) -> str:
        return f"/territoires/{slug}/partenaires/{pk}/"

    return [
        Page("territory home", f"/territoires/{slug}/", WITH_DEPARTEMENT),
        Page("partners", partners, WITH_DEPARTEMENT),
        Page("partners, by kind", f"{partners}?{urlencode({'kind': dept.filter_kind})}", ACTORS),
        Page("partners, search", f"{partners}?{urlencode({'q': dept.search_word})}", ACTORS),
        Page(
            "partners, search (htmx)",
            f"{partners}?{urlencode({'q': dept.search_word})}",
            ("partner",),
            htmx=True,
        ),
        Page("organisation (association)", organisation(dept.association.pk), ACTORS),
        Page("organisation (town hall)", organisation(dept.town_hall.pk), ACTORS),
        # Made after a write, not served from the reader's kept copy (core/kept_parts.py).
        Page(
            "organisation (town hall), after a write",
            organisation(dept.town_hall.pk),
            ("coordinator",),
            after_write=True,
        ),
        Page(
            "organisation (town hall), after a service updated",
            organisation(dept.town_hall.pk),
            ("coordinator",),
            after_write=service_updated(ctx),
        ),
        Page(
            "partners, search, after a service updated",
            f"{partners}?{urlencode({'q': dept.search_word})}",
            ("partner", "departement"),
            after_write=service_updated(ctx),
        ),
        Page(
            "partners, search, after a write",
            f"{partners}?{urlencode({'q': dept.search_word})}",
            ("partner", "departement"),
            after_write=True,
        ),
        Page(
            "organisation (Département-wide)",
            organisation(dept.county_wide.pk),
            ("partner", "departement"),
        ),
    ]
