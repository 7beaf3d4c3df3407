"""What the community selectors share: the territory, and the organisations one may
write for or name."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from maillage.core import access
from maillage.territories import selectors as territory_selectors
from maillage.territories.models import Organisation, Territory


def territory_or_404(user: Any, slug: str) -> Territory:
    return territory_selectors.territory_or_404(user, slug)


def partner_organisations(territory: Territory) -> QuerySet[Organisation]:
    return Organisation.objects.partners_of(territory).order_by("name")


def author_organisations(user: Any, territory: Territory) -> QuerySet[Organisation]:
    """The organisations ``user`` writes for: theirs in the territory, any partner for
    the coordination."""
    actor = access.actor_for(user)
    qs = partner_organisations(territory)
    if actor.is_admin or actor.has_role(territory.pk, "coordinator"):
        return qs
    return qs.filter(pk__in=actor.orgs_in(territory.pk))


def my_organisation_ids(user: Any, territory: Territory) -> frozenset[int]:
    return access.actor_for(user).orgs_in(territory.pk)
