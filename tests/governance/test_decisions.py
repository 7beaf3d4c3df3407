"""Decisions and their tasks: the register, "mes tâches", and the effect of a decision on
the programme (a new fiche action, or a change of status)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from maillage.core import slots
from maillage.governance import services
from maillage.governance.models import Decision, FollowUpTask, Meeting
from maillage.programme.models import Action, StatusChange
from maillage.programme.services import create_action
from tests.governance import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(world, committee):  # type: ignore[no-untyped-def]
    return builders.meeting(committee, days=-2, status=Meeting.Status.HELD)


@pytest.fixture
def action(world):  # type: ignore[no-untyped-def]
    return create_action(
        actor=None,
        territory=world.territory,
        title="Garderie éphémère",
        code="3.1.2",
        pilots=[world.org_member],
    )


def test_secretary_records_a_decision_with_a_task_that_its_owner_sees(world, held, client_for):
    secretary = client_for(world.users["partner"])
    url = reverse("governance:decision_create", args=[world.territory.slug, held.pk])
    due = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = secretary.post(
        url,
        {
            "text": "Étudier un troisième lieu d’accueil",
            "owner": world.org_member.pk,
            "due_date": due,
            "task_title": "Chiffrer un troisième lieu",
            "task_due_date": due,
        },
    )
    assert response.status_code == 302, response.content.decode()
    decision = Decision.objects.get()
    assert decision.reference == f"Comité technique Familles n° {held.local_date.year}-1"
    task = decision.tasks.get()
    assert task.owner == world.org_member and task.body == held.body
    owner = client_for(world.users["member"])
    page = owner.get(reverse("governance:my_tasks", args=[world.territory.slug]))
    assert "Chiffrer un troisième lieu" in page.content.decode()
    # The owner moves it along from "mes tâches" (htmx answers with the fragment).
    response = owner.post(
        reverse("governance:task_status", args=[world.territory.slug, task.pk]),
        {"status": "done", "note": "Devis reçu"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Faite" in response.content.decode()
    task.refresh_from_db()
    assert task.status == FollowUpTask.Status.DONE and task.completed_on == timezone.localdate()


def test_a_decision_due_before_it_was_taken_is_refused(world, held, client_for):
    response = client_for(world.users["partner"]).post(
        reverse("governance:decision_create", args=[world.territory.slug, held.pk]),
        {"text": "Relancer", "due_date": "2001-01-01"},
    )
    assert response.status_code == 400
    assert "précède la date de la décision" in response.content.decode()
    assert not Decision.objects.exists()


def test_decisions_are_taken_in_held_meetings_only(world, committee):
    draft = builders.meeting(committee, days=3)
    with pytest.raises(ValidationError, match="séance tenue"):
        services.record_decision(actor=None, meeting=draft, text="Trop tôt")


def test_a_coordinator_decision_creates_a_new_fiche_action_as_an_idea(world, held, client_for):
    response = client_for(world.users["coordinator"]).post(
        reverse("governance:decision_create", args=[world.territory.slug, held.pk]),
        {
            "text": "Créer une action de prévention des accidents domestiques",
            "owner": world.org_member.pk,
            "action_effect": "create",
            "action_title": "Prévention des accidents domestiques",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.action is not None and decision.action_applied_at is not None
    assert decision.action.status == Action.Status.IDEA
    assert decision.action.title == "Prévention des accidents domestiques"
    assert list(decision.action.pilots.all()) == [world.org_member]


def test_a_secretary_decision_waits_for_the_coordinator_to_apply_it(
    world, held, action, client_for
):
    """The secretary may not change the programme: the effect is recorded, shown as
    pending in the register, and applied by the coordination."""
    client_for(world.users["partner"]).post(
        reverse("governance:decision_create", args=[world.territory.slug, held.pk]),
        {
            "text": "Reconduire la garderie éphémère",
            "action": action.pk,
            "action_effect": "status",
            "action_status": "ongoing",
        },
    )
    decision = Decision.objects.get()
    assert decision.action_pending
    action.refresh_from_db()
    assert action.status == Action.Status.IDEA
    register = client_for(world.users["coordinator"]).get(
        reverse("governance:register", args=[world.territory.slug]) + "?status=pending_action"
    )
    assert "Reconduire la garderie éphémère" in register.content.decode()
    apply_url = reverse("governance:decision_apply", args=[world.territory.slug, decision.pk])
    assert client_for(world.users["partner"]).post(apply_url).status_code == 403
    assert client_for(world.users["coordinator"]).post(apply_url).status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.ONGOING
    change = StatusChange.objects.get(action=action)
    assert decision.reference in change.reason and change.changed_on == held.local_date
    decision.refresh_from_db()
    assert not decision.action_pending


def test_a_status_change_the_programme_refuses_is_reported_on_the_decision(world, held, action):
    with pytest.raises(ValidationError) as error:
        services.record_decision(
            actor=None,
            meeting=held,
            text="Rien ne change",
            action=action,
            action_effect="status",
            action_status="idea",
            apply_action=True,
        )
    assert "déjà dans cet état" in str(error.value.message_dict["action_status"])
    assert not Decision.objects.exists()


def test_the_register_filters_and_highlights_overdue_tasks(world, committee, held, client_for):
    services.record_decision(
        actor=None,
        meeting=held,
        text="Décision en retard",
        owner=world.org_member,
        due_date=held.local_date + datetime.timedelta(days=1),
        follow_up={"title": "Tâche en retard"},
    )
    services.record_decision(
        actor=None,
        meeting=held,
        text="Décision à venir",
        owner=world.org_other,
        due_date=timezone.localdate() + datetime.timedelta(days=60),
    )
    client = client_for(world.users["member"])
    url = reverse("governance:register", args=[world.territory.slug])
    page = client.get(url + "?overdue=on").content.decode()
    assert "Décision en retard" in page and "Décision à venir" not in page
    assert "maillage-overdue" in page
    page = client.get(url + "?q=a+venir").content.decode()
    assert "Décision à venir" in page and "Décision en retard" not in page
    page = client.get(url + f"?owner={world.org_other.pk}").content.decode()
    assert "Décision à venir" in page and "Décision en retard" not in page
    tasks = client.get(url + "?vue=taches&status=open").content.decode()
    assert "Tâche en retard" in tasks and "en retard</span>" in tasks
    # The htmx filter answers with the results only.
    fragment = client.get(url + "?q=retard", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "Décision en retard" in fragment


def test_the_register_exports_for_french_spreadsheets(world, held, client_for):
    services.record_decision(
        actor=None, meeting=held, text='=HYPERLINK("http://x") ; décision', owner=world.org_member
    )
    response = client_for(world.users["member"]).get(
        reverse("governance:register_export", args=[world.territory.slug])
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffRéférence;Date;Instance")
    assert "'=HYPERLINK" in text  # a formula is written as text
    outsider = client_for(world.users["elected"]).get(
        reverse("governance:register_export", args=[world.territory.slug])
    )
    assert "HYPERLINK" not in outsider.content.decode("utf-8")


def test_my_tasks_lists_tasks_of_my_organisation_and_those_assigned_to_me(world, held, client_for):
    decision = services.record_decision(actor=None, meeting=held, text="Organiser le forum")
    services.create_task(
        actor=None, decision=decision, title="Réserver la salle", owner=world.org_member
    )
    services.create_task(
        actor=None, decision=decision, title="Présenter le bilan", assignee=world.users["elected"]
    )
    services.create_task(
        actor=None, decision=decision, title="Tâche d’un autre", owner=world.org_other
    )
    page = (
        client_for(world.users["member"])
        .get(reverse("governance:my_tasks", args=[world.territory.slug]))
        .content.decode()
    )
    assert "Réserver la salle" in page
    assert "Présenter le bilan" not in page and "Tâche d’un autre" not in page
    page = (
        client_for(world.users["elected"])
        .get(reverse("governance:my_tasks", args=[world.territory.slug]))
        .content.decode()
    )
    assert "Présenter le bilan" in page
    api = (
        client_for(world.users["member"])
        .get(f"/api/v1/territories/{world.territory.slug}/tasks?mine=true")
        .json()
    )
    assert [t["title"] for t in api["items"]] == ["Réserver la salle"]


def test_a_task_needs_an_owner_or_an_assignee_and_a_reason_to_be_abandoned(world, held):
    decision = services.record_decision(actor=None, meeting=held, text="Décider")
    with pytest.raises(ValidationError, match="organisation responsable ou la personne"):
        services.create_task(actor=None, decision=decision, title="Sans responsable")
    task = services.create_task(
        actor=None, decision=decision, title="Avec responsable", owner=world.org_member
    )
    with pytest.raises(ValidationError, match="pourquoi"):
        services.update_task_status(actor=None, task=task, status="cancelled")


def test_the_action_page_panel_lists_visible_decisions_and_tasks(world, held, action):
    decision = services.record_decision(
        actor=None,
        meeting=held,
        text="Reconduire la garderie",
        action=action,
        follow_up={"title": "Signer la convention CAF", "owner": world.org_member},
    )
    factory = RequestFactory()
    request = factory.get("/")
    request.user = world.users["member"]
    html = slots.render("action_detail", request, action)
    assert decision.reference in html and "Signer la convention CAF" in html
    request.user = world.users["elected"]  # not a member: the minutes' body keeps them
    assert decision.reference not in slots.render("action_detail", request, action)


def test_decision_references_number_per_body(world, held):
    first = services.record_decision(actor=None, meeting=held, text="Première")
    second = services.record_decision(actor=None, meeting=held, text="Seconde")
    assert (first.number, second.number) == (1, 2)


def test_a_fiche_nobody_decided_about_costs_the_panels_one_exists_each(world, held, action):
    """access.visible_if_any: no decision, task or agenda item names the fiche, so no access
    filter is built or run; once one does, it is shown only to those who may see it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maillage.core import access
    from maillage.governance.selectors import about_action

    member, elected = world.users["member"], world.users["elected"]
    access.actor_for(member)  # the reader's memberships, read once per request
    with CaptureQueriesContext(connection) as captured:
        found = about_action(member, action)
    assert found.empty
    sql = [query["sql"] for query in captured.captured_queries]
    assert len(sql) == 3 and all(statement.startswith("SELECT 1 AS") for statement in sql), sql
    decision = services.record_decision(
        actor=None, meeting=held, text="Reconduire la garderie", action=action
    )
    named = Decision.objects.filter(action=action)
    assert list(access.visible_if_any(member, named)) == [decision]
    assert list(access.visible_if_any(elected, named)) == []  # exists, hidden from them
    assert list(access.visible_if_any(member, Decision.objects.filter(action=None, pk=0))) == []
    # listed_if_any: the same rows, and on an empty queryset the panel's shape (its joins,
    # order and slice) is never built.
    shaped: list[object] = []

    def shape(qs):  # type: ignore[no-untyped-def]
        shaped.append(qs)
        return qs.select_related("body").order_by("-decided_on")[:20]

    assert access.listed_if_any(member, named, shape) == [decision]
    assert access.listed_if_any(elected, named, shape) == []
    assert len(shaped) == 2
    assert access.listed_if_any(member, Decision.objects.filter(action=None, pk=0), shape) == []
    assert len(shaped) == 2


