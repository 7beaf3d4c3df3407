"""Every governance page reads a constant number of queries, however much data."""

import datetime
import itertools

import pytest
from django.urls import reverse

from maillage.core.roles import Role
from maillage.governance import services
from maillage.governance.models import Meeting, local_datetime
from tests.factories import OrganisationFactory, member
from tests.governance import builders
from tests.programme.factories import action as make_action
from tests.queries import assert_constant_queries, made_again

pytestmark = pytest.mark.django_db
COUNTER = itertools.count()


def _new_member(world, body):  # type: ignore[no-untyped-def]
    n = next(COUNTER)
    organisation = OrganisationFactory(name=f"Association {n}", partner_of=[world.territory])
    person = member(world.territory, Role.PARTNER, organisation, email=f"p{n}@essai.test")
    services.add_member(
        actor=None,
        body=body,
        organisation=organisation,
        titular=person,
        started_on=datetime.date(2020, 1, 1),
    )
    return organisation, person


def _past_meeting(body, days_ago: int, people: list) -> Meeting:  # type: ignore[no-untyped-def]
    day = datetime.date(2021, 1, 1) + datetime.timedelta(days=days_ago % 1500)
    meeting = services.create_meeting(
        actor=None,
        body=body,
        title=f"Séance {days_ago}",
        starts_at=local_datetime(day, datetime.time(9)),
        ends_at=local_datetime(day, datetime.time(11)),
        place="Mairie",
    )
    item = services.propose_item(actor=None, body=body, meeting=meeting, title="Point")
    services.hold_meeting(actor=None, meeting=meeting)
    services.record_attendance(
        actor=None, meeting=meeting, entries=[{"user": p, "status": "present"} for p in people]
    )
    services.save_minutes(actor=None, meeting=meeting, items={item.pk: "Compte rendu"})
    # A decision about a public fiche: the register names it (code, link) on every row.
    fiche = make_action(
        body.territory, code=f"9.{days_ago}", title=f"Fiche {days_ago}", visibility="public"
    )
    decision = services.record_decision(
        actor=None,
        meeting=meeting,
        text=f"Décision {days_ago}",
        action=fiche,
        owner=body.memberships.first().organisation,
        due_date=day + datetime.timedelta(days=30),
        follow_up={"title": f"Tâche {days_ago}"},
    )
    services.approve_minutes(actor=None, meeting=meeting)
    return decision.meeting


@pytest.fixture
def busy(world, committee):  # type: ignore[no-untyped-def]
    """A committee with some history, and a function to add more of everything."""
    people = [world.users["member"], world.users["partner"]]

    def grow(times: int) -> None:
        for _ in range(times):
            n = next(COUNTER)
            _org, person = _new_member(world, committee)
            people.append(person)
            _past_meeting(committee, n * 30, people[:3])
            builders.meeting(committee, days=5 + n, title=f"À venir {n}", status="convened")
            services.propose_item(actor=None, body=committee, title=f"En attente {n}")
            builders.body(world.territory, name=f"Groupe {n}", members=[world.org_member])
            services.create_feed(actor=person, territory=world.territory, name=f"F{n}")
            # A members-only agreement whose review reminder is owned by org_member.
            services.create_agreement(
                actor=None,
                territory=world.territory,
                kind="roadmap",
                title=f"Feuille de route {n}",
                visibility="members",
                review_on=datetime.date.today() + datetime.timedelta(days=40),
                signatories=[(world.org_member, ""), (_org, "")],
            )

    grow(1)
    return grow


@pytest.mark.parametrize("actor", ["member", "coordinator", "anonymous", "elected"])
def test_territory_pages_are_flat(world, committee, busy, client_for, actor):
    client = client_for(world.users[actor])
    slug = world.territory.slug
    pages = [
        reverse("governance:bodies", args=[slug]),
        reverse("governance:body", args=[slug, committee.pk]),
        reverse("governance:register", args=[slug]),
        reverse("governance:register", args=[slug]) + "?vue=taches",
        reverse("governance:register_export", args=[slug]),
        reverse("governance:calendar", args=[slug]) + "?vue=liste",
        reverse("governance:calendar", args=[slug]) + "?vue=liste&passees=1",
        reverse("governance:search", args=[slug]) + "?q=decision",
        reverse("governance:territory_ics", args=[slug]),
        reverse("governance:body_ics", args=[slug, committee.pk]),
        reverse("governance:agreements", args=[slug]),
    ]
    if actor != "anonymous":
        pages.append(reverse("governance:feeds", args=[slug]))
    if actor in ("member", "coordinator", "elected"):
        pages.append(reverse("governance:my_tasks", args=[slug]))
    for page in pages:
        assert_constant_queries(client, page, busy, factor=3)
        # And as made after a write, where the page keeps its content for its reader
        # (core/kept_parts.py).
        assert_constant_queries(client, made_again(page), busy, factor=3)


