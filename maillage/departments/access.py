"""Who reads the departmental views (docs/departments.md).

The departmental views are verbs on the département's ``Territory``: its own partner-level
people (a role held on the département itself, not one reached from above) and platform
admins. What each view shows of a commune is then bounded by what the commune shares
(core/sharing.py): rows through the access engine's capability-scoped actor, counts only
where the commune shares at least aggregates.
"""

from __future__ import annotations

from maillage.core import access
from maillage.core.access import Actor
from maillage.core.roles import PARTNER_LEVEL
from maillage.territories.models import Territory

UPPER_LEVELS = (Territory.Kind.DEPARTEMENT, Territory.Kind.EPCI)


def _reads_department(actor: Actor, territory: Territory) -> bool:
    if territory.kind not in UPPER_LEVELS:
        return False
    return actor.is_admin or bool(actor.roles_in(territory.pk) & PARTNER_LEVEL)


access.add_verb(Territory, "view_department", _reads_department)


# --------------------------------------------------------------------------- sharing setting
# (docs/departments.md, "Vue départementale et partage")


def _reads_sharing(actor: Actor, territory: Territory) -> bool:
    """What a commune shares with its Département is known to its own partner-level
    people and to the people who read it from above: nobody is surprised by it."""
    if territory.kind != Territory.Kind.COMMUNE or territory.parent_id is None:
        return False
    if actor.is_partner_level(territory.pk):
        return True
    above = [territory.parent_id]
    if territory.parent is not None and territory.parent.parent_id is not None:
        above.append(territory.parent.parent_id)
    return any(actor.roles_in(tid) & PARTNER_LEVEL for tid in above)


def _sets_sharing(actor: Actor, territory: Territory) -> bool:
    """Only the commune's own coordinators (and admins) decide it; never the Département."""
    if territory.kind != Territory.Kind.COMMUNE or territory.parent_id is None:
        return False
    return actor.is_coordinator(territory.pk)


access.add_verb(Territory, "view_department_sharing", _reads_sharing)
access.add_verb(Territory, "change_department_sharing", _sets_sharing)


# --------------------------------------------------------------------------- shared reference lists


def _manages_references(actor: Actor, territory: Territory) -> bool:
    """The Département's coordinators write its reference lists and publish them."""
    return territory.kind in UPPER_LEVELS and actor.is_coordinator(territory.pk)


def _has_upper_level(territory: Territory) -> bool:
    parent = territory.parent if territory.parent_id else None
    return parent is not None and parent.kind in UPPER_LEVELS


def _reads_references(actor: Actor, territory: Territory) -> bool:
    """A Département's lists: its own partner-level people; a commune's mappings onto its
    Département's lists: the commune's own partner-level people."""
    if territory.kind in UPPER_LEVELS:
        return _reads_department(actor, territory)
    return _has_upper_level(territory) and actor.is_partner_level(territory.pk)


def _maps_references(actor: Actor, territory: Territory) -> bool:
    """A commune's coordinators map its items onto its Département's lists."""
    return (
        territory.kind not in UPPER_LEVELS
        and _has_upper_level(territory)
        and actor.is_coordinator(territory.pk)
    )


access.add_verb(Territory, "view_references", _reads_references)
access.add_verb(Territory, "manage_references", _manages_references)
access.add_verb(Territory, "map_references", _maps_references)
