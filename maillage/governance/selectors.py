"""Every read of governance, already narrowed by the access engine, with the joins and
prefetches that keep each page's query count flat however much history there is."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.core import access, references
from maillage.core.roles import PARTNER_LEVEL
from maillage.core.text import fold
from maillage.governance.access import involved_bodies
from maillage.governance.models import (
    AgendaItem,
    Agreement,
    AgreementDocument,
    AgreementSignatory,
    Attendance,
    Body,
    BodyMembership,
    CalendarFeed,
    Commitment,
    Decision,
    FollowUpTask,
    Meeting,
    MinutesEntry,
    active_on_q,
)
from maillage.governance.services.common import territory_lineage
from maillage.governance.services.records import expected_people
from maillage.programme.models import Action, Axis
from maillage.territories.models import Membership, Organisation, Territory

# --------------------------------------------------------------------------- choices


def people(territory: Territory) -> QuerySet[Any]:
    """People who may chair, present, or be given a task: partner-level staff of the
    territory and of the territories above it."""

    ids = (
        Membership.objects.active()
        .filter(territory_id__in=territory_lineage(territory), role__in=PARTNER_LEVEL)
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids, is_active=True).order_by("full_name")


def organisations(territory: Territory) -> QuerySet[Organisation]:
    return Organisation.objects.partners_of(territory).order_by("name")


def visible_actions(user: Any, territory: Territory) -> QuerySet[Any]:
    return access.visible(user, Action.objects.filter(territory=territory)).order_by("code")


def axes(territory: Territory) -> QuerySet[Any]:
    return Axis.objects.filter(territory=territory).order_by("number")


# --------------------------------------------------------------------------- bodies


def _current_members() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=BodyMembership.objects.filter(active_on_q())
        .select_related("organisation", "titular", "substitute")
        .order_by("organisation__name"),
        to_attr="current_members",
    )


def bodies(
    user: Any, territory: Territory, *, kind: str = "", archived: bool = False
) -> list[Body]:
    now = timezone.now()
    qs = (
        access.visible(user, Body.objects.filter(territory=territory, is_archived=archived))
        .select_related("chair", "secretary", "axis")
        .prefetch_related(_current_members())
        .annotate(
            next_meeting_at=Min(
                "meetings__starts_at",
                filter=Q(
                    meetings__starts_at__gte=now,
                    meetings__status=Meeting.Status.CONVENED,
                ),
            )
        )
    )
    if kind:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("kind", "name"))


def body_choices(user: Any, territory: Territory) -> list[Body]:
    return list(
        access.visible(user, Body.objects.filter(territory=territory))
        .only("id", "name", "territory_id", "visibility")
        .order_by("name")
    )


def body_or_404(user: Any, territory: Territory, pk: Any) -> Body:
    return access.get_visible_or_404(
        user,
        Body.objects.filter(territory=territory).select_related(
            "territory", "chair", "secretary", "axis"
        ),
        pk=pk,
    )


def membership_or_404(user: Any, body: Body, pk: Any) -> BodyMembership:
    return access.get_visible_or_404(
        user,
        BodyMembership.objects.filter(body=body).select_related(
            "body__territory", "organisation", "titular", "substitute"
        ),
        pk=pk,
    )


def members(body: Body) -> tuple[list[BodyMembership], list[BodyMembership], list[BodyMembership]]:
    """Current, future (starting later) and past memberships of a body."""
    today = timezone.localdate()
    rows = list(
        body.memberships.select_related("organisation", "titular", "substitute").order_by(
            "organisation__name", "-started_on"
        )
    )
    current = [m for m in rows if m.is_active(today)]
    future = [m for m in rows if m.started_on > today]
    past = [m for m in rows if m.ended_on is not None and m.ended_on <= today]
    return current, future, past


def body_meetings(user: Any, body: Body) -> QuerySet[Meeting]:
    return access.visible(user, Meeting.objects.filter(body=body)).annotate(
        decision_count=Count("decisions", distinct=True)
    )


def upcoming_meetings(user: Any, body: Body) -> list[Meeting]:
    since = timezone.now() - datetime.timedelta(hours=12)
    return list(
        access.visible(user, Meeting.objects.filter(body=body, ends_at__gte=since))
        .exclude(status__in=[Meeting.Status.HELD, Meeting.Status.APPROVED])
        .order_by("starts_at")
    )


def past_meetings(user: Any, body: Body) -> QuerySet[Meeting]:
    since = timezone.now() - datetime.timedelta(hours=12)
    return (
        body_meetings(user, body)
        .filter(Q(ends_at__lt=since) | Q(status__in=[Meeting.Status.HELD, Meeting.Status.APPROVED]))
        .order_by("-starts_at")
    )


def backlog(user: Any, body: Body) -> list[AgendaItem]:
    return list(
        references.with_visibility(
            user,
            access.visible(user, AgendaItem.objects.filter(body=body, meeting__isnull=True)),
            "action",
        )
        .select_related("presenter", "action", "proposed_by", "carried_from__meeting")
        .order_by("created_at", "id")
    )


def recent_decisions(user: Any, body: Body, limit: int = 10) -> list[Decision]:
    return list(
        references.with_visibility(
            user, access.visible(user, Decision.objects.filter(body=body)), "action"
        )
        .select_related("owner", "action", "meeting", "body")
        .order_by("-decided_on", "-id")[:limit]
    )


def drafts_and_convened(user: Any, body: Body) -> list[Meeting]:
    """Meetings a backlog item may still be scheduled on."""
    return list(
        access.visible(
            user,
            Meeting.objects.filter(
                body=body, status__in=[Meeting.Status.DRAFT, Meeting.Status.CONVENED]
            ),
        ).order_by("starts_at")
    )


# --------------------------------------------------------------------------- meetings


def meeting_or_404(user: Any, territory: Territory, pk: Any) -> Meeting:
    return access.get_visible_or_404(
        user,
        Meeting.objects.filter(body__territory=territory).select_related(
            "body__territory", "body__chair", "body__secretary", "convened_by", "approved_by"
        ),
        pk=pk,
    )


def agenda(meeting: Meeting, user: Any) -> list[AgendaItem]:
    """The agenda with what each line shows to ``user`` (a fiche action they may not see
    is named neutrally); fills ``meeting.items`` prefetch cache so later reads (durations,
    ICS) cost nothing."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(
        [meeting],
        Prefetch(
            "items",
            queryset=references.with_visibility(user, AgendaItem.objects.all(), "action")
            .select_related("presenter", "action", "carried_from")
            .order_by("position", "created_at", "id"),
        ),
    )
    return list(meeting.items.all())