def test_meeting_page_is_flat(world, committee, client_for):
    people = [world.users["member"], world.users["partner"]]
    meeting = builders.meeting(committee, days=-1, status=Meeting.Status.HELD)

    def grow(times: int) -> None:
        for _ in range(times):
            n = next(COUNTER)
            _org, person = _new_member(world, committee)
            people.append(person)
            # A held meeting's agenda is closed: reopen it behind the services' back, as if
            # the point had been on the agenda from the start.
            Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CONVENED)
            meeting.status = Meeting.Status.CONVENED
            item = services.propose_item(actor=None, body=committee, meeting=meeting, title=f"P{n}")
            Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
            meeting.status = Meeting.Status.HELD
            services.save_minutes(actor=None, meeting=meeting, items={item.pk: f"Texte {n}"})
            services.record_attendance(
                actor=None,
                meeting=meeting,
                entries=[{"user": p, "status": "present"} for p in people],
            )
            services.record_decision(
                actor=None,
                meeting=meeting,
                text=f"Décision {n}",
                item=item,
                follow_up={"title": f"Tâche {n}", "owner": world.org_member},
            )

    grow(1)
    slug = world.territory.slug
    for actor in ("member", "partner", "elected"):
        client = client_for(world.users[actor])
        for name in ("governance:meeting", "governance:minutes_pdf", "governance:convocation_pdf"):
            if actor == "elected" and name == "governance:minutes_pdf":
                continue
            assert_constant_queries(client, reverse(name, args=[slug, meeting.pk]), grow, factor=3)
    secretary = client_for(world.users["partner"])
    for name in ("governance:attendance", "governance:minutes", "governance:decision_create"):
        assert_constant_queries(secretary, reverse(name, args=[slug, meeting.pk]), grow, factor=3)


def test_calendar_month_and_personal_feed_are_flat(world, committee, client_for):
    _feed, key = services.create_feed(
        actor=world.users["member"], territory=world.territory, name="Téléphone", scope="all"
    )

    def grow(times: int) -> None:
        for _ in range(times):
            n = next(COUNTER)
            other = builders.body(
                world.territory,
                name=f"Réseau {n}",
                members=[world.org_member],
                titulars={world.org_member.pk: world.users["member"]},
            )
            builders.meeting(other, days=1 + n % 20, status="convened", items=["A", "B"])
            builders.meeting(committee, days=2 + n % 20, status="convened")

    grow(1)
    client = client_for(world.users["member"])
    slug = world.territory.slug
    assert_constant_queries(client, reverse("governance:calendar", args=[slug]), grow, factor=3)
    assert_constant_queries(
        client_for(None), reverse("governance:personal_ics", args=[slug, key]), grow, factor=3
    )


def test_agreement_page_is_flat(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    agreement = services.create_agreement(
        actor=None,
        territory=world.territory,
        kind="convention",
        title="Convention",
        signatories=[(world.org_member, "")],
    )

    def grow(times: int) -> None:
        for _ in range(times):
            n = next(COUNTER)
            organisation = OrganisationFactory(name=f"Signataire {n}", partner_of=[world.territory])
            signatories = [(s.organisation, s.signed_by) for s in agreement.signings.all()]
            services.update_agreement(
                actor=None, agreement=agreement, signatories=[*signatories, (organisation, "")]
            )
            services.add_commitment(actor=None, agreement=agreement, text=f"Engagement {n}")
            services.add_document(
                actor=None,
                agreement=agreement,
                title=f"Annexe {n}",
                upload=SimpleUploadedFile(f"a{n}.pdf", b"%PDF-1.4\n"),
            )

    grow(1)
    client = client_for(world.users["coordinator"])
    url = reverse("governance:agreement", args=[world.territory.slug, agreement.pk])
    assert_constant_queries(client, url, grow, factor=3)
