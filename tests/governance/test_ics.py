"""Calendars: ICS files parse with the ``icalendar`` package, times are right on both
sides of a daylight-saving change, and personal feeds are secret and revocable."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from maillage.core.roles import Visibility
from maillage.governance import services
from maillage.governance.models import Meeting, local_datetime
from tests.governance import builders

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
UTC = datetime.UTC


def _seminar(committee, start: datetime.datetime, end: datetime.datetime) -> Meeting:  # type: ignore[no-untyped-def]
    meeting = services.create_meeting(
        actor=None, body=committee, title="Séminaire", starts_at=start, ends_at=end, place="Mairie"
    )
    services.propose_item(actor=None, body=committee, meeting=meeting, title="Ouverture")
    services.hold_meeting(actor=None, meeting=meeting)
    return meeting


def _events(client, url):  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


@pytest.mark.parametrize(
    ("start", "end", "utc_start", "utc_end"),
    [
        # Saturday before the last Sunday of March 2026 (clocks go forward at 2:00).
        (
            (datetime.date(2026, 3, 28), datetime.time(9, 0)),
            (datetime.date(2026, 3, 29), datetime.time(17, 0)),
            datetime.datetime(2026, 3, 28, 8, 0, tzinfo=UTC),
            datetime.datetime(2026, 3, 29, 15, 0, tzinfo=UTC),
        ),
        # Saturday before the last Sunday of October 2026 (clocks go back at 3:00).
        (
            (datetime.date(2026, 10, 24), datetime.time(9, 0)),
            (datetime.date(2026, 10, 25), datetime.time(17, 0)),
            datetime.datetime(2026, 10, 24, 7, 0, tzinfo=UTC),
            datetime.datetime(2026, 10, 25, 16, 0, tzinfo=UTC),
        ),
    ],
)
def test_a_meeting_across_a_daylight_saving_change_keeps_its_wall_clock_times(
    world, committee, client_for, start, end, utc_start, utc_end
):
    meeting = _seminar(committee, local_datetime(*start), local_datetime(*end))
    assert meeting.starts_at == utc_start and meeting.ends_at == utc_end
    cal = _events(
        client_for(None), reverse("governance:territory_ics", args=[world.territory.slug])
    )
    event = cal.walk("VEVENT")[0]
    dtstart, dtend = event.decoded("dtstart"), event.decoded("dtend")
    # Written as Paris wall-clock times with their zone…
    assert event["dtstart"].params["TZID"] == "Europe/Paris"
    assert (dtstart.hour, dtend.hour) == (9, 17)
    # …which are the right instants.
    assert dtstart.astimezone(UTC) == utc_start
    assert dtend.astimezone(UTC) == utc_end
    # The file carries the zone's rules, summer and winter, for other calendars.
    zone = cal.walk("VTIMEZONE")[0]
    assert str(zone["tzid"]) == "Europe/Paris"
    assert {c.name for c in zone.subcomponents} >= {"STANDARD", "DAYLIGHT"}


def test_the_meeting_page_is_in_paris_time_across_the_change(world, committee, client_for):
    meeting = _seminar(
        committee,
        local_datetime(datetime.date(2026, 10, 24), datetime.time(9, 0)),
        local_datetime(datetime.date(2026, 10, 25), datetime.time(17, 0)),
    )
    page = client_for(None).get(meeting.get_absolute_url()).content.decode()
    assert "samedi 24 octobre 2026, 09h00" in page
    assert "dimanche 25 octobre 2026, 17h00" in page
    api = (
        client_for(None)
        .get(f"/api/v1/territories/{world.territory.slug}/meetings/{meeting.pk}")
        .json()
    )
    assert api["starts_at"] == "2026-10-24T09:00:00+02:00"
    assert api["ends_at"] == "2026-10-25T17:00:00+01:00"


def test_api_reads_a_time_without_offset_as_paris_time(world, committee, client_for):
    client = client_for(world.users["partner"])
    response = client.post(
        f"/api/v1/territories/{world.territory.slug}/bodies/{committee.pk}/meetings",
        data={
            "title": "Séance de mars",
            "starts_at": "2027-03-28T10:00:00",
            "ends_at": "2027-03-28T12:00:00",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["starts_at"] == "2027-03-28T10:00:00+02:00"
    meeting = Meeting.objects.get(pk=response.json()["id"])
    assert meeting.starts_at == datetime.datetime(2027, 3, 28, 8, 0, tzinfo=UTC)


def test_every_feed_parses_and_holds_the_agenda_not_the_minutes(world, committee, client_for):
    meeting = builders.held_with_records(
        committee, people=[world.users["member"]], minutes="Texte réservé aux membres"
    )
    client = client_for(world.users["member"])
    slug = world.territory.slug
    for url in [
        reverse("governance:territory_ics", args=[slug]),
        reverse("governance:body_ics", args=[slug, committee.pk]),
        reverse("governance:meeting_ics", args=[slug, meeting.pk]),
    ]:
        cal = _events(client, url)
        (event,) = cal.walk("VEVENT")
        description = str(event["description"])
        assert "1. Point d’étape (30 min)" in description
        assert "Texte réservé" not in description
        assert str(event["location"]) == "Mairie, salle 2"
        assert str(event["url"]).endswith(meeting.get_absolute_url())


def test_personal_feed_is_secret_scoped_and_revocable(world, committee, client_for):
    mine = builders.meeting(committee, days=5, title="Ma séance", status=Meeting.Status.CONVENED)
    other = builders.body(
        world.territory,
        name="Autre instance",
        members=[world.org_other],
        titulars={world.org_other.pk: world.users["partner"]},
    )
    builders.meeting(other, days=6, title="Séance d’une autre instance", status="convened")
    feed, key = services.create_feed(
        actor=world.users["member"], territory=world.territory, name="Téléphone"
    )
    url = reverse("governance:personal_ics", args=[world.territory.slug, key])
    titles = [str(e["summary"]) for e in _events(client_for(None), url).walk("VEVENT")]
    assert titles == [f"{committee.label} — {mine.title}"]
    # "All I can see" brings the other public body's meetings too.
    _all, all_key = services.create_feed(
        actor=world.users["member"], territory=world.territory, name="Tout", scope="all"
    )
    all_url = reverse("governance:personal_ics", args=[world.territory.slug, all_key])
    assert len(_events(client_for(None), all_url).walk("VEVENT")) == 2
    # Only a hash is stored; a wrong or revoked key answers 404.
    assert key not in str(feed.key_hash)
    bad = reverse("governance:personal_ics", args=[world.territory.slug, key[:-2] + "xx"])
    assert client_for(None).get(bad).status_code == 404
    services.revoke_feed(actor=world.users["member"], feed=feed)
    assert client_for(None).get(url).status_code == 404


def test_feeds_page_shows_the_address_once_and_revokes(world, client_for):
    client = client_for(world.users["resident"])
    url = reverse("governance:feeds", args=[world.territory.slug])
    response = client.post(url, {"name": "Agenda perso", "scope": "all"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "/agenda/flux/cal_" in page
    assert "/agenda/flux/cal_" not in client.get(url).content.decode()
    feed = world.users["resident"].calendar_feeds.get()
    client.post(reverse("governance:feed_revoke", args=[world.territory.slug, feed.pk]))
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    # Another person's feed is not theirs to revoke: 404, it does not exist for them.
    other, _key = services.create_feed(
        actor=world.users["member"], territory=world.territory, name="x"
    )
    response = client.post(reverse("governance:feed_revoke", args=[world.territory.slug, other.pk]))
    assert response.status_code == 404


def test_a_members_only_meeting_is_absent_from_an_outsiders_feed(world, client_for):
    closed = builders.body(
        world.territory,
        name="Cellule restreinte",
        members=[world.org_member],
        titulars={world.org_member.pk: world.users["member"]},
        visibility=Visibility.MEMBERS,
    )
    builders.meeting(closed, days=4, title="Séance restreinte", status=Meeting.Status.CONVENED)
    for actor, expected in [("member", 1), ("elected", 0)]:
        _feed, key = services.create_feed(
            actor=world.users[actor], territory=world.territory, name="Tout", scope="all"
        )
        url = reverse("governance:personal_ics", args=[world.territory.slug, key])
        assert len(_events(client_for(None), url).walk("VEVENT")) == expected, actor
