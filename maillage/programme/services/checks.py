"""Checks the services share: that the organisations, places, people and actions a fiche
names belong to its territory."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from maillage.core.roles import Role
from maillage.territories.models import GeoUnit, Membership, Organisation, Territory


def partner_organisations(
    territory: Territory, organisations: Iterable[Organisation], field: str
) -> list[Organisation]:
    items = list(organisations)
    if not items:
        return items
    known = set(
        Organisation.objects.partners_of(territory)
        .filter(pk__in=[o.pk for o in items])
        .values_list("pk", flat=True)
    )
    strangers = [o.name for o in items if o.pk not in known]
    if strangers:
        raise ValidationError(
            {
                field: _("Ces organisations ne sont pas partenaires du territoire : %s.")
                % ", ".join(strangers)
            }
        )
    return items


def places(territory: Territory, units: Iterable[GeoUnit]) -> list[GeoUnit]:
    items = list(units)
    if any(u.territory_id != territory.pk for u in items):
        raise ValidationError({"places": _("Ces lieux n’appartiennent pas au territoire.")})
    return items


def territory_and_ancestors(territory: Territory) -> list[int]:
    ids: list[int] = []
    current: Territory | None = territory
    while current is not None and len(ids) < 10:
        ids.append(current.pk)
        current = current.parent
    return ids


def referents(territory: Territory, users: Iterable[Any]) -> list[Any]:
    """Referents are professionals of the territory (or of a territory containing it)."""
    items = list(users)
    if not items:
        return items
    allowed = set(
        Membership.objects.active()
        .filter(territory_id__in=territory_and_ancestors(territory), user__in=items)
        .filter(~Q(role=Role.RESIDENT))
        .values_list("user_id", flat=True)
    )
    strangers = [u.full_name for u in items if u.pk not in allowed]
    if strangers:
        raise ValidationError(
            {
                "referents": _("Ces personnes ne sont pas professionnelles du territoire : %s.")
                % ", ".join(strangers)
            }
        )
    return items


def clean_text(value: str) -> str:
    return (value or "").strip()
