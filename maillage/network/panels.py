"""The network's panel on the organisation page: the services it runs in the territory."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from maillage.network import selectors
from maillage.territories.slots import OrganisationHere


def organisation_services_panel(request: HttpRequest, here: OrganisationHere) -> str:
    services = list(
        selectors.visible_services(request.user, here.territory)
        .filter(organisation=here.organisation)
        .only("pk", "name", "description", "date_maj", "territory")
        .order_by("name")
    )
    if not services:
        return ""
    return render_to_string(
        "network/partials/organisation_services.html",
        {"services": services, "territory": here.territory, "organisation": here.organisation},
        request=request,
    )
