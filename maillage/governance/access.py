"""Who sees and does what in governance (docs/access.md).

A body carries two visibilities: ``visibility`` (the body, its members and its calendar)
and ``documents_visibility`` (minutes, decisions, follow-up tasks). "Members" means the
organisations sitting in the body *today* (memberships are dated), the named titular and
substitute people, the chair and the secretary — and the territory's coordinators. Because
membership is read from the database on every check, removing a member takes effect on
the next request.

The secretary and the coordinators run the body's meetings. Draft meetings are seen only by
them. A follow-up task is also seen by the organisation that owns it and the person it is
assigned to, who update its status.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from maillage.core import access
from maillage.core.access import Actor, Policy, TerritoryScopedPolicy
from maillage.core.roles import Role, Visibility
from maillage.governance.models import (
    AgendaItem,
    Agreement,
    AgreementDocument,
    Amendment,
    Attendance,
    Body,
    BodyMembership,
    CalendarFeed,
    Decision,
    FollowUpTask,
    Meeting,
    MinutesEntry,
    active_on_q,
)
from maillage.territories.models import Territory

NOTHING = Q(pk__in=[])

# --------------------------------------------------------------------------- bodies


def involved_bodies(actor: Actor) -> QuerySet[Body]:
    """The bodies the actor takes part in today, in territories where they hold a
    partner-level role: through one of their organisations, or in person."""
    partner_tids = actor.partner_level_territories()
    if not partner_tids:
        return Body.objects.none()
    q = NOTHING
    for orgs, tids in actor.territories_by_orgs(partner_tids).items():
        q |= Q(territory_id__in=tids, memberships__organisation_id__in=sorted(orgs)) & active_on_q(
            prefix="memberships__"
        )
    if actor.user_id is not None:
        person = Q(chair_id=actor.user_id) | Q(secretary_id=actor.user_id)
        person |= (
            Q(memberships__titular_id=actor.user_id) | Q(memberships__substitute_id=actor.user_id)
        ) & active_on_q(prefix="memberships__")
        q |= Q(territory_id__in=partner_tids) & person
    return Body.objects.filter(q)


# Bumped whenever a body or a membership changes in this process, so that the per-request
# cache below never outlives a change made earlier in the same request (or test).
_GENERATION = [0]


def bump_generation(**kwargs: Any) -> None:
    _GENERATION[0] += 1


def involved_body_ids(actor: Actor) -> frozenset[int]:
    """The ids of ``involved_bodies``, read once per request: the actor object lives as
    long as the request's user object."""
    if actor.user_id is None:
        return frozenset()
    cached = actor.__dict__.get("_governance_involved")
    if cached is not None and cached[0] == _GENERATION[0]:
        return cached[1]
    ids = frozenset(involved_bodies(actor).values_list("pk", flat=True))
    # Actor is a frozen dataclass: its __dict__ still takes a private cache entry.
    actor.__dict__["_governance_involved"] = (_GENERATION[0], ids)
    return ids


def is_involved(actor: Actor, body: Body) -> bool:
    if actor.user_id is None or not actor.is_partner_level(body.territory_id):
        return False
    if actor.user_id in (body.chair_id, body.secretary_id):
        return True
    return body.pk in involved_body_ids(actor)


def body_q(actor: Actor, field: str, prefix: str = "") -> Q:
    """Bodies (reached through ``prefix``) whose ``field`` visibility lets the actor in."""
    vis = f"{prefix}{field}"
    terr = f"{prefix}territory_id"
    q = Q(**{vis: Visibility.PUBLIC})
    partner_tids = actor.partner_level_territories()
    if partner_tids:
        q |= Q(**{vis: Visibility.PARTNERS, f"{terr}__in": partner_tids})
    coordinated = actor.coordinated_territories()
    if coordinated:
        q |= Q(**{vis: Visibility.MEMBERS, f"{terr}__in": coordinated})
    if partner_tids:
        # The few bodies the actor sits in, read once per request (involved_body_ids): an
        # id list instead of a subquery joining memberships, which every decision, task
        # and meeting filter repeated, sometimes twice (visibility and documents).
        involved = involved_body_ids(actor)
        if involved:
            q |= Q(**{vis: Visibility.MEMBERS, f"{prefix}pk__in": sorted(involved)})
    return q


