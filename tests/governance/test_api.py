"""The API end to end: the same rules and services as the pages."""

import pytest
from django.utils import timezone

from maillage.governance.models import BodyMembership, Meeting
from tests.governance import builders

pytestmark = pytest.mark.django_db


def _api(world, path):  # type: ignore[no-untyped-def]
    return f"/api/v1/territories/{world.territory.slug}{path}"


def test_a_meeting_from_creation_to_approval_through_the_api(world, client_for):
    coordinator = client_for(world.users["coordinator"])
    body = coordinator.post(
        _api(world, "/bodies"),
        data={
            "kind": "technical",
            "name": "Comité technique Santé",
            "secretary_id": world.users["partner"].pk,
        },
        content_type="application/json",
    )
    assert body.status_code == 201, body.content
    body_id = body.json()["id"]
    membership = coordinator.post(
        _api(world, f"/bodies/{body_id}/memberships"),
        data={"organisation_id": world.org_member.pk, "titular_id": world.users["member"].pk},
        content_type="application/json",
    )
    assert membership.status_code == 201
    assert membership.json()["titular"]["name"] == world.users["member"].full_name

    secretary = client_for(world.users["partner"])
    start = builders.when(10, 9)
    meeting = secretary.post(
        _api(world, f"/bodies/{body_id}/meetings"),
        data={
            "title": "Séance de rentrée",
            "starts_at": start.isoformat(),
            "ends_at": builders.when(10, 10).isoformat(),
            "place": "Mairie",
        },
        content_type="application/json",
    ).json()
    backlog = secretary.post(
        _api(world, f"/bodies/{body_id}/backlog"),
        data={"title": "Contrat local de santé", "duration_minutes": 45},
        content_type="application/json",
    ).json()
    scheduled = secretary.patch(
        _api(world, f"/agenda-items/{backlog['id']}"),
        data={"meeting_id": meeting["id"]},
        content_type="application/json",
    )
    assert scheduled.json()["meeting_id"] == meeting["id"]
    added = secretary.post(
        _api(world, f"/meetings/{meeting['id']}/agenda-items"),
        data={"title": "Questions diverses", "duration_minutes": 30},
        content_type="application/json",
    )
    assert added.status_code == 201
    detail = secretary.get(_api(world, f"/meetings/{meeting['id']}")).json()
    assert detail["agenda_minutes"] == 75
    assert "L’ordre du jour prévoit 1 h 15 pour une séance de 1 heure" in detail["warnings"][0]
    convened = secretary.post(
        _api(world, f"/meetings/{meeting['id']}/convene"),
        data={"message": "À bientôt"},
        content_type="application/json",
    )
    assert convened.json()["status"] == "convened"

    # Time passes: the meeting takes place. Two hours ago may be yesterday (just after
    # midnight in Paris): the seat, created today, is dated back so that it was running.
    Meeting.objects.filter(pk=meeting["id"]).update(
        starts_at=timezone.now() - timezone.timedelta(hours=2),
        ends_at=timezone.now() - timezone.timedelta(hours=1),
    )
    BodyMembership.objects.filter(body_id=body_id).update(
        started_on=timezone.localdate() - timezone.timedelta(days=1)
    )
    assert secretary.post(_api(world, f"/meetings/{meeting['id']}/hold")).json()["status"] == "held"
    attendance = secretary.post(
        _api(world, f"/meetings/{meeting['id']}/attendance"),
        data=[
            {"user_id": world.users["member"].pk, "status": "present"},
            {"user_id": world.users["partner"].pk, "status": "present"},
        ],
        content_type="application/json",
    )
    assert attendance.status_code == 200, attendance.content
    assert len(attendance.json()) == 2
    minutes = secretary.put(
        _api(world, f"/meetings/{meeting['id']}/minutes"),
        data={
            "general": "Séance ouverte à 9 h.",
            "items": {str(backlog["id"]): "Présentation du CLS."},
        },
        content_type="application/json",
    )
    assert {entry["text"] for entry in minutes.json()} == {
        "Séance ouverte à 9 h.",
        "Présentation du CLS.",
    }
    decision = secretary.post(
        _api(world, f"/meetings/{meeting['id']}/decisions"),
        data={
            "text": "Associer l’unité de recherche au CLS",
            "owner_id": world.org_member.pk,
            "task": {"title": "Écrire à l’unité de recherche"},
        },
        content_type="application/json",
    )
    assert decision.status_code == 201
    task_id = decision.json()["tasks"][0]["id"]
    owner = client_for(world.users["member"])
    mine = owner.get(_api(world, "/tasks?mine=true")).json()
    assert [t["id"] for t in mine["items"]] == [task_id]
    done = owner.patch(
        _api(world, f"/tasks/{task_id}"),
        data={"status": "done", "status_note": "Courrier envoyé"},
        content_type="application/json",
    )
    assert done.json()["status"] == "done"
    # The owner moves the task along, but may not rewrite it.
    refused = owner.patch(
        _api(world, f"/tasks/{task_id}"), data={"title": "Autre"}, content_type="application/json"
    )
    assert refused.status_code == 403
    approved = secretary.post(_api(world, f"/meetings/{meeting['id']}/approve"))
    assert approved.json()["status"] == "approved"


