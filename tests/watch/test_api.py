"""The veille's API: the same gate, rules and services as the pages."""

import pytest

from maillage.core.models import AuditEntry
from maillage.governance.models import AgendaItem
from maillage.watch.models import Corroboration, Orientation, Signal
from tests.factories import api_key
from tests.watch import builders

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _api(world, path):  # type: ignore[no-untyped-def]
    return f"/api/v1/territories/{world.territory.slug}{path}"


def _payload(world, **changes):  # type: ignore[no-untyped-def]
    data = {
        "title": "Accidents domestiques répétés",
        "description": "Chutes et brûlures de jeunes enfants signalées plus souvent cet hiver.",
        "topic": "famille--soutien-a-la-parentalite-et-a-leducation",
        "publics": ["familles"],
        "observed_since": "2024-11-01",
        "trend": "recurring",
        "situations_count": 6,
        "organisation_id": world.org_other.pk,
        "audience": "partners",
    }
    data.update(changes)
    return data


@pytest.fixture
def cell(world):  # type: ignore[no-untyped-def]
    return builders.cell(world.territory, members=[world.org_member])


def test_a_signal_through_the_api_from_report_to_orientation(world, client_for, cell):
    partner = client_for(world.users["partner"])
    created = partner.post(_api(world, "/signals"), data=_payload(world), content_type=JSON)
    assert created.status_code == 201, created.content
    signal_id = created.json()["id"]
    assert created.json()["topic"] == "famille--soutien-a-la-parentalite-et-a-leducation"

    member = client_for(world.users["member"])
    corroborated = member.post(
        _api(world, f"/signals/{signal_id}/corroborations"),
        data={"organisation_id": world.org_member.pk, "situations_count": 3},
        content_type=JSON,
    )
    assert corroborated.status_code == 201, corroborated.content
    listed = partner.get(_api(world, f"/signals/{signal_id}/corroborations")).json()
    assert listed["count"] == 1

    oriented = member.post(
        _api(world, f"/signals/{signal_id}/orientations"),
        data={"kind": "backlog", "body_id": cell.pk},
        content_type=JSON,
    )
    assert oriented.status_code == 201, oriented.content
    assert oriented.json()["state"] == "done"
    assert AgendaItem.objects.filter(body=cell, pk=oriented.json()["agenda_item_id"]).exists()
    got = partner.get(_api(world, f"/signals/{signal_id}"))
    assert got.json()["status"] == "oriented"
    assert AuditEntry.objects.filter(action="signal.read", object_id=str(signal_id)).exists()
    orientations = partner.get(_api(world, f"/signals/{signal_id}/orientations")).json()
    assert [o["kind"] for o in orientations["items"]] == ["backlog"]


def test_the_gate_stops_personal_data_in_the_api_and_nothing_is_stored(world, client_for, cell):
    key = api_key(world.users["partner"])
    for field, text in (
        ("description", "Famille suivie, n° allocataire 1234567 à la CAF."),
        ("title", "Situation de Madame Martin"),
        ("description", "Écrire à parent.exemple@courriel.test pour les détails."),
    ):
        response = client_for(None).post(
            _api(world, "/signals"),
            data=_payload(world, **{field: text}),
            content_type=JSON,
            headers={"Authorization": f"Bearer {key}"},
        )
        assert response.status_code == 422, (text, response.content)
        assert field in response.json()["errors"], response.json()
    assert not Signal.objects.exists()
    signal = builders.signal(
        world.territory,
        author=world.users["partner"],
        organisation=world.org_other,
        audience=Signal.Audience.PARTNERS,
    )
    response = client_for(world.users["member"]).post(
        _api(world, f"/signals/{signal.pk}/corroborations"),
        data={
            "organisation_id": world.org_member.pk,
            "situations_count": 2,
            "note": "Appeler le 01 48 12 34 56",
        },
        content_type=JSON,
    )
    assert response.status_code == 422 and "note" in response.json()["errors"]
    assert not Corroboration.objects.exists()
    response = client_for(world.users["member"]).post(
        _api(world, f"/signals/{signal.pk}/orientations"),
        data={"kind": "backlog", "body_id": cell.pk, "note": "Voir M. Durand"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert not Orientation.objects.exists()


@pytest.mark.parametrize("actor", ["anonymous", "resident", "foreign"])
def test_outsiders_never_see_a_signal_in_the_api(world, client_for, cell, actor):
    signal = builders.signal(
        world.territory,
        author=world.users["partner"],
        organisation=world.org_other,
        audience=Signal.Audience.PARTNERS,
    )
    client = client_for(world.user(actor))
    listed = client.get(_api(world, "/signals"))
    assert listed.status_code in (401, 403)
    assert signal.title not in listed.content.decode()
    assert client.get(_api(world, f"/signals/{signal.pk}")).status_code == 404


def test_list_filters_in_the_api(world, client_for, cell):
    builders.signal(
        world.territory,
        author=world.users["partner"],
        organisation=world.org_other,
        title="Hausse des impayés de loyer",
        thematique="logement-hebergement--reduire-les-impayes-de-loyer",
    )
    builders.signal(world.territory, author=world.users["partner"], organisation=world.org_other)
    client = client_for(world.users["partner"])
    found = client.get(_api(world, "/signals"), {"topic": "logement-hebergement"}).json()
    assert [s["title"] for s in found["items"]] == ["Hausse des impayés de loyer"]
    assert client.get(_api(world, "/signals"), {"status": "closed"}).json()["count"] == 0
    assert client.get(_api(world, "/signals"), {"status": "nope"}).status_code == 422
