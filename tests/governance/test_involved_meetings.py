"""The séances on a partner's and an elected official's first screens are those of the
bodies they take part in, read without ``MeetingPolicy``'s filter
(``governance.access.meetings_of_involved_bodies``): a body one takes part in is always
visible to them, so only the drafts' rule is left. These tests hold it to the filter it
replaces, meeting by meeting, for every reader of the access world, bodies of every
visibility, every state of séance and three sharing levels with the Département."""

import itertools

import pytest
from django.utils import timezone

from maillage.core import access
from maillage.core.roles import Visibility
from maillage.governance import home
from maillage.governance.access import involved_bodies, meetings_of_involved_bodies
from maillage.governance.models import Meeting
from tests.governance import builders

pytestmark = pytest.mark.django_db

STATES = [
    Meeting.Status.DRAFT,
    Meeting.Status.CONVENED,
    Meeting.Status.HELD,
    Meeting.Status.CANCELLED,
]


def _bodies_of_every_kind(world) -> None:  # type: ignore[no-untyped-def]
    """Bodies public, for partners and for members, chaired by the elected official, with
    a seat for either partner organisation, the Département's or none, and a secretary on
    some; a séance in every state on each; a body of the foreign commune."""
    users = world.users
    seats = [
        [world.org_member],
        [world.org_other],
        [world.org_dept],
        [],
    ]
    titular = {
        world.org_member.pk: users["member"],
        world.org_other.pk: users["partner"],
        world.org_dept.pk: users["departement"],
    }
    n = itertools.count()
    for visibility, members in itertools.product(
        (Visibility.PUBLIC, Visibility.PARTNERS, Visibility.MEMBERS), seats
    ):
        body = builders.body(
            world.territory,
            name=f"Instance {next(n)}",
            visibility=visibility,
            members=members,
            titulars={o.pk: titular[o.pk] for o in members},
            chair=users["elected"],
            secretary=users["partner"] if members == [world.org_member] else None,
        )
        for status in STATES:
            days = -2 if status == Meeting.Status.HELD else 5
            builders.meeting(body, days=days, status=status)
    foreign = builders.body(
        world.foreign,
        name="Instance étrangère",
        members=[world.org_foreign],
        chair=users["foreign"],
    )
    builders.meeting(foreign, days=5, status=Meeting.Status.CONVENED)


@builders.SHARING_LEVELS
def test_the_meetings_of_involved_bodies_are_those_the_filter_keeps(world, shared):
    builders.share_with_department(world, shared)
    _bodies_of_every_kind(world)
    meetings = Meeting.objects.all()
    listed = 0
    for who, user in world.users.items():
        actor = access.actor_for(user)
        expected = builders.ids(
            access.visible(user, meetings).filter(body__in=involved_bodies(actor).values("pk"))
        )
        assert builders.ids(meetings_of_involved_bodies(user, meetings)) == expected, who
        listed += len(expected)
        # A draft shows only to those who run its body's séances.
        for meeting in meetings_of_involved_bodies(user, meetings):
            assert access.can(user, "view", meeting), (who, meeting.pk)
    assert listed >= 10


def test_the_first_screens_list_them(world, client_for):
    _bodies_of_every_kind(world)
    partner = world.users["partner"]
    request = client_for(partner).get(f"/territoires/{world.territory.slug}/").wsgi_request
    html = home.my_meetings(request, world.territory)
    coming = (
        Meeting.objects.filter(body__territory=world.territory, ends_at__gte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at", "id")
    )
    expected = list(
        access.visible(partner, coming).filter(
            body__in=involved_bodies(access.actor_for(partner)).values("pk")
        )[: home.SHOWN]
    )
    assert expected
    for meeting in expected:
        assert meeting.body.label in html
