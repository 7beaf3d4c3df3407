"""« En retard »: a fiche past its planned end and not done, a milestone past its planned
date and not reached, each flagged and filtered, on a frozen clock."""

import datetime

import pytest

from maillage.programme import selectors, services
from maillage.programme.models import Action, Milestone
from tests.clock import frozen
from tests.programme import factories

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 16)


@pytest.fixture
def late_scene(scene):  # type: ignore[no-untyped-def]
    territory = scene["territory"]
    late = factories.action(
        territory,
        "1.1.2",
        title="Fiche en retard",
        pilots=[scene["centre"]],
        status="ongoing",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2026, 3, 15),
    )
    done = factories.action(
        territory,
        "1.1.3",
        title="Fiche réalisée",
        status="done",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
    )
    on_time = factories.action(
        territory,
        "1.1.4",
        title="Fiche à l’heure",
        status="ongoing",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=TODAY,
    )
    milestone = services.add_milestone(
        actor=None, action=on_time, title="Comité de suivi", planned_on=datetime.date(2026, 3, 1)
    )
    services.add_milestone(
        actor=None, action=on_time, title="Bilan", planned_on=datetime.date(2026, 6, 1)
    )
    services.add_milestone(
        actor=None,
        action=on_time,
        title="Lancement",
        planned_on=datetime.date(2025, 1, 1),
        done_on=datetime.date(2025, 1, 2),
    )
    # A milestone of a fiche that is done is not late.
    services.add_milestone(
        actor=None, action=done, title="Oublié", planned_on=datetime.date(2025, 6, 1)
    )
    return {**scene, "late": late, "done": done, "on_time": on_time, "milestone": milestone}


def test_querysets_define_late_once(late_scene):
    assert list(Action.objects.late(TODAY)) == [late_scene["late"]]
    assert list(Milestone.objects.late(TODAY)) == [late_scene["milestone"]]
    assert list(Action.objects.with_late_milestones(TODAY)) == [late_scene["on_time"]]
    # The day the fiche ends it is not late yet; the day after it is.
    assert not Action.objects.late(TODAY).filter(pk=late_scene["on_time"].pk).exists()
    assert Action.objects.late(TODAY + datetime.timedelta(days=1)).filter(
        pk=late_scene["on_time"].pk
    )
    # The per-object rule agrees with the queryset.
    for action in Action.objects.with_lateness(TODAY):
        assert action.is_late == action.is_late_on(TODAY)  # type: ignore[attr-defined]
    for milestone in Milestone.objects.select_related("action"):
        assert (
            milestone.is_late(TODAY)
            == Milestone.objects.late(TODAY).filter(pk=milestone.pk).exists()
        )


def test_selectors_read_the_frozen_clock(late_scene):
    coordinator = late_scene["coordinator"]
    territory = late_scene["territory"]
    with frozen(TODAY):
        assert [a.code for a in selectors.late_actions(coordinator, territory)] == ["1.1.2"]
        assert [m.title for m in selectors.late_milestones(coordinator, territory)] == [
            "Comité de suivi"
        ]
        assert selectors.late_counts(coordinator, territory) == {"actions": 1, "milestones": 1}
    with frozen(datetime.date(2026, 2, 1)):
        assert selectors.late_counts(coordinator, territory) == {"actions": 0, "milestones": 0}
    # "Mine": the pilot of the centre social pilots the late fiche, the CAF's partner not.
    with frozen(TODAY):
        assert selectors.late_actions(late_scene["pilot"], territory, mine=True).count() == 1
        assert selectors.late_actions(late_scene["outsider"], territory, mine=True).count() == 0


def test_late_actions_are_narrowed_by_access(late_scene):
    territory = late_scene["territory"]
    with frozen(TODAY):
        # The fiches are for partners: the public sees none of them.
        assert selectors.late_actions(None, territory).count() == 0
        assert selectors.late_milestones(None, territory).count() == 0
