"""References to another object are access-checked: the territory journal, the decisions
register, its CSV export and the decisions API name a fiche or a dataset only to those who
may see it, and a hidden id answers exactly like an unknown one."""

import itertools

import pytest
from django.urls import reverse

from maillage.core import references
from maillage.core.roles import Visibility
from maillage.governance import services as governance
from maillage.governance.models import Decision, Meeting
from maillage.observatory import services as observatory
from maillage.programme.services import create_action
from tests.governance import builders
from tests.observatory.builders import IRIS_CAF
from tests.observatory.builders import upload as upload_dataset

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Accompagnement confidentiel des familles"
SECRET_CODE = "9.8.7"


@pytest.fixture
def secret_action(world):  # type: ignore[no-untyped-def]
    """A fiche restricted to ``org_member``: the coordinator (of ``org_other``) and the
    partner may not see it."""
    return create_action(
        actor=world.users["member"],
        territory=world.territory,
        title=SECRET_TITLE,
        code=SECRET_CODE,
        visibility=Visibility.RESTRICTED,
        restricted_to=[world.org_member],
        pilots=[world.org_member],
    )


@pytest.fixture
def open_action(world):  # type: ignore[no-untyped-def]
    return create_action(
        actor=world.users["coordinator"],
        territory=world.territory,
        title="Garderie éphémère",
        code="1.2.3",
        visibility=Visibility.PARTNERS,
    )


# --------------------------------------------------------------------------- journal


