"""Who sees and does what in the network's life: news, public events, registrations and
co-branded communication (docs/community.md, docs/access.md).

- Contributors of a territory are its coordinators and the partners acting for one of
  their organisations (the network's rule, ``contribute_network``): they write news,
  events and joint documents in the name of their organisation.
- A published post or event is read by its audience (``public``: everyone; ``partners``:
  the territory's partner-level roles). Before publication it is read by the
  coordination, the organisation that wrote it and the co-signing organisations, who
  must approve before their name and logo are shown.
- A territory may ask its coordination to validate news and events before they are
  published (``CommunitySettings.coordinator_validation``).
- Registrations are personal data: read by the person registered, the organisers and
  the coordination.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Q

from maillage.community.models import (
    Communication,
    CommunitySettings,
    Editorial,
    Event,
    Post,
    Registration,
)
from maillage.core import access
from maillage.core.access import Actor, Policy
from maillage.core.roles import Role, Visibility
from maillage.territories.models import Territory

NOTHING = Q(pk__in=[])


def contributes(actor: Actor, territory_id: int | None) -> bool:
    """Coordinators, and partners on behalf of their organisation."""
    if actor.is_admin or actor.has_role(territory_id, Role.COORDINATOR):
        return True
    return actor.has_role(territory_id, Role.PARTNER) and bool(actor.orgs_in(territory_id))


def _contributing(actor: Actor) -> dict[frozenset[int], list[int]]:
    """The territories where the actor contributes with organisations, grouped by those
    organisations (``Actor.territories_by_orgs``)."""
    return actor.territories_by_orgs(tid for tid in actor.org_ids if contributes(actor, tid))


def requires_validation(territory_id: int) -> bool:
    return CommunitySettings.objects.filter(
        territory_id=territory_id, coordinator_validation=True
    ).exists()


def may_sign(actor: Actor, obj: Any, relation: str) -> bool:
    """Answer for one's organisation, when it is among those asked to co-sign
    (``obj.<relation>``: news, events, joint communications)."""
    tid = obj.territory_id
    asked = {s.organisation_id for s in getattr(obj, relation).all()}
    return contributes(actor, tid) and bool(actor.orgs_in(tid) & asked)


class _Signed(Policy):
    """Posts and events: an author organisation, co-signers, an audience and a state."""

    verbs: ClassVar[tuple[str, ...]] = ("view", "change", "validate", "sign")
    published_states: ClassVar[tuple[str, ...]] = (Editorial.PUBLISHED,)

    def _involved_orgs(self, obj: Any) -> set[int]:
        relation = "signatories" if isinstance(obj, Post) else "organisers"
        return {obj.organisation_id} | {s.organisation_id for s in getattr(obj, relation).all()}

    def can_view(self, actor: Actor, obj: Any) -> bool:
        tid = obj.territory_id
        if actor.is_admin or actor.is_coordinator(tid):
            return True
        if obj.status in self.published_states:
            if obj.visibility == Visibility.PUBLIC:
                return True
            if actor.is_partner_level(tid):
                return True
        return contributes(actor, tid) and bool(actor.orgs_in(tid) & self._involved_orgs(obj))

    def can_change(self, actor: Actor, obj: Any) -> bool:
        tid = obj.territory_id
        if actor.is_admin or actor.has_role(tid, Role.COORDINATOR):
            return True
        return contributes(actor, tid) and obj.organisation_id in actor.orgs_in(tid)

    def can_validate(self, actor: Actor, obj: Any) -> bool:
        return actor.is_admin or actor.has_role(obj.territory_id, Role.COORDINATOR)

    def can_sign(self, actor: Actor, obj: Any) -> bool:
        return may_sign(actor, obj, "signatories" if isinstance(obj, Post) else "organisers")

    def visible_q(self, actor: Actor) -> Q:
        relation = "signatories" if self.model is Post else "organisers"
        published = Q(status__in=self.published_states)
        q = published & Q(visibility=Visibility.PUBLIC)
        partner_tids = actor.partner_level_territories()
        if partner_tids:
            q |= published & Q(visibility=Visibility.PARTNERS, territory_id__in=partner_tids)
        coordinated = actor.coordinated_territories()
        if coordinated:
            q |= Q(territory_id__in=coordinated)
        # One clause per set of organisations, not per territory: a Département agent
        # contributes with the same organisations in hundreds of communes.
        for orgs, tids in _contributing(actor).items():
            involved = self.model._default_manager.filter(  # type: ignore[attr-defined]
                Q(organisation_id__in=orgs) | Q(**{f"{relation}__organisation_id__in": orgs}),
                territory_id__in=tids,
            )
            q |= Q(pk__in=involved.values("pk"))
        return q


@access.register
class PostPolicy(_Signed):
    kind = "post"
    model = Post


@access.register
class EventPolicy(_Signed):
    kind = "public_event"
    model = Event
    verbs = ("view", "change", "validate", "sign", "register")
    # A cancelled event stays readable by its audience, with its cancellation shown.
    published_states = (Event.Status.PUBLISHED, Event.Status.CANCELLED)

    def can_register(self, actor: Actor, obj: Event) -> bool:
        """Anyone who reads a published event with open registrations, signed in or not."""
        return (
            obj.status == Event.Status.PUBLISHED
            and obj.registration_open
            and self.can_view(actor, obj)
        )


@access.register
class RegistrationPolicy(Policy):
    kind = "registration"
    model = Registration
    verbs = ("view", "cancel")

    def can_view(self, actor: Actor, obj: Registration) -> bool:
        if actor.user_id is not None and obj.user_id == actor.user_id:
            return True
        return access.policy_for(Event).can(actor, "change", obj.event)

    can_cancel = can_view

    def visible_q(self, actor: Actor) -> Q:
        if actor.user_id is None:
            return NOTHING
        q = Q(user_id=actor.user_id)
        coordinated = actor.coordinated_territories()
        if coordinated:
            q |= Q(event__territory_id__in=coordinated)
        for orgs, tids in _contributing(actor).items():
            q |= Q(event__territory_id__in=tids, event__organisation_id__in=orgs)
        return q


@access.register
class CommunicationPolicy(Policy):
    """Drafts are read by the organisations involved and the coordination; a released
    document (a poster, a letter to families) is read by every partner of the territory,
    who prints and hands it out."""

    kind = "communication"
    model = Communication
    verbs = ("view", "change", "sign", "download")

    def _involved(self, actor: Actor, obj: Communication) -> bool:
        orgs = actor.orgs_in(obj.territory_id)
        asked = {s.organisation_id for s in obj.signatories.all()}
        return contributes(actor, obj.territory_id) and bool(orgs & ({obj.organisation_id} | asked))

    def can_view(self, actor: Actor, obj: Communication) -> bool:
        if obj.status == Communication.Status.RELEASED and actor.is_partner_level(obj.territory_id):
            return True
        if actor.is_admin or actor.has_role(obj.territory_id, Role.COORDINATOR):
            return True
        return self._involved(actor, obj)

    def can_change(self, actor: Actor, obj: Communication) -> bool:
        if obj.status == Communication.Status.RELEASED:
            return False
        tid = obj.territory_id
        if actor.is_admin or actor.has_role(tid, Role.COORDINATOR):
            return True
        return contributes(actor, tid) and obj.organisation_id in actor.orgs_in(tid)

    def can_sign(self, actor: Actor, obj: Communication) -> bool:
        return may_sign(actor, obj, "signatories")

    def can_download(self, actor: Actor, obj: Communication) -> bool:
        return (
            obj.status == Communication.Status.RELEASED
            and bool(obj.pdf)
            and self.can_view(actor, obj)
        )

    def visible_q(self, actor: Actor) -> Q:
        q = Q(
            status=Communication.Status.RELEASED,
            territory_id__in=actor.partner_level_territories(),
        )
        coordinated = actor.coordinated_territories()
        if coordinated:
            q |= Q(territory_id__in=coordinated)
        for orgs, tids in _contributing(actor).items():
            involved = Communication.objects.filter(
                Q(organisation_id__in=orgs) | Q(signatories__organisation_id__in=orgs),
                territory_id__in=tids,
            )
            q |= Q(pk__in=involved.values("pk"))
        return q


def _contributes(actor: Actor, territory: Territory) -> bool:
    return contributes(actor, territory.pk)


def _runs(actor: Actor, territory: Territory) -> bool:
    return actor.is_admin or actor.has_role(territory.pk, Role.COORDINATOR)


access.add_verb(Territory, "contribute_community", _contributes)
access.add_verb(Territory, "run_community", _runs)
