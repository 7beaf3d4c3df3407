"""The map of cooperations between structures: filters (thématique, kind of link, an
organisation's neighbourhood), a drawing laid out on the server, and the same links in a
paged, sortable table."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.core.pagination import paginate
from maillage.core.types import HtmxRequest
from maillage.network import cooperation
from maillage.network.forms import CooperationFilterForm
from maillage.network.views.common import crumbs, page
from maillage.territories.selectors import territory_or_404

PER_PAGE = 25


def _sorts() -> list[tuple[str, str]]:
    return [
        ("-liens", _("Nombre de liens, décroissant")),
        ("liens", _("Nombre de liens, croissant")),
        ("organisation", _("Organisation, de A à Z")),
        ("-organisation", _("Organisation, de Z à A")),
        ("partenaire", _("Partenaire, de A à Z")),
        ("-partenaire", _("Partenaire, de Z à A")),
    ]


@require_GET
def cooperation_map(request: HtmxRequest, territory_slug: str) -> HttpResponse:
    current = territory_or_404(request.user, territory_slug)
    every = cooperation.cooperation_links(request.user, current)
    organisations = sorted(
        {org.pk: org.name for link in every for org in (link.a, link.b)}.items(),
        key=lambda item: item[1].lower(),
    )
    form = CooperationFilterForm(
        request.GET or None,
        kinds=cooperation.kind_choices(),
        organisations=organisations,
        sorts=_sorts(),
    )
    filters = cooperation.Filters()
    sort = cooperation.DEFAULT_SORT
    status = 200
    if request.GET:
        if form.is_valid():
            filters = cooperation.Filters(
                categorie=form.cleaned_data["categorie"] or "",
                kind=form.cleaned_data["nature"] or "",
                organisation=form.cleaned_data["organisation"],
            )
            sort = form.cleaned_data["tri"] or cooperation.DEFAULT_SORT
        else:
            status = 400
    links = cooperation.filter_links(every, filters)
    nodes, size = cooperation.layout(links, centre=filters.organisation)
    graph = cooperation.Graph(nodes=nodes, links=links, width=size, height=size)
    centre = next((node.organisation for node in nodes if node.centre), None)
    if centre is None and filters.organisation is not None:
        centre_name = dict(organisations).get(filters.organisation, "")
    else:
        centre_name = centre.name if centre else ""
    return page(
        request,
        "network/cooperation.html",
        current,
        {
            "title": _("Coopérations de %(name)s") % {"name": centre_name}
            if centre_name
            else _("Carte des coopérations"),
            "graph": graph,
            "form": form,
            "filtered": filters != cooperation.Filters(),
            "centre_name": centre_name,
            "total": len(every),
            "sort": sort,
            "page": paginate(request, cooperation.sort_links(links, sort), PER_PAGE),
            "breadcrumb": crumbs(current, {"label": _("Carte des coopérations")}),
        },
        status=status,
    )