def minutes(user: Any, meeting: Meeting) -> dict[int | None, MinutesEntry]:
    """The minutes the user may read, by agenda item id (None: general notes)."""
    rows = access.visible(user, MinutesEntry.objects.filter(meeting=meeting)).select_related(
        "written_by"
    )
    return {row.item_id: row for row in rows}


@dataclass
class AttendanceRow:
    user: Any
    organisation: Any
    role: str
    record: Attendance | None = None


def attendance_sheet(meeting: Meeting) -> list[AttendanceRow]:
    recorded = {
        a.user_id: a
        for a in meeting.attendances.select_related("user", "organisation", "represented_by")
    }
    rows = [
        AttendanceRow(seat.user, seat.organisation, seat.role, recorded.pop(uid, None))
        for uid, seat in expected_people(meeting).items()
    ]
    # People recorded while they sat, who have since left: their line stays.
    rows += [
        AttendanceRow(record.user, record.organisation, "former", record)
        for record in recorded.values()
    ]
    order = {"chair": 0, "secretary": 1, "titular": 2, "substitute": 3, "staff": 4, "former": 5}
    rows.sort(
        key=lambda r: (
            order.get(r.role, 9),
            r.organisation.name if r.organisation else "",
            r.user.full_name,
        )
    )
    return rows


def recorded_attendance(user: Any, meeting: Meeting) -> list[Attendance]:
    return list(
        access.visible(user, Attendance.objects.filter(meeting=meeting))
        .select_related("user", "organisation", "represented_by")
        .order_by("organisation__name", "user__full_name")
    )


def meeting_decisions(user: Any, meeting: Meeting) -> list[Decision]:
    return list(
        references.with_visibility(
            user, access.visible(user, Decision.objects.filter(meeting=meeting)), "action"
        )
        .select_related("owner", "action", "item", "body")
        .prefetch_related(_visible_tasks(user))
        .order_by("number")
    )


def _visible_tasks(user: Any) -> Prefetch:
    return Prefetch(
        "tasks",
        queryset=references.with_visibility(
            user, access.visible(user, FollowUpTask.objects.all()), "decision", "agreement"
        )
        .select_related("owner", "assignee")
        .order_by("due_date", "id"),
        to_attr="visible_tasks",
    )


def decision_or_404(user: Any, territory: Territory, pk: Any) -> Decision:
    return access.get_visible_or_404(
        user,
        Decision.objects.filter(territory=territory)
        .select_related("body__territory", "body__secretary", "meeting", "owner", "action", "item")
        .prefetch_related(_visible_tasks(user)),
        pk=pk,
    )


