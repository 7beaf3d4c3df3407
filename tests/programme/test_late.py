"""« En retard »: a fiche past its planned end and not done, a milestone past its planned
date and not reached, each flagged and filtered, on a frozen clock."""

import datetime

import pytest
from django.urls import reverse

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


# --------------------------------------------------------------------------- pages and API


def _codes(client, territory, query=""):  # type: ignore[no-untyped-def]
    response = client.get(reverse("programme:actions", args=[territory.slug]) + query)
    assert response.status_code == 200
    return [a.code for a in response.context["page"].object_list], response


def test_the_list_flags_filters_and_sorts_late_fiches(late_scene, client_for):
    territory = late_scene["territory"]
    client = client_for(late_scene["coordinator"])
    with frozen(TODAY):
        codes, response = _codes(client, territory)
        html = response.content.decode()
        assert html.count('fr-badge--error">En retard<') == 1
        assert html.count(">Jalon en retard<") == 1
        assert _codes(client, territory, "?late=action")[0] == ["1.1.2"]
        assert _codes(client, territory, "?late=milestone")[0] == ["1.1.4"]
        assert _codes(client, territory, "?late=any")[0] == ["1.1.2", "1.1.4"]
        # Late first, then the fiche with a late milestone, then the rest by end date.
        assert _codes(client, territory, "?sort=late")[0][:2] == ["1.1.2", "1.1.4"]
        # An unknown value is left out rather than emptying the list.
        assert len(_codes(client, territory, "?late=nimporte")[0]) == len(codes)
    # A month earlier nothing was late.
    with frozen(datetime.date(2026, 2, 1)):
        assert _codes(client, territory, "?late=any")[0] == []


def test_the_api_filters_and_flags_late_fiches(late_scene):
    from tests.programme.test_api import _client

    client = _client(late_scene["coordinator"])
    with frozen(TODAY):
        listing = client.get("/api/v1/territories/clichy/actions?late=any&sort=late").json()
        assert [(i["code"], i["late"], i["late_milestone"]) for i in listing["items"]] == [
            ("1.1.2", True, False),
            ("1.1.4", False, True),
        ]
        one = client.get(f"/api/v1/territories/clichy/actions/{late_scene['late'].pk}").json()
        assert one["late"] is True
        milestones = client.get(
            f"/api/v1/territories/clichy/actions/{late_scene['on_time'].pk}/milestones"
        ).json()
        assert {m["title"]: m["late"] for m in milestones["items"]} == {
            "Lancement": False,
            "Comité de suivi": True,
            "Bilan": False,
        }
        refused = client.get("/api/v1/territories/clichy/actions?late=yesterday")
        assert refused.status_code == 422


def test_the_late_page(late_scene, client_for):
    territory = late_scene["territory"]
    url = reverse("programme:late", args=[territory.slug])
    with frozen(TODAY):
        response = client_for(late_scene["coordinator"]).get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "<title>Ce qui est en retard" in html
        assert "Fiche en retard" in html
        assert "Comité de suivi" in html
        assert late_scene["late"].get_absolute_url() in html
        # What is not late is not listed.
        assert "Fiche réalisée" not in html
        assert "Oublié" not in html
        # Governance adds its part through the slot.
        assert "Décisions en retard" in html
        # The public sees the page, without the partners' fiches.
        public = client_for(None).get(url).content.decode()
        assert "Fiche en retard" not in public
        assert "Aucune fiche action en retard." in public


def test_the_late_page_query_count_is_constant(late_scene, client_for):
    from tests.queries import assert_constant_queries

    territory = late_scene["territory"]
    client = client_for(late_scene["coordinator"])
    counter = iter(range(100, 1000))

    def grow(n: int) -> None:
        for _ in range(n):
            i = next(counter)
            act = factories.action(
                territory,
                f"9.9.{i}",
                pilots=[late_scene["centre"]],
                status="ongoing",
                starts_on=datetime.date(2025, 1, 1),
                ends_on=datetime.date(2026, 1, 1),
            )
            services.add_milestone(
                actor=None, action=act, title=f"Jalon {i}", planned_on=datetime.date(2026, 1, 2)
            )

    with frozen(TODAY):
        assert_constant_queries(client, reverse("programme:late", args=[territory.slug]), grow)


