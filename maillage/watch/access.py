"""Who sees and does what in the veille (docs/watch.md, docs/access.md).

A signal is never public and never shown to residents. It is seen by:

- the cellule de veille of its territory — the people taking part in the territory's
  body of kind ``watch`` (its member organisations' people, its chair and secretary)
  and the territory's coordinators — who triage and orient it;
- the reporting organisation's people and its author, and the people of the
  organisations that corroborate it (they see what became of it: "suite donnée");
- when its audience is "all partners", every partner-level person of the territory
  (partners, elected people, coordinators, and Département people in its communes).

Reporting and corroborating take a partner-level role in the territory *and* an
organisation there: a signal is always reported by an organisation. Orienting a signal
goes through the target capability's own rights (services.orient): what the person may
not do there becomes a proposal that a coordinator confirms.
"""

from __future__ import annotations

from django.db.models import Q

from maillage.core import access
from maillage.core.access import Actor, Policy
from maillage.governance.access import involved_body_ids
from maillage.governance.models import Body
from maillage.territories.models import Territory
from maillage.watch.models import Corroboration, Orientation, Signal, WatchSettings

NOTHING = Q(pk__in=[])

_CACHE_KEY = "_watch_cell_territories"


def cell_territories(actor: Actor) -> frozenset[int]:
    """The territories whose cellule de veille the actor takes part in. Derived from
    governance's per-request set of the actor's bodies (refreshed when a body or a
    membership changes), and read again only when that set changes."""
    if actor.user_id is None:
        return frozenset()
    bodies = involved_body_ids(actor)
    cached = actor.__dict__.get(_CACHE_KEY)
    if cached is not None and cached[0] is bodies:
        return cached[1]
    ids = (
        frozenset(
            Body.objects.filter(pk__in=bodies, kind=Body.Kind.WATCH, is_archived=False).values_list(
                "territory_id", flat=True
            )
        )
        if bodies
        else frozenset()
    )
    # Actor is a frozen dataclass: its __dict__ still takes a private cache entry.
    actor.__dict__[_CACHE_KEY] = (bodies, ids)
    return ids


def in_cell(actor: Actor, territory_id: int | None) -> bool:
    """May triage the territory's signals: a coordinator, or a member of its cellule."""
    if territory_id is None or not actor.is_partner_level(territory_id):
        return False
    return actor.is_coordinator(territory_id) or territory_id in cell_territories(actor)


def may_report(actor: Actor, territory_id: int | None) -> bool:
    return (
        territory_id is not None
        and actor.is_partner_level(territory_id)
        and bool(actor.orgs_in(territory_id) or actor.is_admin)
    )


def is_involved(actor: Actor, signal: Signal) -> bool:
    if actor.user_id is not None and signal.author_id == actor.user_id:
        return True
    orgs = actor.orgs_in(signal.territory_id)
    if not orgs:
        return False
    if signal.organisation_id in orgs:
        return True
    return signal.corroborations.filter(organisation_id__in=orgs).exists()


def corroborating_orgs(actor: Actor, signal: Signal) -> set[int]:
    """The actor's organisations that may still corroborate the signal."""
    orgs = set(actor.orgs_in(signal.territory_id)) - {signal.organisation_id}
    if orgs:
        orgs -= set(
            signal.corroborations.filter(organisation_id__in=orgs).values_list(
                "organisation_id", flat=True
            )
        )
    return orgs


