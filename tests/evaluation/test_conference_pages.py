"""The conférence sociale's pages: constant query counts, the registration form with its
needs, the answer refused without a reason, the proceedings page, the demo."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from maillage.community.models import Registration
from maillage.evaluation.models import Needs, Proposal
from maillage.evaluation.services import conference as services
from maillage.governance.models import Meeting
from tests.conftest import login_verified
from tests.evaluation import conference_builders as build
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db
COUNTER = itertools.count()


def _url(name, conference, *args):  # type: ignore[no-untyped-def]
    return reverse(f"evaluation:{name}", args=[conference.territory.slug, conference.year, *args])


def _grow_registrations(conference):  # type: ignore[no-untyped-def]
    def grow(times: int) -> None:
        for _ in range(times):
            n = next(COUNTER)
            services.register(
                actor=None,
                conference=conference,
                name=f"Habitant {n}",
                email=f"h{n}@exemple.test",
                interpretation="ta",
                childcare_count=1,
                childcare_ages="3 ans",
            )

    return grow


def test_conference_page_queries_are_flat(world, client) -> None:  # type: ignore[no-untyped-def]
    conference = build.conference(world, capacity=5, workshops=2)
    _grow_registrations(conference)(2)
    login_verified(client, world.users["coordinator"])
    grow = _grow_registrations(conference)

    def more(times: int) -> None:
        grow(times)
        for _ in range(times):
            services.add_session(
                actor=None,
                conference=conference,
                kind="plenary",
                title="Table ronde",
                starts_at=conference.meeting.starts_at,
                ends_at=conference.meeting.ends_at,
            )

    assert_constant_queries(client, _url("conference", conference), more)
    assert_constant_queries(client, _url("registrations", conference), grow)


def test_proposals_page_queries_are_flat(world, client) -> None:  # type: ignore[no-untyped-def]
    conference = build.conference(world, days=-2, status=Meeting.Status.HELD)
    build.proposal(conference)
    services.set_voting(actor=None, conference=conference, open=True)
    voters = [world.users[k] for k in ("member", "partner", "elected", "coordinator")]

    def grow(times: int) -> None:
        for index in range(times):
            proposal = build.proposal(conference, f"Proposition {next(COUNTER)}")
            services.cast_ballot(
                actor=voters[index % len(voters)], conference=conference, points={proposal.pk: 1}
            )

    assert_constant_queries(client, _url("proposals", conference), grow)
    assert_constant_queries(client, _url("proceedings", conference), grow)


def test_registration_page_records_the_needs(world, client) -> None:  # type: ignore[no-untyped-def]
    conference = build.conference(world, capacity=1)
    page = client.get(_url("register", conference))
    assert page.status_code == 200 and "Interprétariat" in page.content.decode()
    data = {"name": "Samira", "email": "samira@exemple.test", "interpretation": "ar"}
    assert client.post(_url("register", conference), data).status_code == 302
    needs = Needs.objects.get(conference=conference)
    assert needs.interpretation == "ar"
    # Full: the next one is told before registering, and lands on the waiting list.
    page = client.get(_url("register", conference)).content.decode()
    assert "liste d’attente" in page
    data = {"name": "Paul", "email": "paul@exemple.test", "childcare_count": "2"}
    refused = client.post(_url("register", conference), data)
    assert refused.status_code == 400 and "âge des enfants" in refused.content.decode()
    data["childcare_ages"] = "2 et 5 ans"
    client.post(_url("register", conference), data)
    assert Registration.objects.get(email="paul@exemple.test").status == "waiting"


def test_answer_page_refuses_a_missing_reason(world, client) -> None:  # type: ignore[no-untyped-def]
    conference = build.conference(world, days=-2, status=Meeting.Status.HELD)
    proposal = build.proposal(conference)
    login_verified(client, world.users["coordinator"])
    url = _url("proposal_answer", conference, proposal.number)
    refused = client.post(url, {"answer": "rejected", "reason": ""})
    assert refused.status_code == 400
    assert "Expliquez pourquoi" in refused.content.decode()
    proposal.refresh_from_db()
    assert proposal.answer == ""
    done = client.post(url, {"answer": "retained", "create": "decision"})
    assert done.status_code == 302
    proposal.refresh_from_db()
    assert proposal.answer == Proposal.Answer.RETAINED and proposal.decision is not None
    page = client.get(_url("proposal", conference, proposal.number)).content.decode()
    assert proposal.decision.reference in page


def test_demo_conferences(demo) -> None:  # type: ignore[no-untyped-def]
    from maillage.evaluation.models import Conference
    from maillage.governance.models import Amendment

    first = Conference.objects.get(year=2016)
    assert first.headcount and first.headcount > 100
    assert first.meeting.title == "Séminaire « Point d’étape et évolutions »"
    assert first.proposals.exclude(answer="").count() == first.proposals.count() >= 5
    coming = Conference.objects.exclude(year=2016).get()
    assert coming.registration_open and coming.sessions.filter(kind="workshop").count() == 4
    statuses = list(
        Registration.objects.filter(event=coming.event).values_list("status", flat=True)
    )
    assert statuses.count("waiting") == 1
    assert Needs.objects.filter(conference=coming, interpretation="ar").exists()
    amendment = Amendment.objects.get()
    assert amendment.status == "draft" and amendment.means_changes.exists()
    assert amendment.means_changes.first().axis.title.startswith(
        "Répondre aux besoins des familles"
    )


def test_what_an_answer_created_links_back_to_its_proposal(world, client) -> None:  # type: ignore[no-untyped-def]
    """The decision's page, the task's page and the draft fiche's page each say which
    proposal of which conférence they come from (slots filled by the evaluation), in a
    number of queries that does not grow with the proposals answered."""
    conference = build.conference(world, days=-2, status=Meeting.Status.HELD)
    coordinator = world.users["coordinator"]
    made = {}
    for create, title in (
        ("decision", "Ouvrir une garderie éphémère"),
        ("task", "Traduire les courriers"),
        ("action", "Un forum annuel des familles"),
    ):
        proposal = services.answer_proposal(
            actor=coordinator,
            proposal=build.proposal(conference, title),
            answer="retained",
            create=create,
            owner=world.org_member,
        )
        made[create] = proposal
    slug = conference.territory.slug
    pages = {
        "decision": reverse("governance:decision", args=[slug, made["decision"].decision_id]),
        "task": reverse("governance:task_update", args=[slug, made["task"].task_id]),
        "action": made["action"].action.get_absolute_url(),
    }
    login_verified(client, coordinator)
    for create, path in pages.items():
        html = client.get(path).content.decode()
        proposal = made[create]
        expected = (
            f"Issue de la proposition n° {proposal.number} de la conférence sociale "
            f"{conference.year}"
        )
        assert expected in html, create
        assert proposal.get_absolute_url() in html, create

    def grow(times: int) -> None:
        for n in range(times):
            for create in ("decision", "task", "action"):
                services.answer_proposal(
                    actor=coordinator,
                    proposal=build.proposal(conference, f"Proposition {create} {n}"),
                    answer="retained",
                    create=create,
                    owner=world.org_member,
                )

    for path in pages.values():
        assert_constant_queries(client, path, grow, factor=3)
    # A decision that no proposal created shows nothing of the kind.
    other = made["decision"].decision
    other.conference_proposals.update(decision=None)
    html = client.get(pages["decision"]).content.decode()
    assert "Issue de la proposition" not in html