def visible_bodies(actor: Actor, field: str = "visibility") -> QuerySet[Body]:
    """Bodies the actor sees, and whose ``field`` visibility also lets them in. Objects of a
    body filter on ``body_id IN (…)``: the database reads the few bodies once instead of
    joining them to every decision."""
    q = body_q(actor, "visibility")
    if field != "visibility":
        q &= body_q(actor, field)
    return Body.objects.filter(q)


def may_see_body(actor: Actor, body: Body, field: str = "visibility") -> bool:
    if actor.is_admin:
        return True
    visibility = getattr(body, field)
    if visibility == Visibility.PUBLIC:
        return True
    if visibility == Visibility.PARTNERS:
        return actor.is_partner_level(body.territory_id)
    if visibility == Visibility.MEMBERS:
        return actor.is_coordinator(body.territory_id) or is_involved(actor, body)
    return False


def runs_meetings(actor: Actor, body: Body) -> bool:
    if actor.is_coordinator(body.territory_id):
        return True
    return (
        actor.user_id is not None
        and body.secretary_id == actor.user_id
        and actor.is_partner_level(body.territory_id)
    )


def managed_bodies_q(actor: Actor, prefix: str = "") -> Q:
    """Bodies whose meetings the actor runs: coordinated territories, or as secretary."""
    q = NOTHING
    coordinated = actor.coordinated_territories()
    if coordinated:
        q |= Q(**{f"{prefix}territory_id__in": coordinated})
    partner_tids = actor.partner_level_territories()
    if actor.user_id is not None and partner_tids:
        q |= Q(
            **{f"{prefix}secretary_id": actor.user_id, f"{prefix}territory_id__in": partner_tids}
        )
    return q


class CoordinatorsSeeAll:
    """The coordinators of a territory see all its bodies and everything the bodies hold,
    its conventions and its follow-up tasks: the visibilities of a body and of a
    convention are public, partners or members (``BODY_VISIBILITIES``, held by check
    constraints), each of which lets them in (``body_q``, ``TerritoryScopedPolicy``); they
    run every meeting, drafts included (``runs_meetings``); and a task is read with its
    decision's body or its convention, or as a task of the territory itself
    (``Policy.sees_whole_territory``, used by ``access.visible_in``)."""

    def sees_whole_territory(self, actor: Actor, territory_id: int) -> bool:
        return actor.is_coordinator(territory_id)


@access.register
class BodyPolicy(CoordinatorsSeeAll, Policy):
    kind = "body"
    model = Body
    verbs = ("view", "read_documents", "change", "manage_meetings", "propose_item")
    territory_path = "territory"

    def can_view(self, actor: Actor, obj: Body) -> bool:
        return may_see_body(actor, obj)

    def can_read_documents(self, actor: Actor, obj: Body) -> bool:
        return may_see_body(actor, obj) and may_see_body(actor, obj, "documents_visibility")

    def can_change(self, actor: Actor, obj: Body) -> bool:
        return actor.is_coordinator(obj.territory_id)

    def can_manage_meetings(self, actor: Actor, obj: Body) -> bool:
        return runs_meetings(actor, obj)

    def can_propose_item(self, actor: Actor, obj: Body) -> bool:
        """Anyone taking part in the body may put a subject in its backlog."""
        return runs_meetings(actor, obj) or is_involved(actor, obj)

    def visible_q(self, actor: Actor) -> Q:
        return body_q(actor, "visibility")


