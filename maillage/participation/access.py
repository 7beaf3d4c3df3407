"""Who sees and does what in participation (docs/participation.md).

- A contribution is public only once published by a moderator. Before that (and when
  refused or hidden) only its author, the professional who entered it, the territory's
  coordinators and its named moderators see it.
- Moderators: the coordinators and the people named with ``Moderator`` for the territory.
- The official answer is the coordinators'.
- Any signed-in person may support ("moi aussi") a published contribution, once.
- Assisted entry: the people of a partner organisation of the territory (partner role with
  an organisation) and the coordinators.
- Someone without an account may propose a contribution through the proof-of-work page
  (``contribute_anonymously``, anonymous visitors only); it is always pre-moderated.
- Conseil citoyen (a ``governance.Body`` of kind ``citizen_council``): the territory's
  coordinators manage its members, draws and moderators (``manage_council``); the people
  holding a current mandate with an account write its avis and interpellations. Draws and
  interpellations are seen with the Conseil; a published avis is seen by whoever sees its
  fiche action, a draft by the Conseil's members and the coordinators.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from maillage.core import access
from maillage.core.access import Actor, Policy
from maillage.core.roles import Role
from maillage.governance.models import Body
from maillage.participation.models import (
    Avis,
    AvisState,
    Consultation,
    ConsultationState,
    Contribution,
    CouncilMember,
    Draw,
    Interpellation,
    ModerationState,
    Moderator,
)
from maillage.programme.models import Action
from maillage.territories.models import Membership, Territory


def moderated_territories(actor: Actor) -> frozenset[int]:
    """Territories the actor moderates: where they coordinate or are named moderators."""
    if actor.user_id is None:
        return frozenset()
    named = Moderator.objects.filter(user_id=actor.user_id).values_list("territory_id", flat=True)
    return actor.coordinated_territories() | frozenset(named)


def moderates(actor: Actor, territory_id: int | None) -> bool:
    if actor.is_admin or actor.is_coordinator(territory_id):
        return True
    if actor.user_id is None or territory_id is None:
        return False
    return Moderator.objects.filter(user_id=actor.user_id, territory_id=territory_id).exists()


def may_assist(actor: Actor, territory_id: int | None) -> bool:
    """A professional of a partner organisation holding a partner role on the territory
    itself (not read from a Département above it), or a coordinator."""
    if actor.is_admin or actor.is_coordinator(territory_id):
        return True
    if actor.user_id is None or territory_id is None:
        return False
    if not actor.has_role(territory_id, Role.PARTNER):
        return False
    return (
        Membership.objects.active()
        .filter(
            user_id=actor.user_id,
            territory_id=territory_id,
            role=Role.PARTNER,
            organisation__isnull=False,
        )
        .exists()
    )


@access.register
class ContributionPolicy(Policy):
    kind = "contribution"
    model = Contribution
    verbs = ("view", "support", "moderate", "answer")

    def _own(self, actor: Actor, obj: Contribution) -> bool:
        return actor.user_id is not None and actor.user_id in (obj.author_id, obj.entered_by_id)

    def can_view(self, actor: Actor, obj: Contribution) -> bool:
        if obj.moderation == ModerationState.PUBLISHED:
            return True
        return self._own(actor, obj) or moderates(actor, obj.territory_id)

    def can_support(self, actor: Actor, obj: Contribution) -> bool:
        return actor.is_authenticated and obj.moderation == ModerationState.PUBLISHED

    def can_moderate(self, actor: Actor, obj: Contribution) -> bool:
        return moderates(actor, obj.territory_id)

    def can_answer(self, actor: Actor, obj: Contribution) -> bool:
        return actor.is_coordinator(obj.territory_id) and obj.moderation == (
            ModerationState.PUBLISHED
        )

    def visible_q(self, actor: Actor) -> Q:
        q = Q(moderation=ModerationState.PUBLISHED)
        if actor.user_id is not None:
            q |= Q(author_id=actor.user_id) | Q(entered_by_id=actor.user_id)
            moderated = moderated_territories(actor)
            if moderated:
                q |= Q(territory_id__in=moderated)
        return q


@access.register
class ConsultationPolicy(Policy):
    """Drafts are the coordinators'. Once opened, everyone who sees the territory reads a
    consultation; its results only once the coordinators publish them. Answering: any
    signed-in person, or anyone when the consultation takes anonymous answers (the dates
    are checked by the service, with a French message)."""

    kind = "consultation"
    model = Consultation
    verbs = ("view", "answer", "assist", "manage", "view_results", "export", "moderate")

    def can_view(self, actor: Actor, obj: Consultation) -> bool:
        return obj.state != ConsultationState.DRAFT or actor.is_coordinator(obj.territory_id)

    def can_answer(self, actor: Actor, obj: Consultation) -> bool:
        if obj.state == ConsultationState.DRAFT:
            return False
        return actor.is_authenticated or obj.anonymous

    def can_assist(self, actor: Actor, obj: Consultation) -> bool:
        return obj.state != ConsultationState.DRAFT and may_assist(actor, obj.territory_id)

    def can_manage(self, actor: Actor, obj: Consultation) -> bool:
        return actor.is_coordinator(obj.territory_id)

    def can_view_results(self, actor: Actor, obj: Consultation) -> bool:
        if actor.is_coordinator(obj.territory_id):
            return True
        return obj.state != ConsultationState.DRAFT and obj.results_published

    def can_export(self, actor: Actor, obj: Consultation) -> bool:
        return actor.is_coordinator(obj.territory_id)

    def can_moderate(self, actor: Actor, obj: Consultation) -> bool:
        return obj.state != ConsultationState.DRAFT and moderates(actor, obj.territory_id)

    def visible_q(self, actor: Actor) -> Q:
        q = ~Q(state=ConsultationState.DRAFT)
        coordinated = actor.coordinated_territories()
        if coordinated:
            q |= Q(territory_id__in=coordinated)
        return q


def _contribute(actor: Actor, territory: Any) -> bool:
    return actor.is_authenticated


def _assist(actor: Actor, territory: Any) -> bool:
    return may_assist(actor, territory.pk)


def _moderate(actor: Actor, territory: Any) -> bool:
    return moderates(actor, territory.pk)


def _manage_moderators(actor: Actor, territory: Any) -> bool:
    return actor.is_coordinator(territory.pk)


def _coordinate(actor: Actor, territory: Any) -> bool:
    return actor.is_coordinator(territory.pk)


access.add_verb(Territory, "contribute", _contribute)
access.add_verb(Territory, "assist_contribution", _assist)
access.add_verb(Territory, "moderate_contributions", _moderate)
access.add_verb(Territory, "manage_moderators", _manage_moderators)


def _contribute_anonymously(actor: Actor, territory: Any) -> bool:
    """The proof-of-work page is for people without an account; the signed-in use the
    usual form (with their name on « Mes messages »)."""
    return not actor.is_authenticated


access.add_verb(Territory, "contribute_anonymously", _contribute_anonymously)


# --------------------------------------------------------------------------- Conseil citoyen


def is_council(body: Body) -> bool:
    return body.kind == Body.Kind.CITIZEN_COUNCIL


def council_bodies_of(actor: Actor) -> frozenset[int]:
    """The Conseils citoyens where the actor holds a mandate today."""
    if actor.user_id is None:
        return frozenset()
    return frozenset(
        CouncilMember.objects.current()
        .filter(user_id=actor.user_id)
        .values_list("body_id", flat=True)
    )


def sits_in_council(actor: Actor, body: Body) -> bool:
    return is_council(body) and body.pk in council_bodies_of(actor)


def _manage_council(actor: Actor, body: Body) -> bool:
    return is_council(body) and not body.is_archived and actor.is_coordinator(body.territory_id)


def _write_for_council(actor: Actor, body: Body) -> bool:
    return not body.is_archived and sits_in_council(actor, body)


access.add_verb(Body, "manage_council", _manage_council)
access.add_verb(Body, "write_avis", _write_for_council)
access.add_verb(Body, "interpellate", _write_for_council)


def _visible_bodies(actor: Actor) -> Any:
    return Body.objects.filter(access.policy_for(Body).scoped_q(actor)).values("pk")


@access.register
class AvisPolicy(Policy):
    kind = "avis"
    model = Avis
    verbs = ("view", "publish")

    def _drafts_reader(self, actor: Actor, obj: Avis) -> bool:
        return actor.is_coordinator(obj.body.territory_id) or sits_in_council(actor, obj.body)

    def can_view(self, actor: Actor, obj: Avis) -> bool:
        if obj.state == AvisState.PUBLISHED and access.policy_for(Action).can(
            actor, "view", obj.action
        ):
            return True
        return self._drafts_reader(actor, obj)

    def can_publish(self, actor: Actor, obj: Avis) -> bool:
        return obj.state == AvisState.DRAFT and sits_in_council(actor, obj.body)

    def visible_q(self, actor: Actor) -> Q:
        actions = Action.objects.filter(access.policy_for(Action).scoped_q(actor)).values("pk")
        q = Q(state=AvisState.PUBLISHED, action_id__in=actions)
        if actor.user_id is not None:
            q |= Q(body_id__in=council_bodies_of(actor))
            coordinated = actor.coordinated_territories()
            if coordinated:
                q |= Q(body__territory_id__in=coordinated)
        return q


class _WithCouncil(Policy):
    """Seen with the Conseil citoyen they belong to."""

    def can_view(self, actor: Actor, obj: Any) -> bool:
        return access.policy_for(Body).can(actor, "view", obj.body)

    def visible_q(self, actor: Actor) -> Q:
        return Q(body_id__in=_visible_bodies(actor))


@access.register
class DrawPolicy(_WithCouncil):
    kind = "draw"
    model = Draw
    verbs = ("view",)


@access.register
class InterpellationPolicy(_WithCouncil):
    kind = "interpellation"
    model = Interpellation
    verbs = ("view",)


# Translations of what people wrote: the coordinators and the named moderators.
access.add_verb(Territory, "translate_contents", _moderate)
access.add_verb(Territory, "create_consultation", _coordinate)