def task_or_404(user: Any, territory: Territory, pk: Any) -> FollowUpTask:
    return access.get_visible_or_404(
        user,
        FollowUpTask.objects.filter(territory=territory).select_related(
            "territory", "body", "decision__body", "agreement", "owner", "assignee"
        ),
        pk=pk,
    )


def item_or_404(user: Any, territory: Territory, pk: Any) -> AgendaItem:
    return access.get_visible_or_404(
        user,
        AgendaItem.objects.filter(body__territory=territory).select_related(
            "body__territory", "meeting", "presenter", "action"
        ),
        pk=pk,
    )


# --------------------------------------------------------------------------- register


@dataclass
class RegisterFilters:
    body: int | None = None
    kind: str = ""
    status: str = ""
    owner: int | None = None
    year: int | None = None
    text: str = ""
    action: int | None = None
    overdue: bool = False
    mine: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _words(text: str) -> list[str]:
    return fold(text).split()[:8]


def register_decisions(user: Any, territory: Territory, f: RegisterFilters) -> QuerySet[Decision]:
    qs = access.visible(user, Decision.objects.filter(territory=territory))
    if f.body:
        qs = qs.filter(body_id=f.body)
    if f.kind:
        qs = qs.filter(body__kind=f.kind)
    if f.status == "pending_action":
        qs = qs.exclude(action_effect="").filter(action_applied_at__isnull=True)
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.overdue:
        qs = qs.filter(status=Decision.Status.OPEN, due_date__lt=timezone.localdate())
    if f.owner:
        qs = qs.filter(owner_id=f.owner)
    if f.year:
        qs = qs.filter(decided_on__year=f.year)
    if f.action:
        # A hidden fiche answers like an unknown one: nothing, not its decisions.
        qs = references.only_visible_target(user, qs, "action", f.action)
    for word in _words(f.text):
        qs = qs.filter(search_text__contains=word)
    return (
        references.with_visibility(user, qs, "action")
        .select_related("body", "owner", "action", "meeting")
        .order_by("-decided_on", "-id")
    )


def with_visible_tasks(user: Any, decisions: list[Decision]) -> list[Decision]:
    """Attach ``visible_tasks`` to a page of decisions in one query."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(decisions, _visible_tasks(user))
    return decisions


def register_tasks(user: Any, territory: Territory, f: RegisterFilters) -> QuerySet[FollowUpTask]:
    qs = access.visible(user, FollowUpTask.objects.filter(territory=territory))
    if f.body:
        qs = qs.filter(body_id=f.body)
    if f.kind:
        qs = qs.filter(body__kind=f.kind)
    if f.status == "open":
        qs = qs.filter(status__in=FollowUpTask.OPEN_STATUSES)
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.overdue:
        qs = qs.filter(status__in=FollowUpTask.OPEN_STATUSES, due_date__lt=timezone.localdate())
    if f.owner:
        qs = qs.filter(owner_id=f.owner)
    if f.year:
        qs = qs.filter(Q(decision__decided_on__year=f.year) | Q(due_date__year=f.year))
    if f.action:
        qs = references.only_visible_target(user, qs, "decision__action", f.action)
    if f.mine:
        qs = qs.filter(mine_q(user, territory))
    for word in _words(f.text):
        qs = qs.filter(title__icontains=word)
    return (
        references.with_visibility(user, qs, "decision", "agreement")
        .select_related("owner", "assignee", "body", "decision__body", "agreement")
        .prefetch_related("agreement__signatories")
        .order_by("due_date", "id")
    )


def mine_q(user: Any, territory: Territory) -> Q:
    """Tasks owned by one of the user's organisations, or assigned to them."""
    actor = access.actor_for(user)
    q = Q(pk__in=[])
    if actor.user_id is not None:
        q |= Q(assignee_id=actor.user_id)
    orgs = actor.orgs_in(territory.pk)
    if orgs:
        q |= Q(owner_id__in=orgs)
    return q


def my_tasks(user: Any, territory: Territory, *, done: bool = False) -> QuerySet[FollowUpTask]:
    statuses = (
        [FollowUpTask.Status.DONE, FollowUpTask.Status.CANCELLED]
        if done
        else list(FollowUpTask.OPEN_STATUSES)
    )
    qs = (
        references.with_visibility(
            user,
            access.visible(
                user,
                FollowUpTask.objects.filter(territory=territory, status__in=statuses).filter(
                    mine_q(user, territory)
                ),
            ),
            "decision",
            "agreement",
        )
        .select_related(
            "owner", "assignee", "body", "decision__body", "decision__meeting", "agreement"
        )
        .prefetch_related("agreement__signatories")
    )
    if done:
        return qs.order_by("-updated_at", "-id")
    return qs.order_by("due_date", "id")


