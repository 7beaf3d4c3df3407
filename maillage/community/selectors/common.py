"""What the community selectors share: the territory, and the organisations one may
write for or name."""

from __future__ import annotations

from itertools import chain
from typing import Any

from django.db import connection
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


def union_rows(querysets: list[QuerySet]) -> list[Any]:
    """The rows of ``querysets`` (same columns) in one ``UNION ALL`` query — unless
    their parts are sliced and the database cannot slice the parts of a compound query
    (SQLite): one query each then."""
    sliced = any(qs.query.is_sliced for qs in querysets)
    if len(querysets) > 1 and (
        not sliced or connection.features.supports_slicing_ordering_in_compound
    ):
        return list(querysets[0].union(*querysets[1:], all=True))
    return list(chain.from_iterable(querysets))
