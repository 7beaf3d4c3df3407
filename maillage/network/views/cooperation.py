"""The map of cooperations between structures."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.core.types import HtmxRequest
from maillage.network import cooperation
from maillage.network.views.common import crumbs, page
from maillage.territories.selectors import territory_or_404


@require_GET
def cooperation_map(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    return page(
        request,
        "network/cooperation.html",
        current,
        {
            "graph": cooperation.cooperation_graph(request.user, current),
            "breadcrumb": crumbs(current, {"label": _("Carte des coopérations")}),
        },
    )