def register_years(user: Any, territory: Territory) -> list[int]:
    """The years to filter the register by: from the first meeting the user may see to
    this year (reading meetings, far fewer than decisions)."""
    first = access.visible(user, Meeting.objects.filter(body__territory=territory)).aggregate(
        first=Min("starts_at")
    )["first"]
    this_year = timezone.localdate().year
    start = timezone.localtime(first).year if first else this_year
    return list(range(max(this_year, start), min(start, this_year) - 1, -1))


# --------------------------------------------------------------------------- calendar


def calendar_meetings(
    user: Any, territory: Territory, start: datetime.datetime, end: datetime.datetime
) -> list[Meeting]:
    return list(
        access.visible(
            user,
            Meeting.objects.filter(
                body__territory=territory, starts_at__lt=end, ends_at__gte=start
            ),
        )
        .select_related("body")
        .order_by("starts_at", "id")
    )


def _with_items() -> Prefetch:
    return Prefetch("items", queryset=AgendaItem.objects.order_by("position", "created_at", "id"))


FEED_HISTORY_DAYS = 400


def body_feed(user: Any, body: Body) -> list[Meeting]:
    since = timezone.now() - datetime.timedelta(days=FEED_HISTORY_DAYS)
    return list(
        access.visible(user, Meeting.objects.filter(body=body, ends_at__gte=since))
        .select_related("body__territory")
        .prefetch_related(_with_items())
        .order_by("starts_at")
    )


def territory_feed(user: Any, territory: Territory) -> list[Meeting]:
    since = timezone.now() - datetime.timedelta(days=FEED_HISTORY_DAYS)
    return list(
        access.visible(user, Meeting.objects.filter(body__territory=territory, ends_at__gte=since))
        .select_related("body__territory")
        .prefetch_related(_with_items())
        .order_by("starts_at")
    )


def personal_feed(feed: CalendarFeed) -> list[Meeting]:
    """Read as the feed's owner, today: a membership that ended yesterday no longer
    brings its body's meetings."""
    user = feed.user
    actor = access.actor_for(user)
    since = timezone.now() - datetime.timedelta(days=FEED_HISTORY_DAYS)
    qs = access.visible(
        actor, Meeting.objects.filter(body__territory=feed.territory, ends_at__gte=since)
    )
    if feed.scope == CalendarFeed.Scope.MINE:
        qs = qs.filter(body__in=involved_bodies(actor).values("pk"))
    return list(
        qs.select_related("body__territory").prefetch_related(_with_items()).order_by("starts_at")
    )


def feeds_of(user: Any, territory: Territory) -> list[CalendarFeed]:
    return list(
        access.visible(user, CalendarFeed.objects.filter(territory=territory)).order_by(
            "revoked_at", "-created_at"
        )
    )


def feed_or_404(user: Any, territory: Territory, pk: Any) -> CalendarFeed:
    return access.get_visible_or_404(
        user, CalendarFeed.objects.filter(territory=territory).select_related("territory"), pk=pk
    )


# --------------------------------------------------------------------------- search


@dataclass
class SearchResults:
    bodies: list[Body]
    meetings: list[Meeting]
    items: list[AgendaItem]
    minutes: list[MinutesEntry]
    decisions: list[Decision]

    @property
    def count(self) -> int:
        return sum(
            len(x) for x in (self.bodies, self.meetings, self.items, self.minutes, self.decisions)
        )


SEARCH_LIMIT = 20