@access.register
class SignalPolicy(Policy):
    kind = "signal"
    model = Signal
    verbs = ("view", "corroborate", "triage")

    def can_view(self, actor: Actor, obj: Signal) -> bool:
        if actor.is_admin:
            return True
        tid = obj.territory_id
        if not actor.is_partner_level(tid):
            return False
        if obj.audience == Signal.Audience.PARTNERS or in_cell(actor, tid):
            return True
        return is_involved(actor, obj)

    def can_corroborate(self, actor: Actor, obj: Signal) -> bool:
        """An organisation of the actor that has not yet reported or corroborated it."""
        if not (
            obj.is_open
            and obj.merged_into_id is None
            and may_report(actor, obj.territory_id)
            and self.can_view(actor, obj)
        ):
            return False
        if actor.is_admin:
            return True
        return bool(corroborating_orgs(actor, obj))

    def can_triage(self, actor: Actor, obj: Signal) -> bool:
        return in_cell(actor, obj.territory_id)

    def visible_q(self, actor: Actor) -> Q:
        # One clause per kind of territory (the cellule's, the others) and per set of
        # organisations, not per territory: a Département agent reads hundreds of communes.
        partner_tids = actor.partner_level_territories()
        cell = sorted(tid for tid in partner_tids if in_cell(actor, tid))
        others = sorted(partner_tids - set(cell))
        q = NOTHING
        if cell:
            q |= Q(territory_id__in=cell)
        if others:
            seen = Q(audience=Signal.Audience.PARTNERS)
            if actor.user_id is not None:
                seen |= Q(author_id=actor.user_id)
            q |= Q(territory_id__in=others) & seen
            for orgs, tids in actor.territories_by_orgs(others).items():
                q |= Q(territory_id__in=tids) & (
                    Q(organisation_id__in=orgs)
                    | Q(
                        pk__in=Corroboration.objects.filter(
                            organisation_id__in=orgs, signal__territory_id__in=tids
                        ).values("signal_id")
                    )
                )
        return q


@access.register
class CorroborationPolicy(Policy):
    """Seen with its signal."""

    kind = "corroboration"
    model = Corroboration
    verbs = ("view",)

    def can_view(self, actor: Actor, obj: Corroboration) -> bool:
        return SignalPolicy().can_view(actor, obj.signal)

    def visible_q(self, actor: Actor) -> Q:
        return Q(signal__in=Signal.objects.filter(SignalPolicy().visible_q(actor)).values("pk"))


@access.register
class OrientationPolicy(Policy):
    """Seen with its signal; a proposal is decided by a coordinator of the territory."""

    kind = "orientation"
    model = Orientation
    verbs = ("view", "decide")

    def can_view(self, actor: Actor, obj: Orientation) -> bool:
        return SignalPolicy().can_view(actor, obj.signal)

    def can_decide(self, actor: Actor, obj: Orientation) -> bool:
        return obj.state == Orientation.State.PROPOSED and actor.is_coordinator(
            obj.signal.territory_id
        )

    def visible_q(self, actor: Actor) -> Q:
        return Q(signal__in=Signal.objects.filter(SignalPolicy().visible_q(actor)).values("pk"))


@access.register
class WatchSettingsPolicy(Policy):
    kind = "watch_settings"
    model = WatchSettings
    verbs = ("view", "change")

    def can_view(self, actor: Actor, obj: WatchSettings) -> bool:
        return actor.is_coordinator(obj.territory_id)

    def can_change(self, actor: Actor, obj: WatchSettings) -> bool:
        return actor.is_coordinator(obj.territory_id)

    def visible_q(self, actor: Actor) -> Q:
        coordinated = actor.coordinated_territories()
        return Q(territory_id__in=coordinated) if coordinated else NOTHING


def _use_watch(actor: Actor, territory: Territory) -> bool:
    return actor.is_partner_level(territory.pk)


def _report(actor: Actor, territory: Territory) -> bool:
    return may_report(actor, territory.pk)


def _triage(actor: Actor, territory: Territory) -> bool:
    return in_cell(actor, territory.pk)


def _manage(actor: Actor, territory: Territory) -> bool:
    return actor.is_coordinator(territory.pk)


access.add_verb(Territory, "use_watch", _use_watch)
access.add_verb(Territory, "report_signal", _report)
access.add_verb(Territory, "triage_signals", _triage)
access.add_verb(Territory, "manage_watch", _manage)
