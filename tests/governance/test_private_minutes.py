"""Members of a body read its private minutes; nobody else does — not in the pages, the
search, the API, the PDF or the calendar feeds. Removing a member takes effect on the next
request."""

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from maillage.core.roles import Visibility
from maillage.governance import services
from maillage.governance.models import Meeting
from tests.governance import builders

pytestmark = pytest.mark.django_db

SECRET = "Situation signalée par la circonscription : à suivre en cellule"


@pytest.fixture
def held(world, committee):  # type: ignore[no-untyped-def]
    meeting = builders.held_with_records(committee, people=[world.users["member"]], minutes=SECRET)
    services.record_decision(actor=None, meeting=meeting, text="Saisir la cellule de veille")
    return meeting


def _pages(world, meeting):  # type: ignore[no-untyped-def]
    slug = world.territory.slug
    return {
        "meeting": reverse("governance:meeting", args=[slug, meeting.pk]),
        "search": reverse("governance:search", args=[slug]) + "?q=circonscription",
        "pdf": reverse("governance:minutes_pdf", args=[slug, meeting.pk]),
        "api_minutes": f"/api/v1/territories/{slug}/meetings/{meeting.pk}/minutes",
        "api_attendance": f"/api/v1/territories/{slug}/meetings/{meeting.pk}/attendance",
        "api_meeting": f"/api/v1/territories/{slug}/meetings/{meeting.pk}",
        "register": reverse("governance:register", args=[slug]),
        "api_decisions": f"/api/v1/territories/{slug}/decisions",
    }


def test_members_read_the_private_minutes_everywhere(world, held, client_for):
    client = client_for(world.users["member"])
    urls = _pages(world, held)
    assert SECRET in client.get(urls["meeting"]).content.decode()
    assert SECRET[:60] in client.get(urls["search"]).content.decode()
    pdf = client.get(urls["pdf"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    minutes = client.get(urls["api_minutes"]).json()["items"]
    assert SECRET in [entry["text"] for entry in minutes]
    assert client.get(urls["api_attendance"]).json()["items"][0]["status"] == "present"
    assert client.get(urls["api_meeting"]).json()["minutes_readable"] is True
    assert "Saisir la cellule de veille" in client.get(urls["register"]).content.decode()
    assert client.get(urls["api_decisions"]).json()["count"] == 1


@pytest.mark.parametrize("actor", ["anonymous", "resident", "elected", "departement", "foreign"])
def test_others_do_not_read_them_anywhere(world, held, client_for, actor):
    client = client_for(world.users[actor])
    urls = _pages(world, held)
    page = client.get(urls["meeting"])
    assert page.status_code == 200  # the meeting itself is public
    assert SECRET not in page.content.decode()
    assert SECRET[:60] not in client.get(urls["search"]).content.decode()
    assert client.get(urls["pdf"]).status_code in (302, 403)
    assert client.get(urls["api_minutes"]).status_code in (401, 403)
    assert client.get(urls["api_attendance"]).status_code in (401, 403)
    assert client.get(urls["api_meeting"]).json()["minutes_readable"] is False
    assert "Saisir la cellule de veille" not in client.get(urls["register"]).content.decode()
    assert client.get(urls["api_decisions"]).json()["count"] == 0


def test_calendar_feeds_never_carry_minutes_nor_hidden_meetings(world, committee, client_for):
    held = builders.held_with_records(committee, people=[world.users["member"]], minutes=SECRET)
    closed = builders.body(
        world.territory,
        name="Cellule de veille",
        members=[world.org_member],
        titulars={world.org_member.pk: world.users["member"]},
        visibility=Visibility.MEMBERS,
    )
    builders.meeting(closed, days=3, title="Séance confidentielle", status=Meeting.Status.CONVENED)
    slug = world.territory.slug
    for actor, sees_hidden in [("member", True), ("partner", False), ("anonymous", False)]:
        client = client_for(world.users[actor])
        body = client.get(reverse("governance:territory_ics", args=[slug])).content
        cal = Calendar.from_ical(body)
        titles = [str(e["summary"]) for e in cal.walk("VEVENT")]
        assert any(held.title in t for t in titles)
        assert any("Séance confidentielle" in t for t in titles) is sees_hidden, actor
        assert SECRET.encode() not in body


def test_removing_a_member_takes_effect_on_the_next_request(world, held, client_for):
    reader = client_for(world.users["member"])
    urls = _pages(world, held)
    _feed, key = services.create_feed(
        actor=world.users["member"], territory=world.territory, name="Téléphone"
    )
    feed_url = reverse("governance:personal_ics", args=[world.territory.slug, key])
    assert reader.get(urls["pdf"]).status_code == 200
    assert held.title in reader.get(feed_url).content.decode()

    coordinator = client_for(world.users["coordinator"])
    membership = held.body.memberships.get()
    response = coordinator.post(
        reverse("governance:member", args=[world.territory.slug, membership.pk]),
        {"form": "end", "on": ""},
    )
    assert response.status_code == 400  # a date is required
    response = coordinator.post(
        reverse("governance:member", args=[world.territory.slug, membership.pk]),
        {"form": "end", "on": timezone.localdate().isoformat(), "reason": "Fin du mandat"},
    )
    assert response.status_code == 302

    assert reader.get(urls["pdf"]).status_code == 403
    assert SECRET not in reader.get(urls["meeting"]).content.decode()
    assert reader.get(urls["api_minutes"]).status_code == 403
    assert SECRET[:60] not in reader.get(urls["search"]).content.decode()
    # The personal feed ("my bodies") no longer lists the body's meetings.
    assert held.title not in reader.get(feed_url).content.decode()
    # The history keeps the membership, ended today.
    membership.refresh_from_db()
    assert membership.ended_on == timezone.localdate()
