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
# --- Engagements (docs/departments.md, "Engagements")
# An organisation's engagements across territories: its own people (a membership for it,
# or for the organisation it belongs to, in any territory) and platform admins. What the
# list shows is then each row's own access rule.
from maillage.territories.models import Organisation  # noqa: E402


def _reads_engagements(actor: Actor, organisation: Organisation) -> bool:
    if actor.is_admin:
        return True
    own = actor.all_org_ids()
    return organisation.pk in own or (
        organisation.parent_id is not None and organisation.parent_id in own
    )


access.add_verb(Organisation, "view_engagements", _reads_engagements)
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
    own = [tid for tid in actor.partner_level_territories() if tid not in actor.inherited]
    if not own:
        return []
    communes: list[Territory] = actor.remember(
        ("own_communes", territory.pk),
        lambda: list(
            Territory.objects.filter(pk__in=own, kind=Territory.Kind.COMMUNE)
            .filter(Q(parent=territory) | Q(parent__parent=territory))
            .order_by("name")
        ),
    )
    return communes


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
# --------------------------------------------------------------------------- new territory
# (docs/departments.md, "Nouveau territoire"): a commune's own coordinators (a role held
# on the commune itself; a Département's is read there as partner only) and platform
# admins set up its programme from another PST's structure.


def _sets_up(actor: Actor, territory: Territory) -> bool:
    return territory.kind == Territory.Kind.COMMUNE and actor.is_coordinator(territory.pk)


access.add_verb(Territory, "set_up", _sets_up)
