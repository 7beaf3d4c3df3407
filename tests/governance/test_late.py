"""« En retard » in governance: a task and a decision past their due date, an agreement
past its review date, each flagged and filtered on a frozen clock."""

import datetime

import pytest
from django.utils import timezone

from maillage.governance import selectors, services
from maillage.governance.models import Agreement, Decision, FollowUpTask, Meeting
from tests.clock import frozen
from tests.governance import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_world(world, committee):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    held = builders.meeting(committee, days=-30, status=Meeting.Status.HELD)
    overdue = services.record_decision(
        actor=None,
        meeting=held,
        text="Réunir les bailleurs",
        owner=world.org_member,
        due_date=today - datetime.timedelta(days=3),
    )
    services.record_decision(
        actor=None,
        meeting=held,
        text="Écrire au préfet",
        due_date=today + datetime.timedelta(days=3),
    )
    late_task = services.create_task(
        actor=None,
        decision=overdue,
        title="Réserver la salle",
        owner=world.org_member,
        due_date=today - datetime.timedelta(days=1),
    )
    services.create_task(
        actor=None,
        decision=overdue,
        title="Envoyer le compte rendu",
        owner=world.org_member,
        due_date=today + datetime.timedelta(days=1),
    )
    in_force = services.create_agreement(
        actor=None,
        territory=world.territory,
        kind="convention",
        title="Convention à réviser",
        starts_on=datetime.date(2020, 1, 1),
        review_on=today - datetime.timedelta(days=10),
        signatories=[(world.org_member, "la Directrice")],
        visibility="partners",
    )
    services.create_agreement(
        actor=None,
        territory=world.territory,
        kind="roadmap",
        title="Feuille de route échue",
        starts_on=datetime.date(2017, 5, 22),
        ends_on=datetime.date(2018, 12, 31),
        review_on=datetime.date(2018, 5, 22),
        signatories=[(world.org_member, "la Directrice")],
        visibility="partners",
    )
    return {"today": today, "decision": overdue, "task": late_task, "agreement": in_force}


def test_overdue_is_defined_once_and_follows_the_clock(world, late_world):
    today = late_world["today"]
    coordinator = world.users["coordinator"]
    with frozen(today):
        assert list(Decision.objects.overdue(today)) == [late_world["decision"]]
        decisions = list(selectors.overdue_decisions(coordinator, world.territory))
        assert decisions == [late_world["decision"]]
        assert decisions[0].is_overdue
        tasks = list(selectors.overdue_tasks(coordinator, world.territory))
        # The agreement's own reminder task (due before its past review) is late too.
        assert late_world["task"] in tasks
        assert all(task.is_overdue for task in tasks)
        assert "Envoyer le compte rendu" not in {task.title for task in tasks}
        assert list(selectors.agreements_to_review(coordinator, world.territory)) == [
            late_world["agreement"]
        ]
    # Two days before, neither the decision nor the task was late.
    with frozen(today - datetime.timedelta(days=4)):
        assert not selectors.overdue_decisions(coordinator, world.territory).exists()
        assert late_world["task"] not in selectors.overdue_tasks(coordinator, world.territory)


def test_mine_and_visibility(world, late_world):
    with frozen(late_world["today"]):
        mine = selectors.overdue_tasks(world.users["member"], world.territory, mine=True)
        assert late_world["task"] in mine
        assert not selectors.overdue_tasks(world.users["partner"], world.territory, mine=True)
        # The committee's documents are for its members: the public sees no late decision.
        assert not selectors.overdue_decisions(None, world.territory).exists()


def test_an_ended_agreement_has_nothing_to_review(world, late_world):
    ended = Agreement.objects.get(title="Feuille de route échue")
    assert ended.ended
    assert not ended.review_due
    assert not ended.review_overdue
    assert late_world["agreement"].review_overdue
    assert late_world["agreement"].review_due


def test_a_finished_task_is_not_late(world, late_world):
    services.update_task_status(
        actor=None, task=late_world["task"], status=FollowUpTask.Status.DONE
    )
    with frozen(late_world["today"]):
        assert late_world["task"] not in selectors.overdue_tasks(
            world.users["coordinator"], world.territory
        )


def test_a_task_reminded_before_its_due_date_is_reminded_once_more_when_late(world, committee):
    from django.core import mail

    from maillage.governance.tasks import send_task_reminders

    held = builders.meeting(committee, days=-1, status=Meeting.Status.HELD)
    decision = services.record_decision(actor=None, meeting=held, text="Préparer le forum")
    due = timezone.localdate() + datetime.timedelta(days=3)
    services.create_task(
        actor=None,
        decision=decision,
        title="Réserver la salle",
        assignee=world.users["elected"],
        due_date=due,
    )
    with frozen(due - datetime.timedelta(days=3)):
        assert send_task_reminders.call() == 1
        assert send_task_reminders.call() == 0
    assert "échéance proche" in mail.outbox[-1].subject
    with frozen(due):
        assert send_task_reminders.call() == 0
    with frozen(due + datetime.timedelta(days=1)):
        assert send_task_reminders.call() == 1
        assert "Tâche en retard" in mail.outbox[-1].subject
        assert send_task_reminders.call() == 0
    with frozen(due + datetime.timedelta(days=10)):
        assert send_task_reminders.call() == 0


def test_the_late_page_lists_governance_items(world, late_world, client_for):
    from django.urls import reverse

    url = reverse("programme:late", args=[world.territory.slug])
    with frozen(late_world["today"]):
        html = client_for(world.users["coordinator"]).get(url).content.decode()
        assert "Réunir les bailleurs" in html
        assert "Réserver la salle" in html
        assert "Convention à réviser" in html
        assert "Feuille de route échue" not in html
        assert "Envoyer le compte rendu" not in html
        # Decisions are for the committee's members: the public sees none of them.
        public = client_for(None).get(url).content.decode()
        assert "Réunir les bailleurs" not in public
        assert "Aucune décision en retard." in public


def test_first_screen_panels(world, late_world, rf):
    from maillage.core import slots

    def render(slot, user):  # type: ignore[no-untyped-def]
        request = rf.get("/")
        request.user = user
        return str(slots.render(slot, request, world.territory))

    with frozen(late_world["today"]):
        coordinator = render("home_coordinator", world.users["coordinator"])
        assert "Réunir les bailleurs" in coordinator
        assert "Réserver la salle" in coordinator
        assert f"/decisions/{late_world['decision'].pk}/" in coordinator
        assert "Convention à réviser" in coordinator
        # A partner's overdue tasks are flagged and counted in « Mes tâches de suivi »,
        # not listed a second time in a block of their own.
        member = render("home_partner", world.users["member"])
        assert "Mes tâches de suivi" in member and "Mes tâches en retard" not in member
        # The task of the decision and the convention's review reminder.
        assert "2 tâches en retard" in member
        assert "Réserver la salle" in member
        assert "Réunir les bailleurs" not in member
        partner = render("home_partner", world.users["partner"])
        assert "tâche en retard" not in partner and "Réserver la salle" not in partner


def test_the_agreements_list_flags_a_review_past_due(world, late_world, client_for):
    from django.urls import reverse

    html = (
        client_for(world.users["coordinator"])
        .get(reverse("governance:agreements", args=[world.territory.slug]))
        .content.decode()
    )
    assert html.count("révision dépassée") == 1
    assert "arrivée à son terme" in html
    assert "à préparer" not in html
