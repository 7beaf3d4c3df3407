from typing import Any

from django import template
from django.utils import timezone

from maillage.governance.models import Decision, FollowUpTask, Meeting
from maillage.governance.services.meetings import format_minutes

register = template.Library()

MEETING_BADGES: dict[str, str] = {
    Meeting.Status.DRAFT: "fr-badge--new",
    Meeting.Status.CONVENED: "fr-badge--info",
    Meeting.Status.HELD: "fr-badge--warning",
    Meeting.Status.APPROVED: "fr-badge--success",
    Meeting.Status.CANCELLED: "fr-badge--error",
}
TASK_BADGES: dict[str, str] = {
    FollowUpTask.Status.PENDING: "fr-badge--info",
    FollowUpTask.Status.IN_PROGRESS: "fr-badge--new",
    FollowUpTask.Status.DONE: "fr-badge--success",
    FollowUpTask.Status.CANCELLED: "",
}
DECISION_BADGES: dict[str, str] = {
    Decision.Status.OPEN: "fr-badge--info",
    Decision.Status.DONE: "fr-badge--success",
    Decision.Status.ABANDONED: "",
}


@register.filter
def meeting_badge(meeting: Meeting) -> str:
    return MEETING_BADGES.get(meeting.status, "")


@register.filter
def task_badge(task: FollowUpTask) -> str:
    return TASK_BADGES.get(task.status, "")


@register.filter
def decision_badge(decision: Decision) -> str:
    return DECISION_BADGES.get(decision.status, "")


@register.filter
def minutes_label(total: int) -> str:
    return format_minutes(int(total or 0))


@register.filter
def local(moment: Any) -> Any:
    return timezone.localtime(moment) if moment else moment
