"""Who sees and does what in the evaluation (docs/evaluation.md, docs/access.md).

# --- p15-cycle: campaigns, bilans, questionnaire, snapshots
- A campaign, its progress and its snapshot are read by the territory's partner-level
  roles (partners, elected officials, coordinators, the Département's people); only the
  coordinators open, set and close it.
- A bilan is read by the coordinators and the people of the fiche's pilot and partner
  organisations (never by someone who may not read the fiche); once validated, by
  everyone who may read the fiche when the campaign makes validated bilans public.
- Only the people of the fiche's pilot organisations (partner role) write and submit it,
  while the collection is open; the fiche's partner organisations comment and co-sign;
  the coordinators validate or send back a submitted bilan.
- The partnership questionnaire is answered by the people of the territory's partner
  organisations (partner role), for their organisation, while the campaign is open.
- The one-page resident summary of a closed year is public.
# --- end p15-cycle
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from maillage.core import access
from maillage.core.access import Actor, Policy
from maillage.core.roles import Role
from maillage.evaluation.models import Bilan, Campaign, Snapshot
from maillage.programme.models import Action
from maillage.territories.models import Territory

# --- p15-cycle: campaigns, bilans, questionnaire, snapshots


def _pilot_ids(action: Action) -> set[int]:
    return access._related_ids(action, "pilots")


def _partner_ids(action: Action) -> set[int]:
    return access._related_ids(action, "partner_links__organisation")


def _writes_for(actor: Actor, territory_id: int, org_ids: set[int]) -> bool:
    """A professional (partner role) of one of ``org_ids`` on the territory."""
    return Role.PARTNER in actor.roles_in(territory_id) and bool(
        actor.orgs_in(territory_id) & org_ids
    )


@access.register
class CampaignPolicy(Policy):
    kind = "campaign"
    model = Campaign
    verbs = ("view", "change", "close", "answer_questionnaire")

    def can_view(self, actor: Actor, obj: Campaign) -> bool:
        return actor.is_partner_level(obj.territory_id)

    def can_change(self, actor: Actor, obj: Campaign) -> bool:
        return obj.is_open and actor.is_coordinator(obj.territory_id)

    def can_close(self, actor: Actor, obj: Campaign) -> bool:
        return obj.is_open and actor.is_coordinator(obj.territory_id)

    def can_answer_questionnaire(self, actor: Actor, obj: Campaign) -> bool:
        return (
            obj.is_open
            and Role.PARTNER in actor.roles_in(obj.territory_id)
            and bool(actor.orgs_in(obj.territory_id))
        )

    def visible_q(self, actor: Actor) -> Q:
        return Q(territory_id__in=actor.partner_level_territories())


def _action_visible(actor: Actor, action: Action) -> bool:
    return access.policy_for(Action).can(actor, "view", action)


@access.register
class BilanPolicy(Policy):
    kind = "bilan"
    model = Bilan
    verbs = ("view", "write", "comment", "validate")

    def can_view(self, actor: Actor, obj: Bilan) -> bool:
        if actor.is_admin:
            return True
        if not _action_visible(actor, obj.action):
            return False
        if obj.state == Bilan.State.VALIDATED and obj.campaign.bilans_public:
            return True
        territory_id = obj.campaign.territory_id
        if actor.is_coordinator(territory_id):
            return True
        return bool(
            actor.orgs_in(territory_id) & (_pilot_ids(obj.action) | _partner_ids(obj.action))
        )

    def can_write(self, actor: Actor, obj: Bilan) -> bool:
        if not (obj.is_writable and obj.campaign.is_open and self.can_view(actor, obj)):
            return False
        return _writes_for(actor, obj.campaign.territory_id, _pilot_ids(obj.action))

    def can_comment(self, actor: Actor, obj: Bilan) -> bool:
        if obj.state == Bilan.State.TODO or not obj.campaign.is_open:
            return False
        if not self.can_view(actor, obj):
            return False
        return _writes_for(actor, obj.campaign.territory_id, _partner_ids(obj.action))

    def can_validate(self, actor: Actor, obj: Bilan) -> bool:
        return (
            obj.state == Bilan.State.SUBMITTED
            and obj.campaign.is_open
            and self.can_view(actor, obj)
            and actor.is_coordinator(obj.campaign.territory_id)
        )

    def visible_q(self, actor: Actor) -> Q:
        actions = access.visible(actor, Action.objects.all()).values("pk")
        q = Q(state=Bilan.State.VALIDATED, campaign__bilans_public=True)
        coordinated = actor.coordinated_territories()
        if coordinated:
            q |= Q(campaign__territory_id__in=coordinated)
        for orgs, territory_ids in actor.territories_by_orgs(actor.org_ids).items():
            linked = Action.objects.filter(
                Q(pilots__in=orgs) | Q(partner_links__organisation__in=orgs)
            ).values("pk")
            q |= Q(campaign__territory_id__in=territory_ids, action_id__in=linked)
        return Q(action_id__in=actions) & q


@access.register
class SnapshotPolicy(Policy):
    kind = "snapshot"
    model = Snapshot
    verbs = ("view", "read_summary")

    def can_view(self, actor: Actor, obj: Snapshot) -> bool:
        return actor.is_partner_level(obj.territory_id)

    def can_read_summary(self, actor: Actor, obj: Snapshot) -> bool:
        return True

    def visible_q(self, actor: Actor) -> Q:
        return Q(territory_id__in=actor.partner_level_territories())


def _view_evaluation(actor: Actor, territory: Any) -> bool:
    return actor.is_partner_level(territory.pk)


def _manage_evaluation(actor: Actor, territory: Any) -> bool:
    return actor.is_coordinator(territory.pk)


access.add_verb(Territory, "view_evaluation", _view_evaluation)
access.add_verb(Territory, "manage_evaluation", _manage_evaluation)
# --- end p15-cycle
