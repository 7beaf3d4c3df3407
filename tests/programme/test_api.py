"""The programme's API: reads and writes under the page's rules, French errors as 4xx."""

import json

import pytest
from django.test import Client

from maillage.programme.models import Action, Measurement
from tests.factories import api_key

pytestmark = pytest.mark.django_db
BASE = "/api/v1/territories/clichy"


def _client(user):  # type: ignore[no-untyped-def]
    client = Client()
    if user is not None:
        key = api_key(user)
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


def _send(client, method, path, body=None):  # type: ignore[no-untyped-def]
    return getattr(client, method)(
        path, data=json.dumps(body or {}), content_type="application/json"
    )


def test_read_the_programme(scene):
    client = _client(scene["outsider"])
    axes = client.get(f"{BASE}/axes").json()["items"]
    assert [a["number"] for a in axes] == [1]
    objectives = client.get(f"{BASE}/objectives").json()["items"]
    assert objectives[0]["code"] == "1.1" and objectives[0]["axis_number"] == 1
    listing = client.get(f"{BASE}/actions?status=construction").json()
    assert listing["count"] == 1
    item = listing["items"][0]
    assert (item["code"], item["status_label"], item["axis_number"]) == (
        "2.2.1",
        "En construction",
        1,
    )
    assert item["pilots"] == [{"id": scene["centre"].pk, "name": "Centre social"}]
    detail = client.get(f"{BASE}/actions/{item['id']}").json()
    assert detail["url"] == scene["garderie"].get_absolute_url()
    indicators = client.get(f"{BASE}/actions/{item['id']}/indicators").json()["items"]
    assert indicators[0]["targets"] == [{"year": 2025, "value": 50.0}]
    measurements = client.get(
        f"{BASE}/actions/{item['id']}/indicators/{indicators[0]['id']}/measurements"
    ).json()["items"]
    assert measurements == [
        {
            "id": measurements[0]["id"],
            "measured_on": "2023-12-31",
            "value": 71.0,
            "source": "",
            "comment": "",
        }
    ]
    # Anonymous callers see public actions only: none here.
    assert Client().get(f"{BASE}/actions").json()["count"] == 0
    assert Client().get(f"{BASE}/actions/{item['id']}").status_code == 404


def test_write_through_the_services(scene):
    client = _client(scene["coordinator"])
    created = _send(
        client,
        "post",
        f"{BASE}/actions",
        {
            "title": "Colocation intergénérationnelle",
            "code": "1.2.2",
            "publics": ["jeunes", "seniors"],
            "pilot_ids": [scene["centre"].pk],
            "starts_on": "2017-09-01",
        },
    )
    assert created.status_code == 201, created.content
    action_id = created.json()["id"]
    assert created.json()["publics_labels"] == ["Jeunes", "Séniors"]
    patched = _send(client, "patch", f"{BASE}/actions/{action_id}", {"summary": "Binômes"})
    assert patched.json()["summary"] == "Binômes"
    status = _send(
        client, "post", f"{BASE}/actions/{action_id}/status", {"status": "ongoing", "reason": "Go"}
    )
    assert status.status_code == 201 and status.json()["to_status"] == "ongoing"
    indicator = _send(
        client,
        "post",
        f"{BASE}/actions/{action_id}/indicators",
        {
            "name": "Binômes",
            "unit": "binômes",
            "baseline_value": 0,
            "baseline_on": "2017-09-01",
            "targets": [{"year": 2026, "value": 12}],
        },
    ).json()
    measurement = _send(
        client,
        "post",
        f"{BASE}/actions/{action_id}/indicators/{indicator['id']}/measurements",
        {"measured_on": "2024-12-31", "value": "6"},
    )
    assert measurement.status_code == 201
    action = Action.objects.get(pk=action_id)
    assert action.progress == 50
    milestone = _send(
        client,
        "post",
        f"{BASE}/actions/{action_id}/milestones",
        {"title": "Charte", "planned_on": "2017-06-01"},
    ).json()
    done = _send(
        client,
        "patch",
        f"{BASE}/actions/{action_id}/milestones/{milestone['id']}",
        {"done_on": "2017-05-22"},
    )
    assert done.json()["done_on"] == "2017-05-22"
    assert action.versions.count() >= 4


def test_bad_input_is_a_4xx_in_french(scene):
    client = _client(scene["coordinator"])
    dates = _send(
        client,
        "post",
        f"{BASE}/actions",
        {"title": "Dates", "starts_on": "2024-06-01", "ends_on": "2024-01-01"},
    )
    assert dates.status_code == 422
    assert dates.json()["errors"] == {"ends_on": ["La fin ne peut pas précéder le début."]}
    unknown = _send(client, "post", f"{BASE}/actions", {"title": "X", "pilot_ids": [999999]})
    assert unknown.status_code == 422
    assert "999999" in unknown.json()["errors"]["pilots"][0]
    garderie = scene["garderie"]
    indicator = scene["indicator"]
    duplicate = _send(
        client,
        "post",
        f"{BASE}/actions/{garderie.pk}/indicators/{indicator.pk}/measurements",
        {"measured_on": "2023-12-31", "value": 3},
    )
    assert duplicate.status_code == 422
    assert Measurement.objects.filter(indicator=indicator).count() == 1
    not_a_number = _send(
        client,
        "post",
        f"{BASE}/actions/{garderie.pk}/indicators/{indicator.pk}/measurements",
        {"measured_on": "2024-12-31", "value": "abc"},
    )
    assert not_a_number.status_code == 422
    assert client.get(f"{BASE}/actions?axis=424242").status_code == 422


def test_rules_are_the_pages_rules(scene):
    garderie = scene["garderie"]
    outsider = _client(scene["outsider"])
    refused = _send(outsider, "patch", f"{BASE}/actions/{garderie.pk}", {"summary": "Non"})
    assert refused.status_code == 403
    pilot = _client(scene["pilot"])
    assert (
        _send(pilot, "patch", f"{BASE}/actions/{garderie.pk}", {"summary": "Oui"}).status_code
        == 200
    )
    assert _send(Client(), "patch", f"{BASE}/actions/{garderie.pk}", {}).status_code == 401
    assert (
        _send(
            pilot, "post", f"{BASE}/axes", {"number": 2, "short_name": "x", "title": "x"}
        ).status_code
        == 403
    )
