"""A meeting's life: draft → convened → held → minutes approved, its agenda and its
records, and what happens with bad input."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from maillage.core.models import AuditEntry
from maillage.governance import services
from maillage.governance.models import (
    AgendaItem,
    Attendance,
    ConvocationInvitation,
    Meeting,
    MinutesEntry,
)
from tests.factories import member
from tests.governance import builders

pytestmark = pytest.mark.django_db


def _meeting_url(world, meeting, name="governance:meeting"):  # type: ignore[no-untyped-def]
    return reverse(name, args=[world.territory.slug, meeting.pk])


def test_convening_sends_each_member_an_email_with_the_meeting_to_add_to_their_calendar(
    world, committee, django_capture_on_commit_callbacks
):
    meeting = builders.meeting(committee, days=9, items=["Bilan de la garderie", "Forum"])
    with django_capture_on_commit_callbacks(execute=True):
        services.convene_meeting(actor=world.users["partner"], meeting=meeting, message="Merci.")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([world.users["partner"].email, world.users["member"].email])
    message = next(m for m in mail.outbox if m.to == [world.users["member"].email])
    assert "Comité technique Familles" in message.subject
    assert "1. Bilan de la garderie (30 minutes)" in message.body
    name, content, mimetype = message.attachments[0]
    assert name == "invitation.ics"
    assert mimetype.startswith("text/calendar; method=REQUEST")
    cal = Calendar.from_ical(content)
    assert str(cal["method"]) == "REQUEST"
    event = cal.walk("VEVENT")[0]
    assert str(event["uid"]) == f"{meeting.uid}@maillage"
    assert event.decoded("dtstart") == meeting.starts_at
    assert str(event["attendee"]) == f"mailto:{world.users['member'].email}"
    assert str(event["organizer"]) == f"mailto:{world.users['partner'].email}"
    assert ConvocationInvitation.objects.filter(meeting=meeting, sent_at__isnull=False).count() == 2


def test_nothing_is_sent_before_the_transaction_commits(world, committee):
    meeting = builders.meeting(committee, days=9)
    services.convene_meeting(actor=None, meeting=meeting)
    # Inside the test's transaction the on-commit hook has not run: no e-mail yet.
    assert mail.outbox == []


def test_moving_a_convened_meeting_sends_an_update_that_replaces_the_event(
    world, committee, django_capture_on_commit_callbacks
):
    meeting = builders.meeting(committee, days=9, status=Meeting.Status.CONVENED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(
            actor=None,
            meeting=meeting,
            starts_at=meeting.starts_at + datetime.timedelta(days=1),
            ends_at=meeting.ends_at + datetime.timedelta(days=1),
        )
    assert meeting.sequence == 1
    assert {m.subject.split(" :")[0] for m in mail.outbox} == {"Séance modifiée"}
    event = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert event["sequence"] == 1
    # A new title alone changes nobody's calendar: no e-mail.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(actor=None, meeting=meeting, title="Nouveau titre")
    assert mail.outbox == []


def test_cancelling_sends_a_cancellation_and_returns_the_agenda_to_the_backlog(
    world, committee, django_capture_on_commit_callbacks
):
    meeting = builders.meeting(committee, days=9, status=Meeting.Status.CONVENED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(actor=None, meeting=meeting, reason="Salle indisponible")
    cal = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert str(cal["method"]) == "CANCEL"
    assert str(cal.walk("VEVENT")[0]["status"]) == "CANCELLED"
    assert AgendaItem.objects.filter(body=committee, meeting__isnull=True).count() == 1


def test_a_meeting_ending_before_it_starts_is_refused_and_nothing_is_saved(
    world, committee, client_for
):
    client = client_for(world.users["partner"])
    url = reverse("governance:meeting_create", args=[world.territory.slug, committee.pk])
    day = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    response = client.post(
        url, {"title": "Séance", "day": day, "start_time": "14:00", "end_time": "12:00"}
    )
    assert response.status_code == 400
    assert "La séance doit se terminer après son début" in response.content.decode()
    assert not Meeting.objects.filter(body=committee).exists()
    with pytest.raises(ValidationError) as error:
        services.create_meeting(
            actor=None,
            body=committee,
            title="Séance",
            starts_at=builders.when(5, 14),
            ends_at=builders.when(5, 14),
        )
    assert "ends_at" in error.value.message_dict


def test_a_convocation_dated_in_the_past_is_refused_with_a_clear_message(
    world, committee, client_for
):
    meeting = builders.meeting(committee, days=-1)
    client = client_for(world.users["partner"])
    response = client.post(_meeting_url(world, meeting, "governance:meeting_convene"), {})
    assert response.status_code == 400
    assert "La convocation est datée dans le passé" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT
    assert not ConvocationInvitation.objects.exists()
    # Moving a convened meeting into the past is refused the same way.
    future = builders.meeting(committee, days=4, status=Meeting.Status.CONVENED)
    with pytest.raises(ValidationError, match="datée dans le passé"):
        services.update_meeting(
            actor=None,
            meeting=future,
            starts_at=builders.when(-2, 9),
            ends_at=builders.when(-2, 11),
        )


def test_convening_needs_a_place_an_agenda_and_someone_to_invite(world, client_for):
    empty = builders.body(world.territory, name="Groupe sans membres")
    meeting = services.create_meeting(
        actor=None,
        body=empty,
        title="Séance",
        starts_at=builders.when(3, 10),
        ends_at=builders.when(3, 12),
    )
    with pytest.raises(ValidationError) as error:
        services.convene_meeting(actor=None, meeting=meeting)
    assert set(error.value.message_dict) == {"place", "items", "recipients"}


def test_an_agenda_longer_than_the_meeting_is_a_warning_not_an_error(world, committee, client_for):
    meeting = builders.meeting(committee, days=6, hours=1, items=["Premier point"])
    client = client_for(world.users["partner"])
    response = client.post(
        _meeting_url(world, meeting, "governance:agenda"),
        {"title": "Long débat", "duration_minutes": 50},
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "L’ordre du jour prévoit 1 h 20 pour une séance de 1 heure" in page
    assert meeting.items.count() == 2
    assert services.agenda_warnings(meeting)
    # The convocation still goes: a warning never blocks.
    services.convene_meeting(actor=None, meeting=meeting)


def test_holding_is_possible_once_the_meeting_has_started(world, committee):
    meeting = builders.meeting(committee, days=2, status=Meeting.Status.CONVENED)
    with pytest.raises(ValidationError, match="n’a pas encore commencé"):
        services.hold_meeting(actor=None, meeting=meeting)
    past = builders.meeting(committee, days=-30)
    services.hold_meeting(actor=None, meeting=past)
    assert past.status == Meeting.Status.HELD


def test_attendance_for_a_non_member_is_refused_and_nothing_is_saved(world, committee, client_for):
    meeting = builders.meeting(committee, days=-1, status=Meeting.Status.HELD)
    outsider = world.users["elected"]
    with pytest.raises(ValidationError) as error:
        services.record_attendance(
            actor=None,
            meeting=meeting,
            entries=[
                {"user": world.users["member"], "status": "present"},
                {"user": outsider, "status": "present"},
            ],
        )
    assert "n’est pas membre de l’instance à la date de la séance" in str(error.value)
    assert outsider.full_name in str(error.value)
    assert not Attendance.objects.exists()
    # The API refuses the same way, in French, with nothing saved.
    client = client_for(world.users["partner"])
    response = client.post(
        f"/api/v1/territories/{world.territory.slug}/meetings/{meeting.pk}/attendance",
        data=[{"user_id": outsider.pk, "status": "present"}],
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "n’est pas membre" in response.json()["errors"]["attendance"][0]
    assert not Attendance.objects.exists()


def test_attendance_follows_the_membership_on_the_day_of_the_meeting(world, committee):
    meeting = builders.meeting(committee, days=-10, status=Meeting.Status.HELD)
    newcomer = member(world.territory, "partner", world.org_other)
    services.add_member(
        actor=None,
        body=committee,
        organisation=world.org_other,
        titular=newcomer,
        started_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    with pytest.raises(ValidationError, match="n’est pas membre"):
        services.record_attendance(
            actor=None, meeting=meeting, entries=[{"user": newcomer, "status": "present"}]
        )


def test_attendance_page_records_who_came_and_who_represented_whom(world, committee, client_for):
    colleague = member(world.territory, "partner", world.org_member, full_name="Sam Collègue")
    meeting = builders.meeting(committee, days=-1, status=Meeting.Status.HELD)
    client = client_for(world.users["partner"])
    url = _meeting_url(world, meeting, "governance:attendance")
    page = client.get(url).content.decode()
    assert "Sam Collègue" in page  # staff of a member organisation may come in its place
    member_id = world.users["member"].pk
    response = client.post(
        url,
        {
            f"status_{member_id}": "represented",
            f"represented_{member_id}": str(colleague.pk),
            f"status_{colleague.pk}": "present",
            f"status_{world.users['partner'].pk}": "present",
        },
    )
    assert response.status_code == 302
    record = Attendance.objects.get(meeting=meeting, user=world.users["member"])
    assert record.status == "represented" and record.represented_by == colleague
    # "Represented" with nobody named is refused.
    response = client.post(url, {f"status_{member_id}": "represented"})
    assert response.status_code == 400
    assert "Indiquez qui représentait" in response.content.decode()


def test_minutes_warn_about_personal_data_before_saving(world, committee, client_for):
    meeting = builders.meeting(committee, days=-1, status=Meeting.Status.HELD)
    item = meeting.items.first()
    client = client_for(world.users["partner"])
    url = _meeting_url(world, meeting, "governance:minutes")
    text = "Mme Durandel a appelé au 06 12 34 56 78 pour sa situation."
    response = client.post(url, {"general": "", f"item_{item.pk}": text})
    assert response.status_code == 400
    page = response.content.decode()
    assert "un numéro de téléphone" in page and "le nom d’une personne" in page
    assert not MinutesEntry.objects.exists()
    response = client.post(
        url, {"general": "", f"item_{item.pk}": text, "confirm_personal_data": "on"}
    )
    assert response.status_code == 302
    assert MinutesEntry.objects.get(item=item).text == text
    # The audit log records that the minutes changed, never what they say.
    entry = AuditEntry.objects.filter(action="meeting.minutes").latest("id")
    assert "06 12" not in str(entry.changes)


def test_approving_needs_minutes_and_attendance_then_locks_the_minutes(world, committee):
    meeting = builders.meeting(committee, days=-1, status=Meeting.Status.HELD)
    with pytest.raises(ValidationError, match="compte rendu est vide"):
        services.approve_minutes(actor=None, meeting=meeting)
    services.save_minutes(actor=None, meeting=meeting, general="Tour de table.")
    with pytest.raises(ValidationError, match="Notez les présences"):
        services.approve_minutes(actor=None, meeting=meeting)
    services.record_attendance(
        actor=None, meeting=meeting, entries=[{"user": world.users["member"], "status": "present"}]
    )
    services.approve_minutes(actor=None, meeting=meeting)
    with pytest.raises(ValidationError, match="approuvé"):
        services.save_minutes(actor=None, meeting=meeting, general="Correction")


def test_backlog_items_go_onto_an_agenda_move_and_come_back(world, committee, client_for):
    meeting = builders.meeting(committee, days=8, items=["Ouverture"])
    waiting = services.propose_item(
        actor=world.users["member"], body=committee, title="Accidents domestiques"
    )
    client = client_for(world.users["partner"])
    schedule = reverse("governance:item_schedule", args=[world.territory.slug, waiting.pk])
    response = client.post(schedule, {"meeting": meeting.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="agenda-editor"' in response.content.decode()
    assert [i.title for i in meeting.items.order_by("position")] == [
        "Ouverture",
        "Accidents domestiques",
    ]
    move = reverse("governance:item_move", args=[world.territory.slug, waiting.pk])
    client.post(move, {"direction": "up"})
    assert next(i.title for i in meeting.items.order_by("position")) == "Accidents domestiques"
    back = reverse("governance:item_unschedule", args=[world.territory.slug, waiting.pk])
    client.post(back)
    waiting.refresh_from_db()
    assert waiting.meeting is None


def test_a_point_the_meeting_did_not_reach_is_carried_over(world, committee):
    meeting = builders.meeting(committee, days=-1, status=Meeting.Status.HELD)
    item = meeting.items.first()
    carried = services.carry_over_item(actor=None, item=item)
    assert carried.meeting is None and carried.carried_from == item
    with pytest.raises(ValidationError, match="déjà été reporté"):
        services.carry_over_item(actor=None, item=item)


def test_draft_meetings_are_seen_only_by_those_who_run_them(world, committee, client_for):
    meeting = builders.meeting(committee, days=8)
    url = _meeting_url(world, meeting)
    assert client_for(world.users["member"]).get(url).status_code == 404
    assert client_for(world.users["partner"]).get(url).status_code == 200
    services.convene_meeting(actor=None, meeting=meeting)
    assert client_for(world.users["member"]).get(url).status_code == 200


def test_membership_history_is_kept_when_representatives_change(world, committee):
    membership = committee.memberships.get()
    successor = member(world.territory, "partner", world.org_member)
    later = timezone.localdate() + datetime.timedelta(days=1)
    new = services.change_representatives(
        actor=None, membership=membership, titular=successor, on=later
    )
    membership.refresh_from_db()
    assert membership.ended_on == later and new.started_on == later
    assert committee.memberships.count() == 2
    # A titular must work for the organisation they represent.
    with pytest.raises(ValidationError, match="ne fait pas partie"):
        services.change_representatives(
            actor=None, membership=new, titular=world.users["partner"], on=later
        )
