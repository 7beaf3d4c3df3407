"""The Conseil citoyen through the API: public-safe members, draws with seed, hash and
result, the avis the caller may read; avis and interpellations written by members."""

import datetime
import json

import pytest

from maillage.core.roles import Visibility
from maillage.governance.models import AgendaItem
from maillage.participation import services
from maillage.participation.models import Avis, Interpellation
from tests.factories import api_key
from tests.participation.council import SOURCE, council
from tests.programme import factories as programme

pytestmark = pytest.mark.django_db


def _call(client, user, method, path, data=None):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {api_key(user)}"} if user else {}
    if method == "get":
        return client.get(path, headers=headers)
    return client.post(
        path, data=json.dumps(data or {}), content_type="application/json", headers=headers
    )


def test_the_council_reads_without_accounts_and_with_its_draws(place, client):
    body = council(place.territory, place.coordinator, member=place.resident)
    action = programme.action(place.territory, "2.2.1", visibility=Visibility.PUBLIC)
    made = services.run_draw(
        actor=place.coordinator,
        body=body,
        source=SOURCE,
        public_value="Loto",
        seats=3,
        mandate_start=datetime.date(2025, 1, 1),
    )
    services.create_avis(
        actor=place.resident,
        body=body,
        action=action,
        title="Publié",
        text="t",
        approved_on=datetime.date(2025, 1, 1),
        publish=True,
    )
    services.create_avis(
        actor=place.resident,
        body=body,
        action=action,
        title="Brouillon",
        text="t",
        approved_on=datetime.date(2025, 1, 1),
    )
    path = f"/api/v1/territories/{place.territory.slug}/citizen-councils/{body.pk}"
    response = _call(client, None, "get", path)
    assert response.status_code == 200
    data = response.json()
    residents = data["colleges"][0]
    assert residents["college"] == "residents"
    assert {m["display_name"] for m in residents["members"]} >= {"Nadia B."}
    assert "user" not in json.dumps(data) and place.resident.email not in json.dumps(data)
    draw = data["draws"][0]
    assert (draw["seed"], draw["list_hash"]) == (made.seed, made.list_hash)
    assert [(line["id"], line["name"]) for line in draw["result"]] == [
        (line["id"], line["nom"]) for line in made.result
    ]
    assert [a["title"] for a in data["opinions"]] == ["Publié"]
    member_view = _call(client, place.resident, "get", path).json()
    assert {a["title"] for a in member_view["opinions"]} == {"Publié", "Brouillon"}
    other = programme.action(place.territory, "9.9.9", visibility=Visibility.PUBLIC)
    not_a_council = f"/api/v1/territories/{place.territory.slug}/citizen-councils/{other.pk + 999}"
    assert _call(client, None, "get", not_a_council).status_code == 404


def test_members_write_avis_and_interpellations(place, client):
    body = council(place.territory, place.coordinator, member=place.resident)
    action = programme.action(place.territory, "2.2.1", visibility=Visibility.PUBLIC)
    base = f"/api/v1/territories/{place.territory.slug}/citizen-councils/{body.pk}"
    avis = {"action_id": action.pk, "title": "Avis", "text": "Texte", "approved_on": "2025-01-01"}
    assert _call(client, place.resident2, "post", base + "/avis", avis).status_code == 403
    assert not Avis.objects.exists()
    made = _call(client, place.resident, "post", base + "/avis", {**avis, "publish": True})
    assert made.status_code == 201 and made.json()["state"] == "published"
    unknown = _call(client, place.resident, "post", base + "/avis", {**avis, "action_id": 999999})
    assert unknown.status_code in (400, 422)
    asked = _call(
        client,
        place.resident,
        "post",
        base + "/interpellations",
        {"subject": "Les halls", "text": "Ils sont sales."},
    )
    assert asked.status_code == 201
    assert asked.json()["follow_up"] == "waiting"
    item = Interpellation.objects.get().item
    assert AgendaItem.objects.filter(pk=item.pk, body__kind="strategic").exists()
