"""Reminders of tasks coming due: sent once, to the right people."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from maillage.governance import services
from maillage.governance.models import Meeting
from maillage.governance.tasks import send_task_reminders
from tests.governance import builders

pytestmark = pytest.mark.django_db


def test_tasks_due_within_a_week_are_reminded_once(world, committee):
    held = builders.meeting(committee, days=-1, status=Meeting.Status.HELD)
    decision = services.record_decision(actor=None, meeting=held, text="Préparer le forum")
    soon = timezone.localdate() + datetime.timedelta(days=3)
    services.create_task(
        actor=None,
        decision=decision,
        title="Réserver la salle",
        owner=world.org_member,
        due_date=soon,
    )
    services.create_task(
        actor=None,
        decision=decision,
        title="Présenter le bilan",
        assignee=world.users["elected"],
        due_date=soon,
    )
    services.create_task(
        actor=None,
        decision=decision,
        title="Plus tard",
        owner=world.org_member,
        due_date=soon + datetime.timedelta(days=30),
    )
    sent = send_task_reminders.call()
    assert sent == 2
    by_person = {m.to[0]: m for m in mail.outbox}
    assert "Réserver la salle" in by_person[world.users["member"].email].subject
    assert "Présenter le bilan" in by_person[world.users["elected"].email].body
    assert "/mes-taches/" in by_person[world.users["elected"].email].body
    mail.outbox.clear()
    assert send_task_reminders.call() == 0
    # The management command queues the same job (run inline in tests).
    call_command("governance_reminders")
    assert mail.outbox == []


def test_an_agreement_review_reminder_reaches_the_first_signatory(world):
    review = timezone.localdate() + datetime.timedelta(days=20)
    services.create_agreement(
        actor=None,
        territory=world.territory,
        kind="convention",
        title="Convention de coopération",
        review_on=review,
        reminder_days=25,
        signatories=[(world.org_member, "la Directrice")],
    )
    assert send_task_reminders.call() == 1
    assert mail.outbox[0].to == [world.users["member"].email]
    assert "Tâche en retard" in mail.outbox[0].subject
