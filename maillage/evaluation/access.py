"""Who sees and does what in the evaluation (docs/access.md, docs/evaluation.md)."""

from __future__ import annotations

from django.db.models import Q

# =========================================================================== conférence sociale
# (p15-conf) The conférence is seen by whoever sees its séance, and by everyone once its
# registrations are open or once it is held (its proposals and answers are then public).
# The territory's coordinators run it and answer the proposals.
from maillage.community.models import Registration
from maillage.core import access
from maillage.core.access import Actor, Policy
from maillage.evaluation.models import Conference, Proposal
from maillage.governance.models import Meeting
from maillage.territories.models import Territory

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
# =========================================================================== end conférence
