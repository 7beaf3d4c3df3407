"""Who reads the departmental views (docs/departments.md).

The departmental views are verbs on the département's ``Territory``: its own partner-level
people (a role held on the département itself, not one reached from above) and platform
admins. What each view shows of a commune is then bounded by what the commune shares
(core/sharing.py): rows through the access engine's capability-scoped actor, counts only
where the commune shares at least aggregates.
"""

from __future__ import annotations

from django.db.models import Q

from maillage.core import access
from maillage.core.access import Actor
from maillage.core.roles import PARTNER_LEVEL
from maillage.core.sharing import Level, shares_at_least
from maillage.territories.models import Territory

UPPER_LEVELS = (Territory.Kind.DEPARTEMENT, Territory.Kind.EPCI)


def _reads_department(actor: Actor, territory: Territory) -> bool:
    if territory.kind not in UPPER_LEVELS:
        return False
    return actor.is_admin or bool(actor.roles_in(territory.pk) & PARTNER_LEVEL)


access.add_verb(Territory, "view_department", _reads_department)


# --------------------------------------------------------------------------- comparison
# Comparing the communes of a Département (docs/departments.md, "Comparer les communes"):
# the département's own partner-level people, and the partner-level people of one of its
# communes (their own role there, not one reached from above) where that commune shares
# its observatory at least as aggregates: a commune that keeps its figures to itself does
# not read the others'. What each reader sees of each commune is then the access engine's
# and statistical secrecy's business (observatory.selectors.sibling_figures).


def own_communes(actor: Actor, territory: Territory) -> list[Territory]:
    """The communes of ``territory`` (a département) where ``actor`` holds a
    partner-level role of their own, each with its sharing setting. One query, cached on
    the actor."""
    if actor.user_id is None or territory.kind != Territory.Kind.DEPARTEMENT:
        return []
    cache = actor.__dict__.setdefault("_own_communes", {})
    if territory.pk not in cache:
        own = [tid for tid in actor.partner_level_territories() if tid not in actor.inherited]
        cache[territory.pk] = (
            list(
                Territory.objects.filter(pk__in=own, kind=Territory.Kind.COMMUNE)
                .filter(Q(parent=territory) | Q(parent__parent=territory))
                .order_by("name")
            )
            if own
            else []
        )
    return cache[territory.pk]


def _compares_communes(actor: Actor, territory: Territory) -> bool:
    if territory.kind != Territory.Kind.DEPARTEMENT:
        return False
    if _reads_department(actor, territory):
        return True
    return any(
        shares_at_least(commune, "observatory", Level.AGGREGATES)
        for commune in own_communes(actor, territory)
    )


access.add_verb(Territory, "compare_communes", _compares_communes)