def convened_person_ids(meeting: Meeting) -> frozenset[int]:
    """The people a convocation goes to (services.meetings.recipients, by id): the chair,
    the secretary, and the titular and substitute people of the organisations sitting on
    the meeting's day."""
    body = meeting.body
    ids = {pk for pk in (body.chair_id, body.secretary_id) if pk is not None}
    for titular, substitute in BodyMembership.objects.filter(
        active_on_q(meeting.local_date), body=body
    ).values_list("titular_id", "substitute_id"):
        ids.update(pk for pk in (titular, substitute) if pk is not None)
    return frozenset(ids)


class _ThroughBody(CoordinatorsSeeAll, Policy):
    """Objects that belong to a body and are seen with it (``field`` says which of its two
    visibilities applies)."""

    body_path: str = "body"
    territory_path = "body__territory"
    field: str = "visibility"

    def body_of(self, obj: Any) -> Body:
        target = obj
        for part in self.body_path.split("__"):
            target = getattr(target, part)
        return target

    def can_view(self, actor: Actor, obj: Any) -> bool:
        body = self.body_of(obj)
        if self.field == "visibility":
            return may_see_body(actor, body)
        return may_see_body(actor, body) and may_see_body(actor, body, self.field)

    def visible_q(self, actor: Actor) -> Q:
        return Q(**{f"{self.body_path}_id__in": visible_bodies(actor, self.field).values("pk")})


@access.register
class BodyMembershipPolicy(_ThroughBody):
    kind = "body_membership"
    model = BodyMembership
    verbs = ("view", "change")

    def can_change(self, actor: Actor, obj: BodyMembership) -> bool:
        return actor.is_coordinator(obj.body.territory_id)


# --------------------------------------------------------------------------- meetings


@access.register
class MeetingPolicy(_ThroughBody):
    """Meetings are seen with their body, drafts only by those who run them."""

    kind = "meeting"
    model = Meeting
    verbs = ("view", "change", "read_minutes", "answer")

    def can_view(self, actor: Actor, obj: Meeting) -> bool:
        if not super().can_view(actor, obj):
            return False
        return (
            obj.status != Meeting.Status.DRAFT or actor.is_admin or runs_meetings(actor, obj.body)
        )

    def can_change(self, actor: Actor, obj: Meeting) -> bool:
        return runs_meetings(actor, obj.body)

    def can_read_minutes(self, actor: Actor, obj: Meeting) -> bool:
        return self.can_view(actor, obj) and may_see_body(actor, obj.body, "documents_visibility")

    def can_answer(self, actor: Actor, obj: Meeting) -> bool:
        """Answer the convocation (present, excused, represented): the people convened —
        chair, secretary, titular and substitute people of the organisations sitting on
        the meeting's day — while the meeting is convened and has not started."""
        if obj.status != Meeting.Status.CONVENED or obj.starts_at <= timezone.now():
            return False
        return actor.user_id is not None and actor.user_id in convened_person_ids(obj)

    def visible_q(self, actor: Actor) -> Q:
        return super().visible_q(actor) & (
            ~Q(status=Meeting.Status.DRAFT) | managed_bodies_q(actor, "body__")
        )