def test_the_register_years_run_from_the_first_meeting_the_reader_may_see(world, client_for):
    """The year filter's choices: from the first held meeting of a body the reader may
    see to this year; a confidential body's older meetings do not show in them."""
    from maillage.core.roles import Visibility

    this_year = timezone.localdate().year
    public = builders.body(world.territory, name="Comité public")
    secret = builders.body(world.territory, name="Comité restreint", visibility=Visibility.MEMBERS)
    builders.meeting(public, days=-400, status=Meeting.Status.HELD)
    builders.meeting(secret, days=-365 * 3, status=Meeting.Status.HELD)
    builders.meeting(public, days=-365 * 5, status=Meeting.Status.DRAFT)  # a draft: no year
    url = reverse("governance:register", args=[world.territory.slug])

    def years(user):  # type: ignore[no-untyped-def]
        form = client_for(user).get(url).context["form"]
        return [value for value, _ in form.fields["year"].choices if value]

    first_public = (timezone.localdate() - datetime.timedelta(days=400)).year
    assert years(world.users["partner"]) == list(range(this_year, first_public - 1, -1))
    first_secret = (timezone.localdate() - datetime.timedelta(days=365 * 3)).year
    assert years(world.users["admin"]) == list(range(this_year, first_secret - 1, -1))


