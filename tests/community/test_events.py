"""Public events: registrations, the waiting list promoted once, refused input, reminders,
ICS, JSON-LD, and the territory agenda."""

import datetime
import json
import re
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from maillage.community import services, tasks
from maillage.community.models import Event, Registration
from maillage.core.models import AuditEntry
from tests.community import builders
from tests.factories import UserFactory


def _register(event, n):  # type: ignore[no-untyped-def]
    return services.register(
        actor=None, event=event, name=f"Personne {n}", email=f"personne{n}@exemple.test"
    )


def test_a_full_event_puts_people_on_the_waiting_list(world):
    event = builders.event(world.territory, world.org_member, capacity=2)
    first, second, third = (_register(event, n) for n in range(3))
    assert [r.status for r in (first, second, third)] == ["confirmed", "confirmed", "waiting"]


def test_a_cancellation_promotes_the_first_waiting_once(world, django_capture_on_commit_callbacks):
    event = builders.event(world.territory, world.org_member, capacity=1)
    confirmed = _register(event, 1)
    waiting = [_register(event, n) for n in (2, 3)]
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.cancel_registration(actor=None, registration=confirmed)
    assert [r.pk for r in promoted] == [waiting[0].pk]
    assert Registration.objects.get(pk=waiting[0].pk).status == "confirmed"
    assert Registration.objects.get(pk=waiting[1].pk).status == "waiting"
    assert AuditEntry.objects.filter(action="registration.promote").count() == 1
    assert [m.to for m in mail.outbox] == [["personne2@exemple.test"]]
    assert "Une place s’est libérée" in mail.outbox[0].subject
    # The same cancellation again (a second click, a second tab): refused, nobody else moves.
    stale = Registration.objects.get(pk=confirmed.pk)
    stale.status = "confirmed"  # what a page loaded before the first cancellation holds
    with pytest.raises(ValidationError, match="déjà annulée"):
        services.cancel_registration(actor=None, registration=stale)
    assert Registration.objects.get(pk=waiting[1].pk).status == "waiting"
    assert AuditEntry.objects.filter(action="registration.promote").count() == 1


def test_cancelling_a_waiting_place_promotes_nobody(world):
    event = builders.event(world.territory, world.org_member, capacity=1)
    _register(event, 1)
    waiting = _register(event, 2)
    third = _register(event, 3)
    assert services.cancel_registration(actor=None, registration=waiting) == []
    assert Registration.objects.get(pk=third.pk).status == "waiting"


@pytest.mark.postgres_only
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every write: the race between two cancellations only exists "
    "on PostgreSQL; the sequential double cancellation runs on both",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_cancellations_promote_exactly_as_many_as_places_freed():
    """Two confirmed people cancel at the same moment, twice each: the event's row lock
    serialises them, so exactly two people leave the waiting list, never three."""
    from tests.access.world import build_world

    world = build_world()
    event = builders.event(world.territory, world.org_member, capacity=2)
    confirmed = [_register(event, n) for n in (1, 2)]
    waiting = [_register(event, n) for n in (3, 4, 5)]
    barrier = threading.Barrier(4)
    errors: list[str] = []

    def cancel(registration):  # type: ignore[no-untyped-def]
        from django.db import connections

        try:
            barrier.wait()
            services.cancel_registration(actor=None, registration=registration)
        except ValidationError as exc:
            errors.append(exc.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cancel, args=(r,)) for r in confirmed * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = dict(Registration.objects.filter(event=event).values_list("pk", "status"))
    assert [statuses[r.pk] for r in waiting] == ["confirmed", "confirmed", "waiting"]
    assert errors == ["Cette inscription est déjà annulée."] * 2
    assert AuditEntry.objects.filter(action="registration.promote").count() == 2


def test_a_bigger_capacity_promotes_the_waiting_list(world):
    event = builders.event(world.territory, world.org_member, capacity=1)
    _register(event, 1)
    waiting = _register(event, 2)
    services.update_event(actor=UserFactory(admin=True), event=event, capacity=2)
    assert Registration.objects.get(pk=waiting.pk).status == "confirmed"


def test_the_capacity_cannot_go_below_the_people_registered(world):
    event = builders.event(world.territory, world.org_member, capacity=2)
    _register(event, 1)
    _register(event, 2)
    with pytest.raises(ValidationError) as caught:
        services.update_event(actor=UserFactory(admin=True), event=event, capacity=1)
    assert "2 personnes sont déjà inscrites" in caught.value.message_dict["capacity"][0]
    assert Event.objects.get(pk=event.pk).capacity == 2


def test_the_same_address_registers_once(world):
    event = builders.event(world.territory, world.org_member)
    _register(event, 1)
    with pytest.raises(ValidationError, match="déjà inscrite"):
        _register(event, 1)


def test_an_event_ending_before_it_starts_is_refused(world):
    start = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as caught:
        services.create_event(
            actor=UserFactory(admin=True),
            territory=world.territory,
            organisation=world.org_member,
            title="Forum",
            summary="Un forum.",
            starts_at=start,
            ends_at=start - datetime.timedelta(hours=1),
            place="Espace 93",
        )
    assert "doit finir après son début" in caught.value.message_dict["ends_at"][0]
    assert not Event.objects.exists()


def test_the_form_refuses_an_end_before_the_start_with_a_400(world, client_for):
    client = client_for(world.users["member"])
    response = client.post(
        reverse("community:event_create", args=[world.territory.slug]),
        {
            "organisation": world.org_member.pk,
            "title": "Forum des assistantes maternelles",
            "summary": "Rencontrer les assistantes maternelles.",
            "day": "2031-03-04",
            "start_time": "14:00",
            "end_time": "10:00",
            "place": "Espace 93",
            "visibility": "public",
        },
    )
    assert response.status_code == 400
    assert "L’événement doit finir après son début" in response.content.decode()
    assert not Event.objects.exists()


