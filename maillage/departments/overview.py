"""The departmental home's blocks (core/slots.py; docs/departments.md, "Vue départementale
et partage"): on a département, its communes running a PST — a map and, for the
Département's own people, a card per commune bounded by what the commune shares; for
everyone else, the list of communes with a link to their public pages. On a commune, its
coordinators' link to the sharing setting."""

from __future__ import annotations

import hashlib

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from maillage.core import access, sharing, write_generation
from maillage.core.pagination import paginate
from maillage.departments import selectors_overview as selectors
from maillage.departments.overview_map import CommunesMap, communes_map
from maillage.territories.models import Territory

UPPER_LEVELS = (Territory.Kind.DEPARTEMENT, Territory.Kind.EPCI)
# A card per commune: a Département of hundreds of communes reads them a page at a time
# (the map shows them all), so its first screen does not grow with them.
COMMUNES_PER_PAGE = 24
COMMUNES_PARAM = "communes"


def _map(department: Territory, pst_codes: set[str]) -> CommunesMap:
    """The map of the département's communes, those in ``pst_codes`` coloured. Drawn from
    every commune's contour (four hundred at 10× the bench's data): kept until the next
    write — it depends on the data alone, and on the language of its texts."""
    codes = hashlib.sha256(",".join(sorted(pst_codes)).encode()).hexdigest()[:32]
    return write_generation.kept_until_written(
        f"departments:map:{department.pk}:{get_language()}:{codes}",
        lambda: communes_map(
            selectors.commune_contours(department),
            pst_codes,
            title=_("Les communes de %(name)s qui conduisent leur PST dans Maillage")
            % {"name": department.name},
        ),
    )


def department_block(request: HttpRequest, territory: Territory) -> str:
    """The Département's view of its communes (slots home_across and home_coordinator)."""
    if territory.kind not in UPPER_LEVELS or not access.can(
        request.user, "view_department", territory
    ):
        return ""
    page = paginate(
        request, selectors.communes_query(territory), COMMUNES_PER_PAGE, param=COMMUNES_PARAM
    )
    return render_to_string(
        "departments/home/overview.html",
        {
            "territory": territory,
            "page": page,
            "page_param": COMMUNES_PARAM,
            "rows": selectors.overview(request.user, territory, list(page.object_list)),
            "map": _map(territory, selectors.commune_codes(territory)),
            "capabilities": [(c, sharing.CAPABILITIES[c]) for c in selectors.SHOWN_CAPABILITIES],
        },
        request=request,
    )


def public_block(request: HttpRequest, territory: Territory) -> str:
    """A département's public home: its communes running a PST, each linked to its own
    public pages, and nothing counted beyond what is public."""
    if territory.kind not in UPPER_LEVELS:
        return ""
    communes = selectors.public_communes(territory)
    if not communes:
        return ""
    return render_to_string(
        "departments/home/public.html",
        {
            "territory": territory,
            "communes": communes,
            "map": _map(territory, {c.insee_code for c in communes}),
        },
        request=request,
    )


def sharing_link(request: HttpRequest, territory: Territory) -> str:
    """A commune's coordination: what it shares with its Département, and where to change
    it."""
    if territory.kind != Territory.Kind.COMMUNE or territory.parent_id is None:
        return ""
    if not access.can(request.user, "change_department_sharing", territory):
        return ""
    levels = [
        (label, sharing.Level(sharing.level_of(territory, c)).label)
        for c, label in sharing.CAPABILITIES.items()
    ]
    return render_to_string(
        "departments/home/sharing_link.html",
        {"territory": territory, "levels": levels},
        request=request,
    )