def search(user: Any, territory: Territory, text: str) -> SearchResults:
    """Bodies, meetings, agenda items, minutes and decisions that mention every word;
    each list is read through the access engine, so private minutes stay private."""
    words = _words(text)
    if not words:
        return SearchResults([], [], [], [], [])

    def titled(field: str) -> Q:
        q = Q()
        for word in text.split()[:8]:
            q &= Q(**{f"{field}__icontains": word})
        return q

    def folded(field: str) -> Q:
        q = Q()
        for word in words:
            q &= Q(**{f"{field}__contains": word})
        return q

    return SearchResults(
        bodies=list(
            access.visible(user, Body.objects.filter(territory=territory))
            .filter(titled("name") | titled("theme") | titled("short_name"))
            .order_by("name")[:SEARCH_LIMIT]
        ),
        meetings=list(
            access.visible(user, Meeting.objects.filter(body__territory=territory))
            .filter(titled("title"))
            .select_related("body")
            .order_by("-starts_at")[:SEARCH_LIMIT]
        ),
        items=list(
            access.visible(user, AgendaItem.objects.filter(body__territory=territory))
            .filter(titled("title"))
            .select_related("body", "meeting")
            .order_by("-created_at")[:SEARCH_LIMIT]
        ),
        minutes=list(
            access.visible(user, MinutesEntry.objects.filter(meeting__body__territory=territory))
            .filter(folded("search_text"))
            .select_related("meeting__body", "item")
            .order_by("-meeting__starts_at")[:SEARCH_LIMIT]
        ),
        decisions=list(
            access.visible(user, Decision.objects.filter(territory=territory))
            .filter(folded("search_text"))
            .select_related("body", "owner")
            .order_by("-decided_on", "-id")[:SEARCH_LIMIT]
        ),
    )


# --------------------------------------------------------------------------- actions


@dataclass
class ActionGovernance:
    decisions: list[Decision]
    tasks: list[FollowUpTask]
    upcoming_items: list[AgendaItem]

    @property
    def empty(self) -> bool:
        return not (self.decisions or self.tasks or self.upcoming_items)


def about_action(user: Any, action: Any) -> ActionGovernance:
    """What the bodies decided about an action, the tasks that follow, and the coming
    meetings that will discuss it: only what the user may see."""
    decisions = list(
        access.visible(user, Decision.objects.filter(action=action))
        .select_related("body", "meeting", "owner")
        .order_by("-decided_on", "-id")[:20]
    )
    tasks = list(
        access.visible(user, FollowUpTask.objects.filter(decision__action=action))
        .select_related("owner", "assignee", "decision__body")
        .order_by("due_date", "id")[:20]
    )
    upcoming = list(
        access.visible(
            user,
            AgendaItem.objects.filter(
                action=action,
                meeting__starts_at__gte=timezone.now(),
                meeting__status=Meeting.Status.CONVENED,
            ),
        )
        .select_related("meeting__body")
        .order_by("meeting__starts_at")[:10]
    )
    return ActionGovernance(decisions, tasks, upcoming)


# --------------------------------------------------------------------------- agreements


def agreements(user: Any, territory: Territory) -> list[Agreement]:
    return list(
        access.visible(user, Agreement.objects.filter(territory=territory))
        .select_related("body", "reminder_task")
        .prefetch_related(
            Prefetch(
                "signings",
                queryset=AgreementSignatory.objects.select_related("organisation"),
            ),
            "axes",
        )
        .annotate(document_count=Count("documents", distinct=True))
        .order_by("-signed_on", "title")
    )


def agreement_or_404(user: Any, territory: Territory, pk: Any) -> Agreement:
    return access.get_visible_or_404(
        user,
        Agreement.objects.filter(territory=territory)
        .select_related("territory", "body", "reminder_task__owner")
        .prefetch_related(
            Prefetch(
                "signings",
                queryset=AgreementSignatory.objects.select_related("organisation"),
            ),
            "axes",
            Prefetch("commitments", queryset=Commitment.objects.select_related("organisation")),
            Prefetch("documents", queryset=AgreementDocument.objects.select_related("uploaded_by")),
        ),
        pk=pk,
    )


def agreement_tasks(user: Any, agreement: Agreement) -> list[FollowUpTask]:
    return list(
        references.with_visibility(
            user,
            access.visible(user, FollowUpTask.objects.filter(agreement=agreement)),
            "decision",
            "agreement",
        )
        .select_related("owner", "assignee", "agreement")
        .prefetch_related("agreement__signatories")
        .order_by("due_date", "id")
    )


def document_or_404(user: Any, territory: Territory, pk: Any) -> AgreementDocument:
    return access.get_visible_or_404(
        user,
        AgreementDocument.objects.filter(agreement__territory=territory).select_related(
            "agreement__territory"
        ),
        pk=pk,
    )


def cooperation_ties(user: Any, territory: Territory) -> list[tuple[list[Organisation], str]]:
    """For the network's cooperation map: the organisations sitting today in each body the
    user may see."""
    found = (
        access.visible(user, Body.objects.filter(territory=territory, is_archived=False))
        .prefetch_related(_current_members())
        .only("pk", "name")
        .order_by("name")
    )
    return [
        (
            [membership.organisation for membership in body.current_members],
            _("Instance « %(name)s »") % {"name": body.name},
        )
        for body in found
    ]
