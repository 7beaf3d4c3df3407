"""Who sees and does what in the evaluation (docs/evaluation.md, docs/access.md).

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
- The stored « Bilan annuel » of a closed year is read as its snapshot; only the
  coordinators ask for it to be generated.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from maillage.community.models import Registration
from maillage.core import access
from maillage.core.access import Actor, Policy
from maillage.core.roles import Role
from maillage.evaluation.models import (
    Bilan,
    Campaign,
    Conference,
    Proposal,
    ReportEdition,
    Snapshot,
)
from maillage.governance.models import Meeting
from maillage.programme.models import Action
from maillage.territories.models import Territory


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
    verbs = ("view", "read_summary", "generate_report")

    def can_view(self, actor: Actor, obj: Snapshot) -> bool:
        return actor.is_partner_level(obj.territory_id)

    def can_read_summary(self, actor: Actor, obj: Snapshot) -> bool:
        return True

    def can_generate_report(self, actor: Actor, obj: Snapshot) -> bool:
        return actor.is_coordinator(obj.territory_id)

    def visible_q(self, actor: Actor) -> Q:
        return Q(territory_id__in=actor.partner_level_territories())


@access.register
class ReportEditionPolicy(Policy):
    """The stored « Bilan annuel » is read by whoever reads the year's snapshot."""

    kind = "evaluation_report"
    model = ReportEdition
    verbs = ("view",)

    def can_view(self, actor: Actor, obj: ReportEdition) -> bool:
        return actor.is_partner_level(obj.territory_id)

    def visible_q(self, actor: Actor) -> Q:
        return Q(territory_id__in=actor.partner_level_territories())


def _view_evaluation(actor: Actor, territory: Any) -> bool:
    return actor.is_partner_level(territory.pk)


def _manage_evaluation(actor: Actor, territory: Any) -> bool:
    return actor.is_coordinator(territory.pk)


access.add_verb(Territory, "view_evaluation", _view_evaluation)
access.add_verb(Territory, "manage_evaluation", _manage_evaluation)


# =========================================================================== conférence sociale
# The conférence is seen by whoever sees its séance, and by everyone once its
# registrations are open or once it is held (its proposals and answers are then public).
# The territory's coordinators run it and answer the proposals.
HELD = (Meeting.Status.HELD, Meeting.Status.APPROVED)


def _registered(actor: Actor, conference: Conference) -> bool:
    if actor.user_id is None or conference.event_id is None:
        return False
    return Registration.objects.filter(
        event_id=conference.event_id,
        user_id=actor.user_id,
        status=Registration.Status.CONFIRMED,
    ).exists()


@access.register
class ConferencePolicy(Policy):
    kind = "conference"
    model = Conference
    verbs = ("view", "manage", "register", "propose", "vote")

    def can_view(self, actor: Actor, obj: Conference) -> bool:
        if actor.is_admin or actor.is_coordinator(obj.territory_id):
            return True
        if obj.registration_open or obj.meeting.status in HELD:
            return True
        return access.policy_for(Meeting).can(actor, "view", obj.meeting)

    def can_manage(self, actor: Actor, obj: Conference) -> bool:
        return actor.is_admin or actor.is_coordinator(obj.territory_id)

    def can_register(self, actor: Actor, obj: Conference) -> bool:
        """Anyone, signed in or not, while the registrations are open."""
        return obj.registration_open

    def can_propose(self, actor: Actor, obj: Conference) -> bool:
        """While proposals are collected: the coordination, the workshops' facilitators,
        and the residents registered (confirmed) for the conférence."""
        if actor.user_id is None or not obj.proposals_open or obj.voting_closed:
            return False
        if obj.meeting.status not in (Meeting.Status.CONVENED, *HELD):
            return False
        if self.can_manage(actor, obj):
            return True
        if obj.sessions.filter(facilitator_id=actor.user_id).exists():
            return True
        return _registered(actor, obj)

    def can_vote(self, actor: Actor, obj: Conference) -> bool:
        """While the vote is open: the partners, elected officials and coordinators of the
        territory, and the residents registered (confirmed)."""
        if actor.user_id is None or not obj.voting_open:
            return False
        return actor.is_partner_level(obj.territory_id) or _registered(actor, obj)

    def visible_q(self, actor: Actor) -> Q:
        q = Q(event__status="published", event__registration_open=True)
        q |= Q(meeting__status__in=HELD)
        q |= Q(meeting__in=access.visible(actor, Meeting.objects.all()).values("pk"))
        coordinated = actor.coordinated_territories()
        if coordinated:
            q |= Q(territory_id__in=coordinated)
        return q


@access.register
class ProposalPolicy(Policy):
    """Proposals are public once the conférence is held; before, the coordination and
    their author read them. The coordination answers them after the event."""

    kind = "conference_proposal"
    model = Proposal
    verbs = ("view", "answer")

    def can_view(self, actor: Actor, obj: Proposal) -> bool:
        conference = obj.conference
        if not ConferencePolicy().can_view(actor, conference):
            return False
        if conference.meeting.status in HELD or ConferencePolicy().can_manage(actor, conference):
            return True
        return actor.user_id is not None and obj.author_id == actor.user_id

    def can_answer(self, actor: Actor, obj: Proposal) -> bool:
        return obj.conference.meeting.status in HELD and ConferencePolicy().can_manage(
            actor, obj.conference
        )

    def visible_q(self, actor: Actor) -> Q:
        conferences = access.visible(actor, Conference.objects.all())
        q = Q(conference__meeting__status__in=HELD)
        coordinated = actor.coordinated_territories()
        if coordinated:
            q |= Q(conference__territory_id__in=coordinated)
        if actor.user_id is not None:
            q |= Q(author_id=actor.user_id)
        return Q(conference__in=conferences.values("pk")) & q


def _coordinates(actor: Actor, territory: Territory) -> bool:
    return actor.is_admin or actor.is_coordinator(territory.pk)


access.add_verb(Territory, "create_conference", _coordinates)