def test_first_screen_panels(late_scene, rf):
    from maillage.core import slots

    territory = late_scene["territory"]

    def render(slot, user):  # type: ignore[no-untyped-def]
        request = rf.get("/")
        request.user = user
        return str(slots.render(slot, request, territory))

    with frozen(TODAY):
        coordinator = render("home_coordinator", late_scene["coordinator"])
        assert "Fiches et jalons en retard" in coordinator
        assert late_scene["late"].get_absolute_url() in coordinator
        assert "Comité de suivi (1.1.4)" in coordinator
        assert reverse("programme:late", args=[territory.slug]) in coordinator
        assert "Tâches et décisions en retard" in coordinator
        # A partner's late fiches come first in « Mes fiches actions », flagged and
        # counted, not listed a second time in a block of their own.
        pilot = render("home_partner", late_scene["pilot"])
        assert "Mes fiches en retard" not in pilot
        mine = pilot[pilot.index("Mes fiches actions") :]
        assert "1 fiche en retard" in mine
        first = mine.index("<li>")
        assert late_scene["late"].get_absolute_url() in mine[first : mine.index("</li>", first)]
        assert reverse("programme:late", args=[territory.slug]) in mine
        outsider = render("home_partner", late_scene["outsider"])
        assert "fiche en retard" not in outsider
        assert late_scene["late"].get_absolute_url() not in outsider


def test_late_reminders_are_sent_once_per_planned_date(late_scene):
    from django.core import mail

    from maillage.programme.tasks import send_late_reminders

    services.update_action(actor=None, action=late_scene["late"], referents=[late_scene["pilot"]])
    with frozen(TODAY):
        sent = send_late_reminders.call()
    by_person = {m.to[0]: m for m in mail.outbox}
    # The late fiche's referent; the pilots of the fiche with a late milestone (none:
    # it has no pilot and no referent, so nobody is written to about it).
    assert sent == 1
    message = by_person[late_scene["pilot"].email]
    assert "1 élément en retard" in message.subject
    assert "1.1.2 Fiche en retard" in message.body
    assert "/programme/en-retard/" in message.body
    mail.outbox.clear()
    with frozen(TODAY):
        assert send_late_reminders.call() == 0
    # A new planned end re-arms the reminder once it passes too.
    services.update_action(actor=None, action=late_scene["late"], ends_on=datetime.date(2026, 4, 1))
    with frozen(datetime.date(2026, 4, 2)):
        assert send_late_reminders.call() == 1


def test_my_actions_flags_my_late_fiches(late_scene, client_for):
    url = reverse("programme:my_actions", args=[late_scene["territory"].slug])
    with frozen(TODAY):
        html = client_for(late_scene["pilot"]).get(url).content.decode()
    assert "Fiche en retard" in html
    assert html.count('fr-badge--error">En retard<') == 1


def test_first_screen_counts_are_kept_until_the_next_write(late_scene, client_for):
    """The coordinator's late items are counted once, then read from the cache until
    something is written: the counts no longer read the whole territory on each visit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    territory = late_scene["territory"]
    client = client_for(late_scene["coordinator"])
    home = f"/territoires/{territory.slug}/"

    def late_counts_run(captured: CaptureQueriesContext) -> int:
        return sum(
            1
            for q in captured.captured_queries
            if "COUNT(" in q["sql"].upper() and "programme_action" in q["sql"]
        )

    with frozen(TODAY):
        with CaptureQueriesContext(connection) as first:
            assert client.get(home).status_code == 200
        with CaptureQueriesContext(connection) as again:
            again_page = client.get(home).content.decode()
        assert late_counts_run(first) >= 2  # the late fiches, the late milestones
        assert late_counts_run(again) == 0
        assert late_scene["late"].get_absolute_url() in again_page
        factories.action(
            territory,
            "1.1.9",
            title="Autre fiche en retard",
            status="ongoing",
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2026, 2, 1),
        )
        with CaptureQueriesContext(connection) as after:
            after_page = client.get(home).content.decode()
        assert late_counts_run(after) >= 2
        assert "Autre fiche en retard" in after_page
