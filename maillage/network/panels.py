"""The network's panel on the organisation page: the services it runs in the territory."""

from django.http import HttpRequest
from django.template.loader import render_to_string

from maillage.core.pagination import paginate_bounded
from maillage.network import selectors
from maillage.territories.slots import OrganisationHere

# A large organisation may run hundreds of services in a territory: the panel pages them
# (its own page parameter, the page's members list having ``page``), so the organisation
# page does not grow with them.
SERVICES_PER_PAGE = 12
SERVICES_PARAM = "services"


def organisation_services_panel(request: HttpRequest, here: OrganisationHere) -> str:
    services = paginate_bounded(
        request,
        selectors.visible_services(request.user, here.territory)
        .filter(organisation=here.organisation)
        .only("pk", "name", "description", "date_maj", "territory")
        .order_by("name", "pk"),
        SERVICES_PER_PAGE,
        param=SERVICES_PARAM,
    )
    if not services.paginator.count:
        return ""
    return render_to_string(
        "network/partials/organisation_services.html",
        {
            "services": services,
            "services_param": SERVICES_PARAM,
            "territory": here.territory,
            "organisation": here.organisation,
        },
        request=request,
    )
