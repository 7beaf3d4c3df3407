"""Background work of the programme: the daily reminder of what became late (fiches past
their planned end, milestones past their planned date), queued with the governance
reminders by ``manage.py governance_reminders``. Idempotent: a fiche or a milestone is
reminded once per planned date (a new date re-arms it)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from maillage.accounts.models import User
from maillage.core import access, queue
from maillage.core.roles import Role
from maillage.programme import services
from maillage.programme.models import Action, Milestone
from maillage.territories.models import Membership, Organisation


def _people_in_charge(action: Action, members_of: dict[tuple[int, int], list[Any]]) -> list[Any]:
    """The fiche's active referents, or else the professionals of its pilot organisations;
    only those who may read the fiche."""
    people = [user for user in action.referents.all() if user.is_active]
    if not people:
        for pilot in action.pilots.all():
            key = (pilot.pk, action.territory_id)
            if key not in members_of:
                members_of[key] = [
                    m.user
                    for m in Membership.objects.active()
                    .filter(organisation=pilot, territory_id=action.territory_id)
                    .exclude(role=Role.RESIDENT)
                    .select_related("user")
                    .order_by("user_id")
                    if m.user.is_active
                ]
            people += [p for p in members_of[key] if p not in people]
    return [person for person in people if access.can(person, "view", action)]


@queue.register("programme.send_late_reminders")
@task()
def send_late_reminders(*, today: str | None = None) -> int:
    """One e-mail per person in charge, listing the fiches and milestones of theirs that
    are late and were not reminded yet for their current planned date."""

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()

    def in_charge(prefix: str = "") -> tuple[Prefetch, Prefetch]:
        return (
            Prefetch(f"{prefix}referents", queryset=User.objects.order_by("pk")),
            Prefetch(f"{prefix}pilots", queryset=Organisation.objects.order_by("pk")),
        )

    actions = list(
        Action.objects.late(day)
        .filter(Q(late_reminded_for__isnull=True) | ~Q(late_reminded_for=F("ends_on")))
        .select_related("territory")
        .prefetch_related(*in_charge())
        .order_by("pk")
    )
    milestones = list(
        Milestone.objects.late(day)
        .filter(Q(late_reminded_for__isnull=True) | ~Q(late_reminded_for=F("planned_on")))
        .select_related("action__territory")
        .prefetch_related(*in_charge("action__"))
        .order_by("pk")
    )
    digest: dict[Any, dict[str, list[Any]]] = {}
    members_of: dict[tuple[int, int], list[Any]] = {}
    for action in actions:
        for person in _people_in_charge(action, members_of):
            digest.setdefault(person, {"actions": [], "milestones": []})["actions"].append(action)
    for milestone in milestones:
        for person in _people_in_charge(milestone.action, members_of):
            digest.setdefault(person, {"actions": [], "milestones": []})["milestones"].append(
                milestone
            )
    for person, items in sorted(digest.items(), key=lambda pair: pair[0].pk):
        context = {
            "person": person,
            "actions": items["actions"],
            "milestones": items["milestones"],
            "count": len(items["actions"]) + len(items["milestones"]),
            "today": day,
            "site_url": settings.SITE_URL,
        }
        with translation.override(person.preferred_language or "fr"):
            subject = " ".join(
                render_to_string("programme/emails/late_subject.txt", context).split()
            )
            body = render_to_string("programme/emails/late.txt", context)
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]).send()
    services.mark_late_reminded(actions=actions, milestones=milestones)
    return len(digest)