def test_the_register_filters_read_their_choices_once_until_the_next_write(world, client_for):
    """The filters' organisations and the first meeting of the reader's bodies are the
    same until something is written: read once, then again after a write."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import OrganisationFactory

    public = builders.body(world.territory, name="Comité public")
    builders.meeting(public, days=-400, status=Meeting.Status.HELD)
    url = reverse("governance:register", args=[world.territory.slug])
    client = client_for(world.users["partner"])
    # Another session (its page not kept for it yet: core/kept_parts.py) reads the choices
    # kept by the first; signed in first (a sign-in writes).
    other_session = client_for(world.users["partner"])
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as again:
        form = other_session.get(url).context["form"]
    sql = [q["sql"] for q in again.captured_queries]
    assert not [q for q in sql if "MIN(" in q.upper()]
    assert not [q for q in sql if 'FROM "territories_organisation"' in q and "acronym" in q]
    first_year = (timezone.localdate() - datetime.timedelta(days=400)).year
    assert [value for value, _ in form.fields["year"].choices if value][-1] == first_year
    OrganisationFactory(name="Nouvelle association", partner_of=[world.territory])
    builders.meeting(public, days=-365 * 4, status=Meeting.Status.HELD)
    form = client.get(url).context["form"]
    assert "Nouvelle association" in [label for _, label in form.fields["owner"].choices]
    earlier = (timezone.localdate() - datetime.timedelta(days=365 * 4)).year
    assert [value for value, _ in form.fields["year"].choices if value][-1] == earlier


def test_a_task_state_cell_escapes_its_title_and_offers_the_form_to_its_owner_only(
    world, held, client_for
):
    decision = services.record_decision(
        actor=None,
        meeting=held,
        text="Relancer le bailleur",
        follow_up={"title": 'Écrire <b>"vite"</b>', "owner": world.org_member},
    )
    task = decision.tasks.get()
    register = reverse("governance:register", args=[world.territory.slug]) + "?vue=taches"
    owner_page = client_for(world.users["member"]).get(register).content.decode()
    cell = owner_page[owner_page.index(f'<div id="task-status-{task.pk}">') :]
    cell = cell[: cell.index("</div>")]
    assert "<b>" not in cell and "Écrire &lt;b&gt;&quot;vite&quot;&lt;/b&gt;" in cell
    assert f'hx-target="#task-status-{task.pk}"' in cell
    assert '<option value="pending" selected>À faire</option>' in cell
    assert 'name="csrfmiddlewaretoken"' in cell and 'name="next" value="/territoires/' in cell
    # A task of another organisation, which the member reads in the register: its state
    # only.
    other = services.record_decision(
        actor=None,
        meeting=held,
        text="Prévenir le centre social",
        follow_up={"title": "Appeler le centre", "owner": world.org_other},
    ).tasks.get()
    owner_page = client_for(world.users["member"]).get(register).content.decode()
    assert f'id="task-status-{other.pk}"' in owner_page
    assert f'id="status-{other.pk}"' not in owner_page
    # A refused change answers the cell with its error and the form again, nothing saved.
    response = client_for(world.users["member"]).post(
        reverse("governance:task_status", args=[world.territory.slug, task.pk]),
        {"status": "cancelled", "note": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body and f'id="status-{task.pk}"' in body
    task.refresh_from_db()
    assert task.status == FollowUpTask.Status.PENDING
