"""What every governance service shares: validation helpers and who belongs where."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q

from maillage.core.roles import PARTNER_LEVEL
from maillage.territories.models import Membership, Organisation, Partnership, Territory


def territory_lineage(territory: Territory) -> list[int]:
    """The territory and its ancestors: a Département's staff work in its communes."""
    ids: list[int] = []
    current: Territory | None = territory
    while current is not None and len(ids) < 10:
        ids.append(current.pk)
        current = current.parent
    return ids


def is_partner_organisation(territory: Territory, organisation: Organisation | None) -> bool:
    return (
        organisation is not None
        and Partnership.objects.filter(territory=territory, organisation=organisation).exists()
    )


def works_in(territory: Territory, user: Any, organisation: Organisation | None = None) -> bool:
    """``user`` holds a partner-level role in the territory (or above it), for
    ``organisation`` when one is named."""
    if user is None:
        return False
    q = Q(user=user, territory_id__in=territory_lineage(territory), role__in=PARTNER_LEVEL)
    if organisation is not None:
        q &= Q(organisation=organisation)
    return Membership.objects.active().filter(q).exists()


def raise_if(errors: dict[str, Any]) -> None:
    if errors:
        raise ValidationError(errors)


def person_name(user: Any) -> str:
    return getattr(user, "full_name", "") or str(user)
