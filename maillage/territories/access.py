"""Who sees and does what with territories, organisations and memberships."""

from typing import Any

from django.db.models import Exists, OuterRef, Q

from maillage.core import access
from maillage.core.access import Actor, Policy, TerritoryScopedPolicy
from maillage.core.roles import Role, Visibility
from maillage.territories.models import (
    GeoUnit,
    Membership,
    Organisation,
    Partnership,
    Territory,
)


@access.register
class TerritoryPolicy(Policy):
    kind = "territory"
    model = Territory
    verbs = ("view", "manage", "invite", "view_audit", "add_organisation", "view_people")

    def can_view(self, actor: Actor, obj: Territory) -> bool:
        return obj.visibility == Visibility.PUBLIC or actor.is_partner_level(obj.pk)

    def can_manage(self, actor: Actor, obj: Territory) -> bool:
        return actor.is_coordinator(obj.pk)

    can_invite = can_manage
    can_view_audit = can_manage
    can_add_organisation = can_manage

    def can_view_people(self, actor: Actor, obj: Territory) -> bool:
        """The partners' contact details: e-mails and phone numbers of professionals."""
        return actor.is_partner_level(obj.pk)

    def visible_q(self, actor: Actor) -> Q:
        q = Q(visibility=Visibility.PUBLIC)
        partner_tids = actor.partner_level_territories()
        if partner_tids:
            q |= Q(pk__in=partner_tids)
        return q


def _org_territory_ids(obj: Organisation) -> set[int]:
    """The territories of the organisation's partnerships, as far as the rules below need
    them: each rule asks about the reader's roles there, so a page may prefetch only the
    partnerships in the reader's territories (``selectors.organisation_or_404``)."""
    return {p.territory_id for p in obj.partnerships.all()}


@access.register
class OrganisationPolicy(Policy):
    kind = "organisation"
    model = Organisation
    verbs = ("view", "view_contacts", "change")

    def can_view(self, actor: Actor, obj: Organisation) -> bool:
        if actor.is_admin or obj.visibility == Visibility.PUBLIC:
            return True
        return any(actor.is_partner_level(tid) for tid in _org_territory_ids(obj))

    def can_view_contacts(self, actor: Actor, obj: Organisation) -> bool:
        if actor.is_admin or obj.pk in actor.all_org_ids():
            return True
        return any(actor.is_partner_level(tid) for tid in _org_territory_ids(obj))

    def can_change(self, actor: Actor, obj: Organisation) -> bool:
        if actor.is_admin:
            return True
        territory_ids = _org_territory_ids(obj)
        if any(actor.has_role(tid, Role.COORDINATOR) for tid in territory_ids):
            return True
        return any(
            obj.pk in actor.orgs_in(tid) and actor.has_role(tid, Role.PARTNER)
            for tid in territory_ids
        )

    def visible_q(self, actor: Actor) -> Q:
        q = Q(visibility=Visibility.PUBLIC)
        partner_tids = actor.partner_level_territories()
        if partner_tids:
            # A correlated EXISTS probes the organisation's own partnerships (index on
            # organisation_id) instead of listing every partner of every territory.
            q |= Q(
                Exists(
                    Partnership.objects.filter(
                        organisation_id=OuterRef("pk"), territory_id__in=partner_tids
                    )
                )
            )
        return q


@access.register
class GeoUnitPolicy(TerritoryScopedPolicy):
    """Geography is public, like the territory it belongs to."""

    kind = "geounit"
    model = GeoUnit
    verbs = ("view", "change")

    def can_view(self, actor: Actor, obj: Any) -> bool:
        return True

    def can_change(self, actor: Actor, obj: GeoUnit) -> bool:
        return actor.is_coordinator(obj.territory_id)

    def visible_q(self, actor: Actor) -> Q:
        return Q()


@access.register
class MembershipPolicy(Policy):
    """A membership shows who works where. Residents' memberships are never listed to
    anyone but themselves, the territory's coordinators and admins."""

    kind = "membership"
    model = Membership
    verbs = ("view", "end")

    def can_view(self, actor: Actor, obj: Membership) -> bool:
        if actor.is_admin or obj.user_id == actor.user_id:
            return True
        if actor.is_coordinator(obj.territory_id):
            return True
        if obj.role == Role.RESIDENT:
            return False
        return obj.organisation_id is not None

    def can_end(self, actor: Actor, obj: Membership) -> bool:
        return actor.has_role(obj.territory_id, Role.COORDINATOR) or actor.is_admin

    def visible_q(self, actor: Actor) -> Q:
        q = Q(organisation__isnull=False) & ~Q(role=Role.RESIDENT)
        if actor.user_id is not None:
            q |= Q(user_id=actor.user_id)
        coordinated = actor.coordinated_territories()
        if coordinated:
            q |= Q(territory_id__in=coordinated)
        return q