def test_an_anonymous_visitor_registers_and_cancels_by_the_link(
    world, client, django_capture_on_commit_callbacks
):
    event = builders.event(world.territory, world.org_member, capacity=1)
    url = reverse("community:event_register", args=[world.territory.slug, event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"name": "Awa Test", "email": "awa@exemple.test"})
    assert response.status_code == 302
    registration = Registration.objects.get(email="awa@exemple.test")
    assert registration.status == "confirmed" and registration.user is None
    assert mail.outbox[0].subject.startswith("Inscription confirmée")
    link = reverse("community:registration_token", args=[world.territory.slug, registration.token])
    assert link in mail.outbox[0].body
    assert mail.outbox[0].attachments[0][0] == "evenement.ics"
    # The event is full now: the next visitor is told so and waits.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"name": "Bintou Test", "email": "bintou@exemple.test"})
    assert Registration.objects.get(email="bintou@exemple.test").status == "waiting"
    page = client.get(event.get_absolute_url()).content.decode()
    assert "liste d’attente" in page
    # The link cancels without an account, and the waiting person gets the place.
    assert client.post(link).status_code == 302
    assert Registration.objects.get(pk=registration.pk).status == "cancelled"
    assert Registration.objects.get(email="bintou@exemple.test").status == "confirmed"


def test_a_registration_form_with_a_bad_address_answers_400(world, client):
    event = builders.event(world.territory, world.org_member)
    response = client.post(
        reverse("community:event_register", args=[world.territory.slug, event.pk]),
        {"name": "Awa", "email": "pas-une-adresse"},
    )
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_reminders_leave_once_for_events_in_the_next_two_days(world):
    soon = builders.event(world.territory, world.org_member, days=1, title="Bientôt")
    later = builders.event(world.territory, world.org_member, days=10, title="Plus tard")
    _register(soon, 1)
    _register(later, 2)
    assert tasks.send_event_reminders.call() == 1
    assert mail.outbox[-1].subject == "Rappel : Bientôt"
    assert tasks.send_event_reminders.call() == 0


def test_ics_per_event_and_per_territory(world, client):
    event = builders.event(world.territory, world.org_member, cosigners=[world.org_other])
    builders.event(world.territory, world.org_member, publish=False, title="Brouillon")
    one = client.get(reverse("community:event_ics", args=[world.territory.slug, event.pk]))
    assert one["Content-Type"].startswith("text/calendar")
    component = Calendar.from_ical(one.content).walk("VEVENT")[0]
    assert str(component["summary"]) == event.title
    assert "Accessible en fauteuil roulant" in str(component["description"])
    all_events = client.get(reverse("community:events_ics", args=[world.territory.slug]))
    titles = [str(c["summary"]) for c in Calendar.from_ical(all_events.content).walk("VEVENT")]
    assert titles == [event.title]


def test_the_page_carries_schema_org_event_json_ld(world, client):
    event = builders.event(world.territory, world.org_member, title="Forum </script> <b>")
    page = client.get(event.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block is not None
    data = json.loads(block.group(1))
    assert data["@type"] == "Event" and data["name"] == "Forum </script> <b>"
    assert data["location"]["name"] == event.place
    assert data["inLanguage"] == ["fr", "ar"]
    assert data["organizer"][0]["name"] == world.org_member.name


def test_events_appear_in_the_territory_agenda_and_can_be_filtered(world, client):
    event = builders.event(world.territory, world.org_member, days=2, title="Forum petite enfance")
    month = timezone.localtime(event.starts_at).strftime("%Y-%m")
    url = reverse("governance:calendar", args=[world.territory.slug])
    assert "Forum petite enfance" in client.get(url, {"mois": month}).content.decode()
    assert "Forum petite enfance" in client.get(url, {"vue": "liste"}).content.decode()
    only = client.get(url, {"mois": month, "type": "evenements"}).content.decode()
    assert "Forum petite enfance" in only
    bodies_only = client.get(url, {"mois": month, "type": "technical"}).content.decode()
    assert "Forum petite enfance" not in bodies_only


def test_the_list_filters_by_language_accessibility_and_organisation(world, client):
    builders.event(world.territory, world.org_member, title="Forum en arabe")
    other = builders.event(world.territory, world.org_other, title="Atelier sans arabe")
    services.update_event(
        actor=UserFactory(admin=True), event=other, languages=["fr"], step_free=False
    )
    url = reverse("community:events", args=[world.territory.slug])
    arabic = client.get(url, {"langue": "ar"}).content.decode()
    assert "Forum en arabe" in arabic and "Atelier sans arabe" not in arabic
    accessible = client.get(url, {"accessible": "1"}).content.decode()
    assert "Forum en arabe" in accessible and "Atelier sans arabe" not in accessible
    mine = client.get(url, {"organisation": world.org_other.pk}).content.decode()
    assert "Atelier sans arabe" in mine and "Forum en arabe" not in mine


def test_a_partners_only_event_is_hidden_from_the_public(world, client, client_for):
    event = builders.event(world.territory, world.org_member, visibility="partners")
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client_for(world.users["partner"]).get(event.get_absolute_url()).status_code == 200


def test_the_daily_command_queues_the_reminders(world):
    from io import StringIO

    from django.core.management import call_command

    event = builders.event(world.territory, world.org_member, days=1, title="Demain")
    _register(event, 1)
    out = StringIO()
    call_command("community_reminders", stdout=out)
    assert "Rappels d’événements mis en file" in out.getvalue()
    assert mail.outbox[-1].subject == "Rappel : Demain"
