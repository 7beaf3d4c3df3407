"""Background work: convocation e-mails with their ICS attachment, and reminders of tasks
coming due. Both are idempotent: a row already sent is not sent again."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from maillage.core import queue
from maillage.governance import ics
from maillage.governance.models import ConvocationInvitation, FollowUpTask
from maillage.governance.services import answers, decisions, meetings
from maillage.territories.models import Membership

TEMPLATES = {
    "convocation": (
        "governance/emails/convocation_subject.txt",
        "governance/emails/convocation.txt",
    ),
    "update": ("governance/emails/update_subject.txt", "governance/emails/update.txt"),
    "cancellation": (
        "governance/emails/cancellation_subject.txt",
        "governance/emails/cancellation.txt",
    ),
}
REMINDER_DAYS = 7


@queue.register("governance.send_invitations")
@task()
def send_invitations(*, invitation_ids: list[int]) -> int:
    """One e-mail per invitation, with the meeting attached as ``invitation.ics``."""

    sent = 0
    invitations = (
        ConvocationInvitation.objects.filter(pk__in=invitation_ids, sent_at__isnull=True)
        .select_related(
            "meeting__body__territory",
            "meeting__body__secretary",
            "meeting__convened_by",
            "user",
            "organisation",
        )
        .order_by("pk")
    )
    for invitation in invitations:
        meeting = invitation.meeting
        method = (
            "CANCEL" if invitation.kind == ConvocationInvitation.Kind.CANCELLATION else "REQUEST"
        )
        subject_template, body_template = TEMPLATES[invitation.kind]
        context = {
            "invitation": invitation,
            "meeting": meeting,
            "body": meeting.body,
            "person": invitation.user,
            "items": list(meeting.items.select_related("presenter").order_by("position", "id")),
            "meeting_url": ics.meeting_url(meeting),
            "site_url": settings.SITE_URL,
            # The signed link to answer without signing in (not on a cancellation).
            "answer_url": ""
            if invitation.kind == ConvocationInvitation.Kind.CANCELLATION
            else settings.SITE_URL.rstrip("/") + answers.answer_url(meeting, invitation.user),
        }
        with (
            translation.override(invitation.user.preferred_language or "fr"),
            timezone.override(settings.TIME_ZONE),
        ):
            subject = " ".join(render_to_string(subject_template, context).split())
            body = render_to_string(body_template, context)
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.user.email])
        message.attach(
            "invitation.ics",
            ics.invitation(meeting, attendee=invitation.user, method=method),
            f"text/calendar; method={method}; charset=UTF-8",
        )
        message.send()
        meetings.mark_invitation_sent(invitation=invitation)
        sent += 1
    return sent


@queue.register("governance.send_task_reminders")
@task()
def send_task_reminders(*, today: str | None = None) -> int:
    """Remind the people in charge of open tasks due within a week (once per task and due
    date), and once more when a task reminded before its due date becomes late: the person
    assigned, or else the members of the owning organisation."""

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    horizon = day + datetime.timedelta(days=REMINDER_DAYS)
    not_reminded = Q(reminded_on__isnull=True, due_date__lte=horizon)
    late_since_reminded = Q(due_date__lt=day, reminded_on__lte=F("due_date"))
    due = (
        FollowUpTask.objects.filter(
            status__in=FollowUpTask.OPEN_STATUSES,
            due_date__isnull=False,
        )
        .filter(not_reminded | late_since_reminded)
        .select_related("territory", "assignee", "owner", "decision__body", "agreement")
        .order_by("pk")
    )
    sent = 0
    for follow_up in due:
        if follow_up.assignee is not None and follow_up.assignee.is_active:
            people = [follow_up.assignee]
        elif follow_up.owner is not None:
            people = [
                m.user
                for m in Membership.objects.active()
                .filter(organisation=follow_up.owner, territory=follow_up.territory)
                .exclude(role="resident")
                .select_related("user")
            ]
        else:
            people = []
        for person in people:
            context = {
                "task": follow_up,
                "person": person,
                "overdue": follow_up.due_date is not None and follow_up.due_date < day,
                "site_url": settings.SITE_URL,
            }
            with translation.override(person.preferred_language or "fr"):
                subject = " ".join(
                    render_to_string("governance/emails/reminder_subject.txt", context).split()
                )
                body = render_to_string("governance/emails/reminder.txt", context)
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]).send()
            sent += 1
        decisions.mark_task_reminded(task=follow_up, day=day)
    return sent
