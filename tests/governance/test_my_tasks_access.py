"""« Mes tâches » skips the access filter for a partner-level reader of the territory
(``governance.access.visible_mine``): the tasks their organisations own there and those
assigned to them are all tasks ``FollowUpTaskPolicy`` lets them read. These tests hold the
shortcut to the filter it replaces, row by row, for every reader of the access world and
every territory, and show it in the lists that use it."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.core import access
from maillage.core.roles import Visibility
from maillage.governance import access as governance_access
from maillage.governance import selectors
from maillage.governance import services as governance
from maillage.governance.models import FollowUpTask, Meeting
from tests.governance import builders

pytestmark = pytest.mark.django_db

_N = itertools.count()


def _task(world, *, owner=None, assignee=None, decision=None, agreement=None, territory=None):  # type: ignore[no-untyped-def]
    task = governance.create_task(
        actor=None,
        title=f"Tâche {next(_N)}",
        decision=decision,
        agreement=agreement,
        territory=territory,
        owner=owner or world.org_member,
        # Yesterday: after the decisions (held two days ago), and overdue.
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    if assignee is not None:
        # Set in the table: the service accepts only people working on the territory at
        # the time, and the rows must also hold those whose role changed since.
        FollowUpTask.objects.filter(pk=task.pk).update(owner=owner, assignee=assignee)
    return task


def _tasks_of_every_kind(world) -> None:  # type: ignore[no-untyped-def]
    """Tasks on a members-only body (documents for members only), on a public one, on a
    members-only convention and of the territory itself, each owned by every partner
    organisation and assigned to every person of the commune; a task of another commune."""
    closed = builders.body(world.territory, name="Comité restreint", members=[world.org_member])
    public = builders.body(
        world.territory,
        name="Comité ouvert",
        members=[world.org_member],
        documents=Visibility.PUBLIC,
    )
    decisions = []
    for body in (closed, public):
        held = builders.meeting(body, days=-2, status=Meeting.Status.HELD)
        decisions.append(
            governance.record_decision(actor=None, meeting=held, text=f"Décision {body.name}")
        )
    agreement = governance.create_agreement(
        actor=None,
        territory=world.territory,
        kind="convention",
        title="Convention réservée",
        signed_on=datetime.date(2020, 1, 1),
        visibility=Visibility.MEMBERS,
        signatories=[(world.org_member, "")],
    )
    owners = [None, world.org_member, world.org_other, world.org_dept]
    people = [None] + [
        world.users[who] for who in ("resident", "partner", "member", "elected", "departement")
    ]
    anchors = [{"decision": d} for d in decisions] + [
        {"agreement": agreement},
        {"territory": world.territory},
    ]
    for anchor, owner, person in itertools.product(anchors, owners, people):
        if owner is None and person is None:
            continue
        _task(world, owner=owner, assignee=person, **anchor)
    _task(world, owner=world.org_foreign, territory=world.foreign)


@builders.SHARING_LEVELS
def test_visible_mine_keeps_what_the_access_filter_keeps_for_every_reader(world, shared):
    """Whatever the commune shares with its Département: the Département's agent reads
    the commune's governance as a partner only where it is shared in detail."""
    builders.share_with_department(world, shared)
    _tasks_of_every_kind(world)
    tasks = FollowUpTask.objects.all()
    shortcut_used = 0
    for who, user in world.users.items():
        actor = access.actor_for(user)
        for territory in (world.territory, world.foreign, world.departement):
            mine = governance_access.mine_q(actor, territory.pk)
            expected = builders.ids(
                access.visible(user, tasks.filter(territory=territory).filter(mine))
            )
            got = builders.ids(
                governance_access.visible_mine(
                    user, tasks.filter(territory=territory), territory.pk
                )
            )
            assert got == expected, (who, territory.slug)
            if actor.is_partner_level(territory.pk) and expected:
                shortcut_used += 1
    # The shortcut is taken, on rows, for the partner-level readers of the commune.
    assert shortcut_used >= 4


def test_my_tasks_lists_and_counts_go_through_the_shortcut(world, client_for):
    _tasks_of_every_kind(world)
    partner = world.users["partner"]
    actor = access.actor_for(partner)
    everything = FollowUpTask.objects.filter(territory=world.territory)
    expected = builders.ids(
        access.visible(partner, everything).filter(
            governance_access.mine_q(actor, world.territory.pk)
        )
    )
    assert expected
    assert builders.ids(selectors.my_tasks(partner, world.territory)) == expected
    assert builders.ids(selectors.overdue_tasks(partner, world.territory, mine=True)) == expected
    filters = selectors.RegisterFilters(mine=True)
    assert builders.ids(selectors.register_tasks(partner, world.territory, filters)) == expected
    page = client_for(partner).get(reverse("governance:my_tasks", args=[world.territory.slug]))
    assert page.status_code == 200
    assert page.context["page"].paginator.count == len(expected)
