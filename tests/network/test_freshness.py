"""Freshness: last-update dates, the territory's rules, « Marquer comme à jour »,
reminders to the owning organisation's members."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import AuditEntry
from maillage.core.roles import Role
from maillage.network import services
from maillage.network.models import Freshness, FreshnessReminder, NetworkSettings, add_months
from maillage.network.reminders import send_for_territory
from maillage.network.tasks import send_freshness_reminders
from tests.factories import member
from tests.network.builders import days_ago, make_service


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(datetime.date(2026, 3, 31), -1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 1, 15), -13) == datetime.date(2024, 12, 15)


def test_rules_give_each_date_its_status(world):
    rules = NetworkSettings(
        territory=world.territory, update_advised_after_months=3, update_required_after_months=6
    )
    today = datetime.date(2026, 6, 30)
    assert rules.freshness(datetime.date(2026, 5, 1), today) == Freshness.FRESH
    assert rules.freshness(datetime.date(2026, 2, 1), today) == Freshness.ADVISED
    assert rules.freshness(datetime.date(2025, 11, 1), today) == Freshness.REQUIRED


def test_rules_are_checked(world):
    with pytest.raises(Exception, match="vient après"):
        services.update_rules(
            actor=None,
            territory=world.territory,
            update_advised_after_months=12,
            update_required_after_months=6,
        )


def test_rules_form_re_displays_errors(world, client_for):
    client = client_for(world.users["coordinator"])
    url = reverse("network:rules", args=[world.territory.slug])
    response = client.post(
        url,
        {
            "update_advised_after_months": 9,
            "update_required_after_months": 3,
            "reminder_interval_days": 30,
        },
    )
    assert response.status_code == 400
    assert "vient après" in response.content.decode()
    response = client.post(
        url,
        {
            "update_advised_after_months": 2,
            "update_required_after_months": 4,
            "reminder_interval_days": 15,
            "reminders_enabled": "on",
        },
    )
    assert response.status_code == 302
    assert NetworkSettings.objects.get(territory=world.territory).update_required_after_months == 4


def test_mark_fresh_sets_today_and_is_audited(world, client_for):
    service = make_service(world.territory, world.org_member, date_maj=days_ago(400))
    client = client_for(world.users["member"])
    response = client.post(
        reverse("network:service_mark_fresh", args=[world.territory.slug, service.pk]),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "À jour" in response.content.decode()
    service.refresh_from_db()
    assert service.date_maj == timezone.localdate()
    assert AuditEntry.objects.filter(
        action="network.service.mark_fresh", object_id=str(service.pk)
    ).exists()


def test_editing_confirms_unless_told_otherwise(world):
    service = make_service(world.territory, world.org_member, date_maj=days_ago(400))
    services.update_service(
        actor=None, service=service, horaires_accueil="Mo 09:00-12:00", mark_fresh=False
    )
    assert service.date_maj == days_ago(400)
    services.update_service(actor=None, service=service, horaires_accueil="Tu 09:00-12:00")
    assert service.date_maj == timezone.localdate()


def test_freshness_page_shows_a_partner_their_organisations_services(world, client_for):
    make_service(world.territory, world.org_member, name="Service ancien", date_maj=days_ago(500))
    make_service(
        world.territory,
        world.org_other,
        name="Service d’une autre organisation",
        date_maj=days_ago(500),
    )
    body = (
        client_for(world.users["member"])
        .get(reverse("network:freshness", args=[world.territory.slug]) + "?etat=required")
        .content.decode()
    )
    assert "Service ancien" in body
    assert "Service d’une autre organisation" not in body
    body = (
        client_for(world.users["coordinator"])
        .get(reverse("network:freshness", args=[world.territory.slug]))
        .content.decode()
    )
    assert "Service d’une autre organisation" in body


def test_reminders_mail_the_owning_organisations_members_once_per_interval(
    world, django_capture_on_commit_callbacks
):
    colleague = member(world.territory, Role.PARTNER, world.org_member, email="collegue@essai.test")
    make_service(
        world.territory, world.org_member, name="Permanence ancienne", date_maj=days_ago(250)
    )
    make_service(
        world.territory, world.org_member, name="Permanence récente", date_maj=days_ago(10)
    )
    make_service(
        world.territory, world.org_other, name="Service sans relance", date_maj=days_ago(10)
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_for_territory(world.territory)
    assert [r.organisation for r in sent] == [world.org_member]
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([colleague.email, "membre@essai.test"])
    body = mail.outbox[0].body
    assert "Permanence ancienne" in body and "Permanence récente" not in body
    assert "Marquer comme à jour" in body
    assert FreshnessReminder.objects.get().recipient_count == 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_freshness_reminders.call() == 0  # already reminded within the interval
    assert mail.outbox == []


def test_coordinator_can_send_reminders_now(world, client_for, django_capture_on_commit_callbacks):
    make_service(world.territory, world.org_member, date_maj=days_ago(400))
    client = client_for(world.users["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("network:send_reminders", args=[world.territory.slug]))
    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_the_daily_command_sends_the_reminders(world, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    make_service(world.territory, world.org_member, date_maj=days_ago(400))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("network_reminders", "--now", stdout=out)
    assert "1 relance(s) envoyée(s)" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["membre@essai.test"]]


def test_the_rules_are_read_once_until_the_next_write(world):
    """The territory's rules, read by every first screen's freshness block, are kept until
    the next write: read once, then the new ones at once after they change."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maillage.network import selectors

    assert selectors.rules(world.territory).update_advised_after_months == 6
    with CaptureQueriesContext(connection) as again:
        assert selectors.rules(world.territory).update_advised_after_months == 6
    assert not [q for q in again.captured_queries if "network_networksettings" in q["sql"]]
    services.update_rules(
        actor=None,
        territory=world.territory,
        update_advised_after_months=4,
        update_required_after_months=8,
    )
    assert selectors.rules(world.territory).update_advised_after_months == 4
