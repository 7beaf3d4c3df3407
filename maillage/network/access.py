"""Who sees and edits the réseau.

Services, contact points and procedures follow the territory's visibilities: ``public``
(anyone), ``partners`` (the territory's partner-level roles), ``members`` (the owning
organisation's members and the coordinators: a draft). Members of the owning organisation
(partner role in the territory) and coordinators edit them. Contributing needs a
partner-level role with an organisation; running the réseau (rules, reminders, imports)
is the coordinators'."""

from typing import Any

from django.db.models import Q

from maillage.core import access
from maillage.core.access import Actor, Policy, TerritoryScopedPolicy
from maillage.core.roles import Role
from maillage.network.models import ContactPoint, ImportBatch, Procedure, Service
from maillage.territories.models import Territory


class _OwnedPolicy(TerritoryScopedPolicy):
    verbs = ("view", "change")
    members_path = "organisation"
    restricted_path = None

    def can_change(self, actor: Actor, obj: Any) -> bool:
        if not self.can_view(actor, obj):
            return False
        if actor.is_coordinator(obj.territory_id):
            return True
        return (
            Role.PARTNER in actor.roles_in(obj.territory_id)
            and obj.organisation_id is not None
            and obj.organisation_id in actor.orgs_in(obj.territory_id)
        )


@access.register
class ServicePolicy(_OwnedPolicy):
    kind = "service"
    model = Service


@access.register
class ContactPointPolicy(_OwnedPolicy):
    kind = "contact_point"
    model = ContactPoint


@access.register
class ProcedurePolicy(_OwnedPolicy):
    kind = "procedure"
    model = Procedure


@access.register
class ImportBatchPolicy(Policy):
    """An import is read and confirmed by the territory's coordinators."""

    kind = "network_import"
    model = ImportBatch
    verbs = ("view", "apply")

    def can_view(self, actor: Actor, obj: ImportBatch) -> bool:
        return actor.is_admin or actor.has_role(obj.territory_id, Role.COORDINATOR)

    can_apply = can_view

    def visible_q(self, actor: Actor) -> Q:
        territories = {tid for tid, roles in actor.roles.items() if Role.COORDINATOR in roles}
        return Q(territory_id__in=territories)


def _can_contribute(actor: Actor, territory: Territory) -> bool:
    """Add services, contact points and procedures: coordinators, and partners on
    behalf of their organisation."""
    if actor.is_admin or actor.has_role(territory.pk, Role.COORDINATOR):
        return True
    return actor.has_role(territory.pk, Role.PARTNER) and bool(actor.orgs_in(territory.pk))


def _can_run(actor: Actor, territory: Territory) -> bool:
    """Freshness rules, reminders, imports: the territory's coordinators."""
    return actor.is_admin or actor.has_role(territory.pk, Role.COORDINATOR)


access.add_verb(Territory, "contribute_network", _can_contribute)
access.add_verb(Territory, "run_network", _can_run)
