"""The réseau's blocks on the first screens (core/slots.py, slots ``home_*``): the services
to update and the imports waiting (coordination), a partner's own services to update, and
"qui contacter pour…" for everyone."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from django.template.loader import render_to_string

from maillage.core import access, write_generation
from maillage.network import selectors
from maillage.network.models import ImportBatch
from maillage.territories.models import Territory

SHOWN = 6
WAITING_IMPORTS = (
    ImportBatch.State.VALIDATING,
    ImportBatch.State.INVALID,
    ImportBatch.State.PREVIEWED,
    ImportBatch.State.RUNNING,
)


def _render(template: str, request: HttpRequest, territory: Territory, **context: Any) -> str:
    return render_to_string(
        f"network/home/{template}", {"territory": territory, **context}, request=request
    )


def _freshness_counts(qs: Any, territory: Territory) -> tuple[dict[str, int], Any]:
    rules = selectors.rules(territory)
    advised, required = rules.advised_before(), rules.required_before()
    # Counted over every service the reader sees: kept until the next write, under the
    # services' query and the two dates the rules give today.
    counts = write_generation.kept_for_query(
        qs,
        lambda: qs.aggregate(
            advised=Count("pk", filter=Q(date_maj__lt=advised, date_maj__gte=required)),
            required=Count("pk", filter=Q(date_maj__lt=required)),
            total=Count("pk"),
        ),
        f"freshness:{advised.isoformat()}:{required.isoformat()}",
    )
    return counts, advised


def services_to_update(request: HttpRequest, territory: Territory) -> str:
    """The territory's services whose last update is old: how many, and the board."""
    if not access.can(request.user, "contribute_network", territory):
        return ""
    counts, _advised = _freshness_counts(
        selectors.visible_services(request.user, territory), territory
    )
    return _render("to_update.html", request, territory, freshness=counts, mine=False, services=[])


def my_services_to_update(request: HttpRequest, territory: Territory) -> str:
    """A partner's own organisation's services whose update is advised or required."""
    if not access.can(request.user, "contribute_network", territory):
        return ""
    orgs = access.actor_for(request.user).orgs_in(territory.pk)
    theirs = selectors.visible_services(request.user, territory).filter(organisation_id__in=orgs)
    counts, advised = _freshness_counts(theirs, territory)
    services = list(
        theirs.filter(date_maj__lt=advised)
        .select_related("organisation")
        .only("id", "name", "date_maj", "territory_id", "organisation__name")
        .order_by("date_maj", "name")[:SHOWN]
    )
    return _render(
        "to_update.html", request, territory, freshness=counts, mine=True, services=services
    )


def pending_imports(request: HttpRequest, territory: Territory) -> str:
    waiting = list(
        access.visible(
            request.user,
            ImportBatch.objects.filter(territory=territory, state__in=WAITING_IMPORTS),
        ).order_by("-created_at")[:SHOWN]
    )
    if not waiting:
        return ""
    return _render("imports.html", request, territory, imports=waiting)


def who_to_contact(request: HttpRequest, territory: Territory) -> str:
    return _render("contact.html", request, territory)
