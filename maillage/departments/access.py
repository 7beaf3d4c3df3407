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


# --------------------------------------------------------------------------- new territory
# (docs/departments.md, "Nouveau territoire"): a commune's own coordinators (a role held
# on the commune itself; a Département's is read there as partner only) and platform
# admins set up its programme from another PST's structure.


def _sets_up(actor: Actor, territory: Territory) -> bool:
    return territory.kind == Territory.Kind.COMMUNE and actor.is_coordinator(territory.pk)


access.add_verb(Territory, "set_up", _sets_up)
