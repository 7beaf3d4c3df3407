"""The conférence sociale: registrations with needs (capacity, waiting list promoted once
on cancellation), proposals, the vote, answers (a reason required) creating a decision, a
task or a draft fiche, and the proceedings."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from maillage.community import services as community
from maillage.community.models import Registration
from maillage.evaluation.models import Needs, Proposal
from maillage.evaluation.selectors import conference as selectors
from maillage.evaluation.services import conference as services
from maillage.governance.models import Decision, FollowUpTask, Meeting
from maillage.programme.models import Action
from tests.evaluation import conference_builders as build

pytestmark = pytest.mark.django_db


def _register(conference, n, **needs):  # type: ignore[no-untyped-def]
    return services.register(
        actor=None,
        conference=conference,
        name=f"Habitante {n}",
        email=f"habitante{n}@exemple.test",
        **needs,
    )


def test_registration_keeps_the_needs(world) -> None:  # type: ignore[no-untyped-def]
    conference = build.conference(world, capacity=10)
    registration = _register(
        conference, 1, interpretation="ar", childcare_count=2, childcare_ages="3 et 6 ans"
    )
    needs = Needs.objects.get(registration=registration)
    assert registration.status == Registration.Status.CONFIRMED
    assert (needs.interpretation, needs.childcare_count) == ("ar", 2)
    counts = selectors.registration_counts(conference)
    assert (counts.confirmed, counts.interpretation, counts.childcare_children) == (1, 1, 2)


def test_over_capacity_goes_to_the_waiting_list_and_cancellation_promotes_once(world) -> None:  # type: ignore[no-untyped-def]
    conference = build.conference(world, capacity=2)
    first, _second = _register(conference, 1), _register(conference, 2)
    third, fourth = _register(conference, 3), _register(conference, 4)
    assert [third.status, fourth.status] == [Registration.Status.WAITING] * 2
    promoted = community.cancel_registration(actor=None, registration=first)
    assert [r.pk for r in promoted] == [third.pk]
    # The same cancellation again promotes nobody more.
    with pytest.raises(ValidationError):
        community.cancel_registration(actor=None, registration=first)
    fourth.refresh_from_db()
    assert fourth.status == Registration.Status.WAITING
    counts = selectors.registration_counts(conference)
    assert (counts.confirmed, counts.waiting) == (2, 1)


@pytest.mark.parametrize(
    ("needs", "field"),
    [
        ({"interpretation": "xx"}, "interpretation"),
        ({"interpretation": "fr"}, "interpretation"),
        ({"childcare_count": 2, "childcare_ages": ""}, "childcare_ages"),
        ({"childcare_count": 40, "childcare_ages": "2 ans"}, "childcare_count"),
    ],
)
def test_bad_needs_are_refused_in_french_and_change_nothing(world, needs, field) -> None:  # type: ignore[no-untyped-def]
    conference = build.conference(world, capacity=2)
    with pytest.raises(ValidationError) as error:
        _register(conference, 1, **needs)
    assert field in error.value.message_dict
    assert not Registration.objects.filter(event=conference.event).exists()


def test_registration_closed_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    conference = build.conference(world, capacity=2)
    services.close_registration(actor=None, conference=conference)
    with pytest.raises(ValidationError, match="fermées"):
        _register(conference, 1)


def _held(world):  # type: ignore[no-untyped-def]
    conference = build.conference(world, days=-2, status=Meeting.Status.HELD)
    assert conference.meeting.status == Meeting.Status.HELD
    return conference


def test_answer_without_reason_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    conference = _held(world)
    proposal = build.proposal(conference)
    for answer in (Proposal.Answer.REJECTED, Proposal.Answer.STUDY):
        with pytest.raises(ValidationError) as error:
            services.answer_proposal(actor=None, proposal=proposal, answer=answer, reason="  ")
        assert "Expliquez pourquoi" in error.value.message_dict["reason"][0]
    proposal.refresh_from_db()
    assert proposal.answer == ""


def test_answer_creates_a_decision_a_task_and_a_fiche_linked_both_ways(world) -> None:  # type: ignore[no-untyped-def]
    conference = _held(world)
    coordinator = world.users["coordinator"]
    first = build.proposal(conference, "Ouvrir une garderie éphémère")
    second = build.proposal(conference, "Traduire les courriers")
    third = build.proposal(conference, "Un forum annuel des familles")
    services.answer_proposal(
        actor=coordinator, proposal=first, answer="retained", create="decision"
    )
    services.answer_proposal(
        actor=coordinator,
        proposal=second,
        answer="study",
        reason="À chiffrer avec le service des traductions.",
        create="task",
        owner=world.org_member,
    )
    services.answer_proposal(actor=coordinator, proposal=third, answer="retained", create="action")
    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    decision = Decision.objects.get(pk=first.decision_id)
    assert "proposition n° 1 de la conférence sociale 2025" in decision.text
    assert decision.conference_proposals.get() == first
    task = FollowUpTask.objects.get(pk=second.task_id)
    assert first.get_absolute_url().replace("/1/", "/2/") in task.description
    action = Action.objects.get(pk=third.action_id)
    assert action.status == Action.Status.IDEA and "proposition n° 3" in action.summary


def test_answer_before_the_event_and_rejected_with_a_decision_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    coming = build.conference(world, capacity=2)
    proposal = build.proposal(coming)
    with pytest.raises(ValidationError, match="tenue"):
        services.answer_proposal(actor=None, proposal=proposal, answer="retained")
    held = build.conference(world, days=-2, status=Meeting.Status.HELD, year=2024)
    other = build.proposal(held)
    with pytest.raises(ValidationError) as error:
        services.answer_proposal(
            actor=None, proposal=other, answer="rejected", reason="Hors champ", create="decision"
        )
    assert "create" in error.value.message_dict
    assert not Decision.objects.exists()


def test_vote_ranks_the_proposals_in_sql(world) -> None:  # type: ignore[no-untyped-def]
    conference = _held(world)
    a, b, c = (build.proposal(conference, f"Proposition {x}") for x in "abc")
    services.set_voting(actor=None, conference=conference, open=True)
    services.cast_ballot(
        actor=world.users["member"], conference=conference, points={b.pk: 3, c.pk: 2}
    )
    services.cast_ballot(actor=world.users["partner"], conference=conference, points={c.pk: 3})
    # Voting again replaces the ballot: one ballot per participant.
    services.cast_ballot(
        actor=world.users["partner"], conference=conference, points={c.pk: 2, a.pk: 1}
    )
    with pytest.raises(ValidationError, match="5"):
        services.cast_ballot(
            actor=world.users["elected"], conference=conference, points={a.pk: 3, b.pk: 3}
        )
    with pytest.raises(ValidationError, match="Au plus 3"):
        services.cast_ballot(actor=world.users["elected"], conference=conference, points={a.pk: 4})
    services.set_voting(actor=None, conference=conference, open=False)
    ranking = [(p.number, p.score) for p in selectors.ranked(conference.proposals.all())]
    assert ranking == [(c.number, 4), (b.number, 3), (a.number, 1)]
    assert conference.ballots.count() == 2


def test_proceedings_give_data_and_a_fragment(world) -> None:  # type: ignore[no-untyped-def]
    conference = _held(world)
    proposal = build.proposal(conference, "Ouvrir une garderie éphémère")
    services.answer_proposal(actor=None, proposal=proposal, answer="retained", create="decision")
    services.update_conference(actor=None, conference=conference, headcount=112)
    result = selectors.proceedings(world.territory, 2025)
    assert result.data["attendance"]["headcount"] == 112
    assert result.data["proposals"][0]["answer"] == "retained"
    assert len(result.data["decisions"]) == 1
    assert "Ouvrir une garderie éphémère" in result.html
    assert "112 participant·es" in result.html
    assert selectors.proceedings(world.territory, 1999).conference is None
