"""Conférence sociale objects for tests, built through the services."""

from __future__ import annotations

import datetime
from typing import Any

from maillage.core.roles import Visibility
from maillage.evaluation.models import Conference, Proposal, Session
from maillage.evaluation.services import conference as services
from maillage.governance.models import Body, Meeting
from maillage.programme.services import create_axis
from tests.governance import builders


def conference(
    world: Any,
    *,
    days: int = 20,
    status: str = Meeting.Status.CONVENED,
    year: int = 2025,
    capacity: int | None = None,
    open_registration: bool = True,
    workshops: int = 1,
) -> Conference:
    """A conférence sociale of ``world.territory`` in ``days`` days (negative: held),
    with a plenary and ``workshops`` workshops; registrations opened with ``capacity``
    when it is to come."""
    body = Body.objects.filter(
        territory=world.territory, kind=Body.Kind.SOCIAL_CONFERENCE
    ).first() or builders.body(
        world.territory,
        name="Conférence sociale",
        kind=Body.Kind.SOCIAL_CONFERENCE,
        members=[world.org_member],
        titulars={world.org_member.pk: world.users["member"]},
        documents=Visibility.PUBLIC,
    )
    to_come = days > 0
    meeting = builders.meeting(
        body,
        days=days,
        hours=4,
        title=f"Conférence sociale {year}",
        status=Meeting.Status.CONVENED
        if to_come and status != Meeting.Status.DRAFT
        else Meeting.Status.DRAFT,
    )
    created = services.create_conference(
        actor=None, territory=world.territory, meeting=meeting, year=year, points_per_ballot=5
    )
    start = meeting.starts_at
    services.add_session(
        actor=None,
        conference=created,
        kind=Session.Kind.PLENARY,
        title="Ouverture et bilan de l’année",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        room="Grande salle",
        speakers="Maire, directrice de la CAF",
    )
    for index in range(workshops):
        axis = create_axis(
            actor=None,
            territory=world.territory,
            number=10 + index + year % 100 * 10,
            short_name=f"Axe {index}",
            title=f"Axe d’essai {index}",
        )
        services.add_session(
            actor=None,
            conference=created,
            kind=Session.Kind.WORKSHOP,
            title=f"Atelier {index + 1}",
            axis=axis,
            starts_at=start + datetime.timedelta(hours=1),
            ends_at=start + datetime.timedelta(hours=2),
            room=f"Salle {index + 1}",
            facilitator=world.users["member"],
        )
    if to_come and open_registration and status != Meeting.Status.DRAFT:
        services.open_registration(
            actor=world.users["coordinator"],
            conference=created,
            organisation=world.org_other,
            capacity=capacity,
        )
    if not to_come and status in (Meeting.Status.HELD, Meeting.Status.APPROVED):
        from maillage.governance import services as governance

        governance.hold_meeting(actor=None, meeting=meeting)
    created.refresh_from_db()
    return Conference.objects.select_related("meeting", "event", "territory").get(pk=created.pk)


def proposal(conference: Conference, title: str = "Une garderie pendant les réunions") -> Proposal:
    workshop = conference.sessions.filter(kind=Session.Kind.WORKSHOP).first()
    return services.add_proposal(
        actor=None, conference=conference, title=title, text="Précisions", session=workshop
    )


def conference_for(territory: Any, organisation: Any, person: Any, *, year: int) -> Conference:
    """A held conférence sociale of ``territory`` (``organisation`` sits in it, ``person``
    is its titular) with one proposal: for tests outside the access world."""
    body = builders.body(
        territory,
        name="Conférence sociale",
        kind=Body.Kind.SOCIAL_CONFERENCE,
        members=[organisation],
        titulars={organisation.pk: person},
        documents=Visibility.PUBLIC,
    )
    meeting = builders.meeting(body, days=-2, title=f"Conférence sociale {year}")
    created = services.create_conference(
        actor=None, territory=territory, meeting=meeting, year=year
    )
    from maillage.governance import services as governance

    governance.hold_meeting(actor=None, meeting=meeting)
    services.add_proposal(
        actor=None, conference=created, title="Une proposition", origin=Proposal.Origin.RESIDENT
    )
    return created
