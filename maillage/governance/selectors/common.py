"""What several governance selectors share: the choices offered in forms and the
prefetches reused across pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from maillage.accounts.models import User
from maillage.core import access, references
from maillage.core.roles import PARTNER_LEVEL
from maillage.core.text import fold
from maillage.governance.models import (
    BodyMembership,
    FollowUpTask,
    active_on_q,
)
from maillage.governance.services.common import territory_lineage
from maillage.programme.models import Action, Axis
from maillage.territories.models import Membership, Organisation, Territory


def people(territory: Territory) -> QuerySet[Any]:
    """People who may chair, present, or be given a task: partner-level staff of the
    territory and of the territories above it."""

    ids = (
        Membership.objects.active()
        .filter(territory_id__in=territory_lineage(territory), role__in=PARTNER_LEVEL)
        .values("user_id")
    )
    # The choices of several forms, thousands of people in a large territory: the columns
    # their labels need only (any other is read on demand).
    return (
        User.objects.filter(pk__in=ids, is_active=True)
        .only("pk", "full_name", "email")
        .order_by("full_name")
    )


def organisations(territory: Territory) -> QuerySet[Organisation]:
    return Organisation.objects.partners_of(territory).order_by("name")


def visible_actions(user: Any, territory: Territory) -> QuerySet[Any]:
    return access.visible(user, Action.objects.filter(territory=territory)).order_by("code")


def axes(territory: Territory) -> QuerySet[Any]:
    return Axis.objects.filter(territory=territory).order_by("number")


def _current_members() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=BodyMembership.objects.filter(active_on_q())
        .select_related("organisation", "titular", "substitute")
        .order_by("organisation__name"),
        to_attr="current_members",
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


def _words(text: str) -> list[str]:
    return fold(text).split()[:8]
