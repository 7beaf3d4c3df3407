"""Who sees and edits the programme (docs/access.md).

- Members of an action's pilot organisations edit it; so do the territory's coordinators.
- An action's partner organisations read it even when it is kept to its members.
- Partners read partner-visible actions; the public reads public ones.
- A fiche's history (who changed what) is for the territory's partners, not the public.
- Axes and objectives are the public frame of the programme; coordinators shape it.
- Essaimage: those who edit a fiche offer it as a fiche inspirante, read by everyone
  (public) or by the PST network (partner-level people of any territory); the
  coordinators of any other territory copy it (docs/programme.md, "Essaimage")."""

from abc import abstractmethod
from typing import Any

from django.db.models import Q

from maillage.core import access
from maillage.core.access import Actor, Policy, TerritoryScopedPolicy
from maillage.core.roles import Role, Visibility
from maillage.programme.models import Action, Axis, ImportBatch, InspiringModel, Objective
from maillage.territories.models import Territory


@access.register
class ActionPolicy(TerritoryScopedPolicy):
    kind = "action"
    model = Action
    verbs = ("view", "change", "view_history", "offer_model")
    members_path = "pilots"
    partners_path = "partner_links__organisation"

    def member_org_ids(self, obj: Action) -> set[int]:
        return access._related_ids(obj, "pilots") | access._related_ids(obj, self.partners_path)

    def visible_q(self, actor: Actor) -> Q:
        q = super().visible_q(actor)
        return q | self._org_scoped_q(
            actor, Visibility.MEMBERS, self.partners_path, actor.partner_level_territories()
        )

    def can_change(self, actor: Actor, obj: Action) -> bool:
        # Nobody edits what they may not read (a restricted fiche hides even from the
        # coordinators).
        if not self.can_view(actor, obj):
            return False
        if actor.is_coordinator(obj.territory_id):
            return True
        orgs = actor.orgs_in(obj.territory_id)
        return Role.PARTNER in actor.roles_in(obj.territory_id) and bool(
            orgs & {o.pk for o in obj.pilots.all()}
        )

    def can_view_history(self, actor: Actor, obj: Action) -> bool:
        return self.can_view(actor, obj) and actor.is_partner_level(obj.territory_id)

    def can_offer_model(self, actor: Actor, obj: Action) -> bool:
        """Offer the fiche as a fiche inspirante (or change or withdraw its model): those
        who edit it, unless it is kept to named organisations."""
        return obj.visibility != Visibility.RESTRICTED and self.can_change(actor, obj)


@access.register
class InspiringModelPolicy(Policy):
    """A fiche inspirante: read by everyone (public) or by the partner-level people of any
    territory (the PST network) while it is offered; copied by the coordinators of any
    other territory (the service then checks the chosen territory); changed and withdrawn
    by those who edit the fiche. A withdrawn model is read only by those who edit the
    fiche (its history, and offering it again); one whose fiche became restricted by
    nobody but the platform admins."""

    kind = "inspiring_model"
    model = InspiringModel
    verbs = ("view", "copy", "change", "withdraw")

    def can_view(self, actor: Actor, obj: InspiringModel) -> bool:
        if actor.is_admin:
            return True
        if obj.action.visibility == Visibility.RESTRICTED:
            return False
        if obj.withdrawn_at is not None:
            # Its history stays readable by those who offered it (and may offer it again).
            return ActionPolicy().can_offer_model(actor, obj.action)
        if obj.visibility == Visibility.PUBLIC:
            return True
        return bool(actor.partner_level_territories())

    def visible_q(self, actor: Actor) -> Q:
        audience = Q(visibility=Visibility.PUBLIC)
        if actor.partner_level_territories():
            audience |= Q(visibility=Visibility.PARTNERS)
        offered = Q(withdrawn_at__isnull=True) & audience
        return ~Q(action__visibility=Visibility.RESTRICTED) & (
            offered | (Q(withdrawn_at__isnull=False) & self._offerers_q(actor))
        )

    def _offerers_q(self, actor: Actor) -> Q:
        """Models of the fiches the actor edits: the territory's coordinators, and the
        partners whose organisation pilots the fiche (ActionPolicy.can_change)."""
        q = Q(action__territory_id__in=actor.coordinated_territories())
        partner_in = actor.territories_with({Role.PARTNER})
        groups = actor.territories_by_orgs(partner_in)
        if groups:
            piloted = Q()
            for orgs, tids in groups.items():
                piloted |= Q(territory_id__in=tids, pilots__in=sorted(orgs))
            q |= Q(action_id__in=Action.objects.filter(piloted).values("pk"))
        return q

    def can_copy(self, actor: Actor, obj: InspiringModel) -> bool:
        if obj.withdrawn_at is not None or not self.can_view(actor, obj):
            return False
        return actor.is_admin or bool(actor.coordinated_territories() - {obj.action.territory_id})

    def can_change(self, actor: Actor, obj: InspiringModel) -> bool:
        return (
            obj.withdrawn_at is None
            and self.can_view(actor, obj)
            and ActionPolicy().can_offer_model(actor, obj.action)
        )

    def can_withdraw(self, actor: Actor, obj: InspiringModel) -> bool:
        return self.can_change(actor, obj)