def _journal(client_for, world, actor):  # type: ignore[no-untyped-def]
    response = client_for(world.users[actor]).get(
        reverse("territories:audit_log", args=[world.territory.slug])
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_journal_hides_a_restricted_fiche_from_a_coordinator(
    world, client_for, secret_action, open_action
):
    body = _journal(client_for, world, "coordinator")
    assert SECRET_TITLE not in body
    assert world.org_member.name not in body  # its pilots
    assert "Garderie éphémère" in body  # what they may see stays
    # The platform admins read everything.
    assert SECRET_TITLE in _journal(client_for, world, "admin")


def test_the_journal_hides_a_restricted_datasets_column_mapping(world, client_for):
    job = upload_dataset(
        world.territory,
        world.org_member,
        IRIS_CAF,
        actor=world.users["member"],
        title="Allocataires sous convention",
        visibility=Visibility.RESTRICTED,
        restricted_to=[world.org_member.pk],
    )
    observatory.save_mapping(
        actor=world.users["member"], job=job, mapping={"code": "COLONNE_SECRETE", "level": "iris"}
    )
    body = _journal(client_for, world, "coordinator")
    assert "COLONNE_SECRETE" not in body
    assert "Allocataires sous convention" not in body
    assert "COLONNE_SECRETE" in _journal(client_for, world, "admin")


def test_the_journal_keeps_a_constant_query_count_with_hidden_entries(
    world, client_for, secret_action, open_action
):
    from tests.queries import assert_constant_queries

    client = client_for(world.users["coordinator"])
    url = reverse("territories:audit_log", args=[world.territory.slug])
    counter = iter(range(100))

    def grow(times: int) -> None:
        for _ in range(times):
            n = next(counter)
            for visibility in (Visibility.RESTRICTED, Visibility.PARTNERS):
                create_action(
                    actor=None,
                    territory=world.territory,
                    title=f"Fiche {n} {visibility}",
                    code=f"7.{n}.{len(visibility)}",
                    visibility=visibility,
                    restricted_to=[world.org_member],
                )

    assert_constant_queries(client, url, grow)


# --------------------------------------------------------------------------- register


@pytest.fixture
def decision(world, secret_action):  # type: ignore[no-untyped-def]
    """A public committee's decision that cites the restricted fiche."""
    body = builders.body(
        world.territory,
        name="Comité de pilotage",
        members=[world.org_member],
        documents=Visibility.PARTNERS,
    )
    held = builders.meeting(body, days=-2, status=Meeting.Status.HELD)
    return governance.record_decision(
        actor=None, meeting=held, text="Poursuivre l’accompagnement", action=secret_action
    )


def _register(world, suffix=""):  # type: ignore[no-untyped-def]
    return reverse("governance:register", args=[world.territory.slug]) + suffix


def test_the_register_hides_a_hidden_fiche_code_from_a_partner(world, client_for, decision):
    body = client_for(world.users["partner"]).get(_register(world)).content.decode()
    assert "Poursuivre l’accompagnement" in body
    assert SECRET_CODE not in body
    assert "une fiche non visible" in body
    member = client_for(world.users["member"]).get(_register(world)).content.decode()
    assert SECRET_CODE in member


def test_the_register_export_hides_a_hidden_fiche_code(world, client_for, decision):
    url = reverse("governance:register_export", args=[world.territory.slug])
    text = client_for(world.users["partner"]).get(url).content.decode("utf-8-sig")
    assert "Poursuivre l’accompagnement" in text
    assert SECRET_CODE not in text
    assert "une fiche non visible" in text
    member = client_for(world.users["member"]).get(url).content.decode("utf-8-sig")
    assert SECRET_CODE in member


def _api(world, path):  # type: ignore[no-untyped-def]
    return f"/api/v1/territories/{world.territory.slug}{path}"


def test_the_decisions_api_hides_a_hidden_fiche_id(world, client_for, decision, secret_action):
    answer = client_for(world.users["partner"]).get(_api(world, "/decisions")).json()
    (row,) = answer["items"]
    assert row["id"] == decision.pk and row["action_id"] is None
    assert SECRET_CODE not in str(answer)
    detail = client_for(world.users["partner"]).get(_api(world, f"/decisions/{decision.pk}"))
    assert detail.status_code == 200 and detail.json()["action_id"] is None
    member = client_for(world.users["member"]).get(_api(world, "/decisions")).json()
    assert member["items"][0]["action_id"] == secret_action.pk


def test_filtering_on_a_hidden_fiche_answers_like_an_unknown_one(
    world, client_for, decision, secret_action
):
    partner = client_for(world.users["partner"])
    unknown = 10_000_000
    for path in ("/decisions", "/tasks"):
        hidden = partner.get(_api(world, f"{path}?action={secret_action.pk}"))
        missing = partner.get(_api(world, f"{path}?action={unknown}"))
        assert hidden.status_code == missing.status_code
        assert hidden.json() == missing.json()
    shown = client_for(world.users["member"]).get(
        _api(world, f"/decisions?action={secret_action.pk}")
    )
    assert [row["id"] for row in shown.json()["items"]] == [decision.pk]


def test_agenda_items_name_a_hidden_fiche_neutrally(world, client_for, secret_action):
    body = builders.body(
        world.territory,
        name="Comité de suivi",
        members=[world.org_member],
        titulars={world.org_member.pk: world.users["member"]},
    )
    meeting = builders.meeting(body, days=5, items=("Point d’étape",))
    governance.update_item(actor=None, item=meeting.items.get(), action=secret_action)
    governance.convene_meeting(actor=None, meeting=meeting)
    page = client_for(world.users["partner"]).get(meeting.get_absolute_url()).content.decode()
    assert "Point d’étape" in page
    assert SECRET_CODE not in page and SECRET_TITLE not in page
    assert "une fiche non visible" in page
    items = client_for(world.users["partner"]).get(
        _api(world, f"/meetings/{meeting.pk}/agenda-items")
    )
    assert items.status_code == 200
    assert [row["action_id"] for row in items.json()["items"]] == [None]


def test_the_helper_names_a_hidden_object_without_code_or_id(world, decision, secret_action):
    partner, member = world.users["partner"], world.users["member"]
    hidden = references.reference(partner, decision, "action")
    assert not hidden.visible and hidden.code == "" and hidden.url == ""
    assert hidden.label == "une fiche non visible"
    assert references.target_id(partner, decision, "action") is None
    shown = references.reference(member, decision, "action")
    assert shown.visible and shown.code == SECRET_CODE and shown.url
    assert references.target_id(member, decision, "action") == secret_action.pk
    bare = Decision(action=None)
    assert not references.reference(member, bare, "action")
    assert references.code(member, bare, "action") == ""


def test_a_task_names_a_hidden_decision_neutrally(world, client_for):
    """The partner's organisation owns the task, so they see it, but the decision belongs
    to a body whose documents are for its members only."""
    body = builders.body(world.territory, name="Comité restreint", members=[world.org_member])
    held = builders.meeting(body, days=-2, status=Meeting.Status.HELD)
    decision = governance.record_decision(
        actor=None,
        meeting=held,
        text="Décision réservée",
        follow_up={"title": "Tâche confiée au partenaire", "owner": world.org_other},
    )
    partner = client_for(world.users["partner"])
    rows = partner.get(_api(world, "/tasks")).json()
    assert [(row["title"], row["decision_id"]) for row in rows["items"]] == [
        ("Tâche confiée au partenaire", None)
    ]
    page = partner.get(reverse("governance:my_tasks", args=[world.territory.slug]))
    body_html = page.content.decode()
    assert "Tâche confiée au partenaire" in body_html
    assert "une décision non visible" in body_html
    assert reverse("governance:decision", args=[world.territory.slug, decision.pk]) not in (
        body_html
    )
    export = partner.get(
        reverse("governance:register_export", args=[world.territory.slug]) + "?vue=taches"
    ).content.decode("utf-8-sig")
    assert "Tâche confiée au partenaire" in export and decision.reference not in export


# ------------------------------------------------------------- flags after the fetch


_BODIES = itertools.count()


def _tasks_on_hidden_and_open_decisions(world, times=1):  # type: ignore[no-untyped-def]
    """``times`` tasks owned by the partner's organisation on a decision of a members-only
    body (hidden from the partner), and as many on a decision of a public body."""
    n_body = next(_BODIES)
    hidden_body = builders.body(
        world.territory, name=f"Comité restreint {n_body}", members=[world.org_member]
    )
    open_body = builders.body(
        world.territory,
        name=f"Comité ouvert {n_body}",
        members=[world.org_member],
        documents=Visibility.PARTNERS,
    )
    for body, text in ((hidden_body, "Décision réservée"), (open_body, "Décision ouverte")):
        held = builders.meeting(body, days=-2, status=Meeting.Status.HELD)
        for n in range(times):
            governance.record_decision(
                actor=None,
                meeting=held,
                text=f"{text} {n}",
                follow_up={"title": f"Suite de la {text.lower()} {n}", "owner": world.org_other},
            )


def test_flags_after_the_fetch_mean_what_the_annotation_means(world):
    from maillage.governance.models import FollowUpTask

    _tasks_on_hidden_and_open_decisions(world)
    tasks = FollowUpTask.objects.filter(territory=world.territory).order_by("id")
    for who in ("partner", "member", "coordinator", "admin"):
        user = world.users[who]
        annotated = references.with_visibility(user, tasks, "decision", "agreement")
        fetched = references.with_visibility(user, tasks, "decision", "agreement", after_fetch=True)
        expected = [
            (references.is_visible(user, t, "decision"), references.code(user, t, "decision"))
            for t in annotated
        ]
        got = [
            (references.is_visible(user, t, "decision"), references.code(user, t, "decision"))
            for t in fetched[:50]
        ]
        assert got == expected, who
    partner = world.users["partner"]
    flags = {
        t.title: references.reference(partner, t, "decision").label
        for t in references.with_visibility(partner, tasks, "decision", after_fetch=True)
    }
    assert flags["Suite de la décision réservée 0"] == "une décision non visible"
    assert flags["Suite de la décision ouverte 0"] != "une décision non visible"


def test_the_tasks_view_names_a_hidden_decision_neutrally(world, client_for):
    _tasks_on_hidden_and_open_decisions(world)
    hidden = Decision.objects.get(text="Décision réservée 0")
    shown = Decision.objects.get(text="Décision ouverte 0")
    body = client_for(world.users["partner"]).get(_register(world, "?vue=taches")).content.decode()
    assert "Suite de la décision réservée 0" in body
    assert "une décision non visible" in body
    decision_url = "governance:decision"
    assert reverse(decision_url, args=[world.territory.slug, hidden.pk]) not in body
    assert reverse(decision_url, args=[world.territory.slug, shown.pk]) in body


def test_flags_after_the_fetch_cost_one_query_per_field_whatever_the_rows(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maillage.governance.models import FollowUpTask

    def fetch() -> int:
        qs = references.with_visibility(
            world.users["partner"],
            FollowUpTask.objects.filter(territory=world.territory).order_by("id"),
            "decision",
            after_fetch=True,
        )
        with CaptureQueriesContext(connection) as captured:
            rows = list(qs[:50])
        assert rows
        return len(captured.captured_queries)

    _tasks_on_hidden_and_open_decisions(world)
    fetch()  # the reader's memberships, read once per user
    assert fetch() == 2  # the rows, then the visible decisions among theirs
    _tasks_on_hidden_and_open_decisions(world, times=30)
    fetch()  # new bodies: the bodies the reader sits in are read again, once
    assert fetch() == 2


def test_the_tasks_view_and_my_tasks_keep_a_constant_query_count(world, client_for):
    from tests.queries import assert_constant_queries

    client = client_for(world.users["partner"])
    _tasks_on_hidden_and_open_decisions(world)
    assert_constant_queries(
        client,
        _register(world, "?vue=taches"),
        lambda n: _tasks_on_hidden_and_open_decisions(world, n),
    )
    assert_constant_queries(
        client,
        reverse("governance:my_tasks", args=[world.territory.slug]),
        lambda n: _tasks_on_hidden_and_open_decisions(world, n),
    )


def _agreement_tasks(world, visibility):  # type: ignore[no-untyped-def]
    """An agreement signed by ``org_member`` (the partner's organisation is not a
    signatory) whose review reminder is owned by the partner's organisation."""
    import datetime

    from maillage.governance.services import create_agreement, create_task

    agreement = create_agreement(
        actor=None,
        territory=world.territory,
        kind="convention",
        title=f"Convention {visibility}",
        signed_on=datetime.date(2020, 1, 1),
        visibility=visibility,
        signatories=[(world.org_member, "")],
    )
    create_task(
        actor=None,
        agreement=agreement,
        title=f"Révision de la convention {visibility}",
        owner=world.org_other,
        due_date=datetime.date(2030, 1, 1),
    )


def test_task_rows_judge_their_loaded_references_as_the_filter_does(world):
    """``task_rows`` loads each task's decision (with its body) and agreement (with its
    signatories): ``is_visible`` judges them by ``can(view)`` on the row, and says what the
    ``EXISTS`` annotation says, for every reader, without a query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maillage.governance.models import FollowUpTask
    from maillage.governance.selectors.register import task_rows

    _tasks_on_hidden_and_open_decisions(world, times=3)
    for visibility in (Visibility.MEMBERS, Visibility.PARTNERS):
        _agreement_tasks(world, visibility)
    tasks = FollowUpTask.objects.filter(territory=world.territory).order_by("id")
    for who in ("partner", "member", "coordinator", "admin"):
        user = world.users[who]
        annotated = references.with_visibility(user, tasks, "decision", "agreement")
        expected = [
            (
                t.title,
                references.is_visible(user, t, "decision"),
                references.is_visible(user, t, "agreement"),
            )
            for t in annotated
        ]
        if who == "partner":  # both kinds of reference, hidden and shown, are in the rows
            assert {(d, a) for _title, d, a in expected} >= {
                (False, False),
                (True, False),
                (False, True),
            }
        with CaptureQueriesContext(connection) as captured:
            rows = list(task_rows(tasks))
        fetched = len(captured.captured_queries)
        with CaptureQueriesContext(connection) as captured:
            got = [
                (
                    t.title,
                    references.is_visible(user, t, "decision"),
                    references.is_visible(user, t, "agreement"),
                )
                for t in rows
            ]
        assert got == expected, who
        assert fetched <= 3, who  # the rows, the decisions' bodies, the signatories
        # The reader's memberships may be read once; never a query per row.
        assert len(captured.captured_queries) <= 1, who
    partner = world.users["partner"]
    labels = {t.title: references.reference(partner, t, "agreement") for t in task_rows(tasks)}
    assert not labels["Révision de la convention members"].visible
    assert labels["Révision de la convention partners"].visible