def test_bad_input_gets_french_details_and_changes_nothing(world, committee, client_for):
    secretary = client_for(world.users["partner"])
    response = secretary.post(
        _api(world, f"/bodies/{committee.pk}/meetings"),
        data={
            "title": "Séance",
            "starts_at": builders.when(5, 14).isoformat(),
            "ends_at": builders.when(5, 12).isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "La séance doit se terminer après son début" in response.json()["errors"]["ends_at"][0]
    assert not Meeting.objects.exists()
    past = builders.meeting(committee, days=-1)
    response = secretary.post(
        _api(world, f"/meetings/{past.pk}/convene"), data={}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "datée dans le passé" in response.json()["errors"]["starts_at"][0]
    response = secretary.post(
        _api(world, f"/bodies/{committee.pk}/memberships"),
        data={"organisation_id": world.org_foreign.pk},
        content_type="application/json",
    )
    assert response.status_code in (403, 422)  # the secretary does not manage members
    response = client_for(world.users["coordinator"]).post(
        _api(world, f"/bodies/{committee.pk}/memberships"),
        data={"organisation_id": world.org_foreign.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "n’est pas partenaire" in response.json()["errors"]["organisation_id"][0]


def test_hidden_objects_answer_404_and_foreign_territories_too(world, committee, client_for):
    draft = builders.meeting(committee, days=5)
    member = client_for(world.users["member"])
    assert member.get(_api(world, f"/meetings/{draft.pk}")).status_code == 404
    foreign = f"/api/v1/territories/{world.foreign.slug}/meetings/{draft.pk}"
    assert client_for(world.users["partner"]).get(foreign).status_code == 404


def test_every_meeting_transition_checks_access_then_calls_its_service(
    world, committee, client_for
):
    """The four transitions share one view: each one refuses a reader who does not run the
    body, refuses invalid input with nothing changed, and answers the meeting's detail."""
    secretary = client_for(world.users["partner"])
    member = client_for(world.users["member"])
    draft = builders.meeting(committee, days=5)
    url = _api(world, f"/meetings/{draft.pk}/cancel")
    hidden = member.post(url, data={"reason": "Non"}, content_type="application/json")
    assert hidden.status_code == 404  # a draft is not shown to members
    refused = secretary.post(url, data={"reason": " "}, content_type="application/json")
    assert refused.status_code == 422 and "reason" in refused.json()["errors"]
    draft.refresh_from_db()
    assert draft.status == Meeting.Status.DRAFT
    assert secretary.post(url, data={}, content_type="application/json").status_code == 422
    cancelled = secretary.post(
        url, data={"reason": "Salle indisponible"}, content_type="application/json"
    )
    assert cancelled.status_code == 200
    assert (cancelled.json()["status"], cancelled.json()["cancelled_reason"]) == (
        "cancelled",
        "Salle indisponible",
    )
    assert "agenda" in cancelled.json()  # the detail answer, as for the other transitions
    assert secretary.post(_api(world, f"/meetings/{draft.pk}/hold")).status_code == 422
    assert secretary.post(_api(world, f"/meetings/{draft.pk}/approve")).status_code == 422


def test_register_filters_refuse_ids_no_database_stores(world, client_for):
    """An id beyond 64 bits was a 500 on SQLite (found by schemathesis)."""
    coordinator = client_for(world.users["coordinator"])
    for name in ("action", "body", "owner"):
        for path in ("/decisions", "/tasks"):
            response = coordinator.get(_api(world, path), {name: -(2**100)})
            assert response.status_code == 422, (path, name, response.status_code)
            assert name in response.json()["errors"]
    assert coordinator.get(_api(world, "/decisions"), {"action": 2**63 - 1}).status_code == 200