class _StructurePolicy(Policy):
    """Axes and objectives are the public frame of the programme."""

    verbs = ("view", "change")

    @abstractmethod
    def territory_of(self, obj: Any) -> int:
        """The id of the territory the object belongs to."""

    def can_view(self, actor: Actor, obj: Any) -> bool:
        return True

    def can_change(self, actor: Actor, obj: Any) -> bool:
        return actor.is_coordinator(self.territory_of(obj))

    def visible_q(self, actor: Actor) -> Q:
        return Q()


@access.register
class AxisPolicy(_StructurePolicy):
    kind = "axis"
    model = Axis

    def territory_of(self, obj: Axis) -> int:
        return obj.territory_id


@access.register
class ObjectivePolicy(_StructurePolicy):
    kind = "objective"
    model = Objective

    def territory_of(self, obj: Objective) -> int:
        return obj.axis.territory_id


@access.register
class ImportBatchPolicy(Policy):
    """An uploaded file is seen and applied by the person who uploaded it, while they
    still may import into the territory."""

    kind = "programme_import"
    model = ImportBatch
    verbs = ("view", "apply")

    def can_view(self, actor: Actor, obj: ImportBatch) -> bool:
        return actor.is_admin or (actor.user_id is not None and obj.created_by_id == actor.user_id)

    def can_apply(self, actor: Actor, obj: ImportBatch) -> bool:
        if not self.can_view(actor, obj):
            return False
        if obj.kind == ImportBatch.Kind.ACTIONS:
            return _can_import_actions(actor, obj.territory)
        return _can_import_measurements(actor, obj.territory)

    def visible_q(self, actor: Actor) -> Q:
        if actor.user_id is None:
            return Q(pk__in=[])
        return Q(created_by_id=actor.user_id)


def _is_coordinator(actor: Actor, territory: Territory) -> bool:
    return actor.is_coordinator(territory.pk)


def _can_import_actions(actor: Actor, territory: Territory) -> bool:
    return actor.is_coordinator(territory.pk)


def _can_import_measurements(actor: Actor, territory: Territory) -> bool:
    """Partners may send a file of measurements; each row is then checked against the
    actions they may edit."""
    return actor.is_coordinator(territory.pk) or Role.PARTNER in actor.roles_in(territory.pk)


def _is_partner_level(actor: Actor, territory: Territory) -> bool:
    return actor.is_partner_level(territory.pk)


access.add_verb(Territory, "create_action", _is_coordinator)
access.add_verb(Territory, "manage_programme", _is_coordinator)
access.add_verb(Territory, "import_actions", _can_import_actions)
access.add_verb(Territory, "import_measurements", _can_import_measurements)
access.add_verb(Territory, "follow_actions", _is_partner_level)
access.add_verb(Territory, "view_programme_history", _is_partner_level)
