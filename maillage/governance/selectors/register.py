"""Reads for the register: decisions, follow-up tasks, filters, one's own tasks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from maillage.core import access, references, write_generation
from maillage.governance import access as governance_access
from maillage.governance.models import (
    Body,
    Decision,
    FollowUpTask,
    Meeting,
)
from maillage.governance.selectors.common import (
    _visible_tasks,
    _words,
)
from maillage.territories.models import Territory


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


# What a row of tasks shows (the register's tasks view, « mes tâches »). The decision's
# body by a second query: joined too, its eight tables made PostgreSQL plan for 13-20 ms a
# query that runs in 2 (bench/README.md).
TASK_ROW_JOINS = ("owner", "assignee", "body", "decision", "agreement")
TASK_ROW_PREFETCHES = ("decision__body", "agreement__signatories")


def task_rows(queryset: QuerySet[FollowUpTask]) -> QuerySet[FollowUpTask]:
    """``queryset`` with what a row of tasks shows. Each row carries its decision (and that
    decision's body) and its agreement (and its signatories): everything their policies
    read, so ``references.is_visible`` judges each by ``access.can(view)`` on the loaded
    object, without the query per field that ``with_visibility`` would add (the truth
    table asserts that ``can(view)`` and ``visible()`` agree object by object)."""
    return queryset.select_related(*TASK_ROW_JOINS).prefetch_related(*TASK_ROW_PREFETCHES)


def register_decisions(user: Any, territory: Territory, f: RegisterFilters) -> QuerySet[Decision]:
    qs = access.visible_in(user, Decision.objects.all(), territory.pk)
    if f.body:
        qs = qs.filter(body_id=f.body)
    if f.kind:
        qs = qs.filter(body__kind=f.kind)
    if f.status == "pending_action":
        qs = qs.exclude(action_effect="").filter(action_applied_at__isnull=True)
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.overdue:
        qs = qs.overdue(timezone.localdate())  # type: ignore[attr-defined]
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
        .select_related("body", "owner", "action")
        .order_by("-decided_on", "-id")
    )


def with_visible_tasks(user: Any, decisions: list[Decision]) -> list[Decision]:
    """Attach ``visible_tasks`` to a page of decisions the user was shown, in one query.
    Each task names the decision it was read through: flagged visible without a filter;
    its agreement (rarely one) after the fetch."""
    from django.db.models import Prefetch, prefetch_related_objects

    territories = {decision.territory_id for decision in decisions}
    # A page of the register lists the decisions of one territory: read on it, the tasks
    # of a reader who sees it whole need no access filter (access.visible_in).
    readable = (
        access.visible_in(user, FollowUpTask.objects.all(), next(iter(territories)))
        if len(territories) == 1
        else access.visible(user, FollowUpTask.objects.all())
    )
    tasks = (
        references.with_visibility(user, readable, "agreement", after_fetch=True)
        .select_related("owner", "assignee")
        .order_by("due_date", "id")
    )
    prefetch_related_objects(decisions, Prefetch("tasks", queryset=tasks, to_attr="visible_tasks"))
    for decision in decisions:
        references.mark_visible(decision.visible_tasks, "decision")  # type: ignore[attr-defined]
    return decisions


def register_tasks(user: Any, territory: Territory, f: RegisterFilters) -> QuerySet[FollowUpTask]:
    qs: QuerySet[FollowUpTask] = FollowUpTask.objects.filter(territory=territory)
    if f.body:
        qs = qs.filter(body_id=f.body)
    if f.kind:
        qs = qs.filter(body__kind=f.kind)
    if f.status == "open":
        qs = qs.filter(status__in=FollowUpTask.OPEN_STATUSES)
    elif f.status:
        qs = qs.filter(status=f.status)
    if f.overdue:
        qs = qs.overdue(timezone.localdate())  # type: ignore[attr-defined]
    if f.owner:
        qs = qs.filter(owner_id=f.owner)
    if f.year:
        qs = qs.filter(Q(decision__decided_on__year=f.year) | Q(due_date__year=f.year))
    if f.action:
        qs = references.only_visible_target(user, qs, "decision__action", f.action)
    for word in _words(f.text):
        qs = qs.filter(title__icontains=word)
    if f.mine:
        qs = governance_access.visible_mine(user, qs, territory.pk)
    else:
        qs = access.visible_in(user, qs, territory.pk)
    return task_rows(qs).order_by("due_date", "id")


def my_tasks(user: Any, territory: Territory, *, done: bool = False) -> QuerySet[FollowUpTask]:
    statuses = (
        [FollowUpTask.Status.DONE, FollowUpTask.Status.CANCELLED]
        if done
        else list(FollowUpTask.OPEN_STATUSES)
    )
    qs = task_rows(
        governance_access.visible_mine(
            user,
            FollowUpTask.objects.filter(territory=territory, status__in=statuses),
            territory.pk,
        )
    )
    if done:
        return qs.order_by("-updated_at", "-id")
    return qs.order_by("due_date", "id")


def register_years(bodies: Iterable[Body]) -> list[int]:
    """The years to filter the register by: from the first meeting of the bodies the reader
    may see (``body_choices``) to this year. Each body's first meeting is one probe of the
    ``(body, starts_at)`` index, however many meetings there are; drafts, seen only by
    those who run the body, do not widen the range."""
    ids = [body.pk for body in bodies]
    first_meeting = Subquery(
        Meeting.objects.filter(body=OuterRef("pk"))
        .exclude(status=Meeting.Status.DRAFT)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    bodies_met = Body.objects.filter(pk__in=ids).annotate(first_meeting=first_meeting)
    # The same for every reader of the same bodies: kept until the next write.
    first = (
        write_generation.kept_for_query(
            bodies_met,
            lambda: bodies_met.aggregate(first=Min("first_meeting"))["first"],
            "first-meeting",
        )
        if ids
        else None
    )
    this_year = timezone.localdate().year
    start = timezone.localtime(first).year if first else this_year
    return list(range(max(this_year, start), min(start, this_year) - 1, -1))