def meetings_of_involved_bodies(user: Any, queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Of ``queryset``, the meetings of the bodies the user takes part in
    (``involved_bodies``) that they may view, without building ``MeetingPolicy``'s filter:
    a body one takes part in is always visible to them — its visibility is public,
    partners or members (check constraints), they are partner-level where it sits and
    involved in it (``may_see_body``) — so what remains of the policy is its drafts' rule.
    tests/governance/test_involved_meetings.py holds it to ``access.visible`` for every
    reader."""
    base = access.actor_for(user)
    involved = involved_body_ids(base)
    if not involved:
        return queryset.none()
    mine = queryset.filter(body_id__in=sorted(involved))
    actor = base.scoped(access.policy_for(Meeting).capability_name)
    if actor.is_admin:
        return mine
    return mine.filter(~Q(status=Meeting.Status.DRAFT) | managed_bodies_q(actor, "body__"))


@access.register
class AgendaItemPolicy(_ThroughBody):
    """Agenda items and the backlog are seen with the body; an item on a draft meeting's
    agenda is seen by those who see the draft."""

    kind = "agenda_item"
    model = AgendaItem
    verbs = ("view", "change")

    def can_view(self, actor: Actor, obj: AgendaItem) -> bool:
        if not super().can_view(actor, obj):
            return False
        if obj.meeting is not None and obj.meeting.status == Meeting.Status.DRAFT:
            return actor.is_admin or runs_meetings(actor, obj.body)
        return True

    def can_change(self, actor: Actor, obj: AgendaItem) -> bool:
        return runs_meetings(actor, obj.body)

    def visible_q(self, actor: Actor) -> Q:
        return super().visible_q(actor) & (
            Q(meeting__isnull=True)
            | ~Q(meeting__status=Meeting.Status.DRAFT)
            | managed_bodies_q(actor, "body__")
        )


@access.register
class MinutesPolicy(_ThroughBody):
    kind = "minutes"
    model = MinutesEntry
    verbs = ("view",)
    body_path = "meeting__body"
    territory_path = "meeting__body__territory"
    field = "documents_visibility"

    def can_view(self, actor: Actor, obj: MinutesEntry) -> bool:
        return MeetingPolicy().can_read_minutes(actor, obj.meeting)

    def visible_q(self, actor: Actor) -> Q:
        return super().visible_q(actor) & (
            ~Q(meeting__status=Meeting.Status.DRAFT) | managed_bodies_q(actor, "meeting__body__")
        )


@access.register
class AttendancePolicy(_ThroughBody):
    """Who came is part of the minutes."""

    kind = "attendance"
    model = Attendance
    verbs = ("view",)
    body_path = "meeting__body"
    territory_path = "meeting__body__territory"
    field = "documents_visibility"


# --------------------------------------------------------------------------- register


def _own_q(actor: Actor, owner_path: str = "owner_id") -> Q:
    """Rows owned by one of the actor's organisations, in a territory where they hold a
    partner-level role."""
    q = NOTHING
    for orgs, tids in actor.territories_by_orgs(actor.partner_level_territories()).items():
        q |= Q(territory_id__in=tids, **{f"{owner_path}__in": sorted(orgs)})
    return q


def _owns(actor: Actor, territory_id: int, owner_id: int | None) -> bool:
    return (
        owner_id is not None
        and actor.is_partner_level(territory_id)
        and owner_id in actor.orgs_in(territory_id)
    )


@access.register
class DecisionPolicy(_ThroughBody):
    """Decisions are the body's documents; the organisation responsible for one reads it
    too."""

    kind = "decision"
    model = Decision
    verbs = ("view", "change", "apply_action")
    field = "documents_visibility"
    # A decision's territory is its body's (services.record_decision): no join to read it.
    territory_path = "territory"

    def can_view(self, actor: Actor, obj: Decision) -> bool:
        return super().can_view(actor, obj) or _owns(actor, obj.territory_id, obj.owner_id)

    def can_change(self, actor: Actor, obj: Decision) -> bool:
        return runs_meetings(actor, obj.body)

    def can_apply_action(self, actor: Actor, obj: Decision) -> bool:
        """Turning a decision into a new fiche action, or into a change of an action's
        status, needs the programme's own rights: only then may the effect be applied."""
        if not self.can_view(actor, obj):
            return False
        if obj.action_effect == Decision.ActionEffect.CREATE:
            return access.can(actor, "create_action", obj.territory)
        if obj.action_effect == Decision.ActionEffect.STATUS and obj.action is not None:
            return access.can(actor, "change", obj.action)
        return False

    def visible_q(self, actor: Actor) -> Q:
        return super().visible_q(actor) | _own_q(actor)


@access.register
class FollowUpTaskPolicy(CoordinatorsSeeAll, Policy):
    """A task is seen with its decision's body documents or its agreement, and by the
    organisation that owns it and the person it is assigned to."""

    kind = "task"
    model = FollowUpTask
    verbs = ("view", "change", "update_status")
    # A task's territory is its decision's or its agreement's (services._new_task).
    territory_path = "territory"

    def can_view(self, actor: Actor, obj: FollowUpTask) -> bool:
        if actor.is_admin:
            return True
        if obj.body is not None and BodyPolicy().can_read_documents(actor, obj.body):
            return True
        if obj.agreement_id is not None and AgreementPolicy().can_view(actor, obj.agreement):
            return True
        if obj.assignee_id is not None and obj.assignee_id == actor.user_id:
            return actor.is_partner_level(obj.territory_id)
        # A task of the territory itself (a conférence proposal's follow-up): its
        # coordinators, who change it, read it.
        if (
            obj.body_id is None
            and obj.agreement_id is None
            and actor.is_coordinator(obj.territory_id)
        ):
            return True
        return _owns(actor, obj.territory_id, obj.owner_id)

    def can_change(self, actor: Actor, obj: FollowUpTask) -> bool:
        if actor.is_coordinator(obj.territory_id):
            return True
        return obj.body is not None and runs_meetings(actor, obj.body)

    def can_update_status(self, actor: Actor, obj: FollowUpTask) -> bool:
        if self.can_change(actor, obj):
            return True
        if not self.can_view(actor, obj):
            return False
        if obj.assignee_id is not None and obj.assignee_id == actor.user_id:
            return True
        return _owns(actor, obj.territory_id, obj.owner_id) and actor.has_role(
            obj.territory_id, Role.PARTNER, Role.COORDINATOR
        )

    def visible_q(self, actor: Actor) -> Q:
        q = (Q(body__isnull=False) & body_q(actor, "visibility", "body__")) & body_q(
            actor, "documents_visibility", "body__"
        )
        q |= Q(
            agreement__isnull=False, agreement__in=access.visible(actor, Agreement.objects.all())
        )
        partner_tids = actor.partner_level_territories()
        if actor.user_id is not None and partner_tids:
            q |= Q(assignee_id=actor.user_id, territory_id__in=partner_tids)
        coordinated = actor.coordinated_territories()
        if coordinated:
            q |= Q(body__isnull=True, agreement__isnull=True, territory_id__in=coordinated)
        return q | _own_q(actor)


def mine_q(actor: Actor, territory_id: int) -> Q:
    """The tasks that are the actor's on a territory (« Mes tâches »): owned by one of
    their organisations there, or assigned to them."""
    q = NOTHING
    if actor.user_id is not None:
        q |= Q(assignee_id=actor.user_id)
    orgs = actor.orgs_in(territory_id)
    if orgs:
        q |= Q(owner_id__in=sorted(orgs))
    return q


def visible_mine(user: Any, queryset: QuerySet[FollowUpTask], territory_id: int) -> QuerySet:
    """The tasks of ``queryset`` (on the territory ``territory_id``) that are the user's
    (``mine_q``) and that they may view. A partner-level person of the territory views
    every task their organisations own there and every task assigned to them
    (``FollowUpTaskPolicy``: ``_owns``, the assignee), so for them ``mine_q`` is already
    within the access filter, which is not built (5.8 kB of SQL a list). Anyone else goes
    through ``access.visible``. tests/governance/test_my_tasks_access.py asserts both
    ways give the same rows for every reader."""
    actor = access.actor_for(user)
    mine = queryset.filter(mine_q(actor, territory_id))
    if actor.is_partner_level(territory_id):
        return mine
    return access.visible(actor, mine)


# --------------------------------------------------------------------------- agreements


@access.register
class AgreementPolicy(CoordinatorsSeeAll, TerritoryScopedPolicy):
    kind = "agreement"
    model = Agreement
    verbs = ("view", "change")
    members_path = "signatories"
    restricted_path = None
    territory_path = "territory"

    def can_change(self, actor: Actor, obj: Agreement) -> bool:
        return actor.is_coordinator(obj.territory_id)


@access.register
class AgreementDocumentPolicy(Policy):
    kind = "agreement_document"
    model = AgreementDocument
    verbs = ("view", "remove")

    def can_view(self, actor: Actor, obj: AgreementDocument) -> bool:
        return AgreementPolicy().can_view(actor, obj.agreement)

    def can_remove(self, actor: Actor, obj: AgreementDocument) -> bool:
        return AgreementPolicy().can_change(actor, obj.agreement)

    def visible_q(self, actor: Actor) -> Q:
        return Q(agreement__in=access.visible(actor, Agreement.objects.all()))


@access.register
class AmendmentPolicy(Policy):
    """A signed avenant is read with its convention. Drafts and avenants in signature are
    read by the coordination and the people of the organisations asked to sign it (or
    signing the convention); the coordination drafts them and records the signatures."""

    kind = "amendment"
    model = Amendment
    verbs = ("view", "change")

    def _signatory_orgs(self, obj: Amendment) -> set[int]:
        orgs = {s.organisation_id for s in obj.signatories.all()}
        orgs |= {s.organisation_id for s in obj.agreement.signings.all()}
        return orgs

    def can_view(self, actor: Actor, obj: Amendment) -> bool:
        agreement = obj.agreement
        if not AgreementPolicy().can_view(actor, agreement):
            return False
        if obj.status == Amendment.Status.SIGNED or actor.is_admin:
            return True
        tid = agreement.territory_id
        if actor.is_coordinator(tid):
            return True
        return actor.is_partner_level(tid) and bool(actor.orgs_in(tid) & self._signatory_orgs(obj))

    def can_change(self, actor: Actor, obj: Amendment) -> bool:
        return obj.status != Amendment.Status.SIGNED and actor.is_coordinator(
            obj.agreement.territory_id
        )

    def visible_q(self, actor: Actor) -> Q:
        agreements = access.visible(actor, Agreement.objects.all()).values("pk")
        q = Q(status=Amendment.Status.SIGNED)
        coordinated = actor.coordinated_territories()
        if coordinated:
            q |= Q(agreement__territory_id__in=coordinated)
        for tid in actor.partner_level_territories():
            orgs = sorted(actor.orgs_in(tid))
            if orgs:
                q |= Q(agreement__territory_id=tid) & (
                    Q(signatories__organisation_id__in=orgs)
                    | Q(agreement__signings__organisation_id__in=orgs)
                )
        return Q(agreement__in=agreements) & Q(pk__in=Amendment.objects.filter(q).values("pk"))


# --------------------------------------------------------------------------- feeds


@access.register
class CalendarFeedPolicy(Policy):
    kind = "calendar_feed"
    model = CalendarFeed
    verbs = ("view", "revoke")

    def can_view(self, actor: Actor, obj: CalendarFeed) -> bool:
        return actor.is_admin or (actor.user_id is not None and obj.user_id == actor.user_id)

    can_revoke = can_view

    def visible_q(self, actor: Actor) -> Q:
        if actor.user_id is None:
            return NOTHING
        return Q(user_id=actor.user_id)


# --------------------------------------------------------------------------- territory verbs


def _coordinates(actor: Actor, territory: Territory) -> bool:
    return actor.is_coordinator(territory.pk)


def _signed_in_reader(actor: Actor, territory: Territory) -> bool:
    """Any signed-in person who may see the territory may subscribe to what they see."""
    return actor.is_authenticated and access.policy_for(territory).can(actor, "view", territory)


def _works_here(actor: Actor, territory: Territory) -> bool:
    return actor.is_partner_level(territory.pk)


access.add_verb(Territory, "create_body", _coordinates)
access.add_verb(Territory, "create_agreement", _coordinates)
access.add_verb(Territory, "subscribe_calendar", _signed_in_reader)
access.add_verb(Territory, "view_my_tasks", _works_here)
# The people and fiches a form offers (names and e-mail addresses of the staff).
access.add_verb(Territory, "choose_people", _works_here)
