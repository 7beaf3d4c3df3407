"""Essaimage in the API: the catalogue and a model under the pages' rules, offering with
the personal-data confirmation, copying (the new fiche's id) and withdrawing."""

import json

import pytest
from django.test import Client

from maillage.programme import services
from maillage.programme.models import Action, InspiringModel
from tests.factories import api_key
from tests.programme.test_inspiring import TEXTS

pytestmark = pytest.mark.django_db


def _client(user):  # type: ignore[no-untyped-def]
    client = Client()
    if user is not None:
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {api_key(user)}"
    return client


def _post(client, path, body=None):  # type: ignore[no-untyped-def]
    return client.post(path, data=json.dumps(body or {}), content_type="application/json")


def test_offer_read_copy_withdraw(scene, other):
    pilot = _client(scene["pilot"])
    offer = f"/api/v1/territories/clichy/actions/{scene['garderie'].pk}/inspiring-model"
    body = dict(TEXTS)
    # A telephone number needs the confirmation; nothing is saved without it.
    response = _post(pilot, offer, {**body, "contacts": "Accueil : 01 43 88 00 00"})
    assert response.status_code == 422
    assert "un numéro de téléphone" in response.json()["errors"]["confirm_personal_data"][0]
    assert not InspiringModel.objects.exists()
    response = _post(pilot, offer, body)
    assert response.status_code == 200
    model = response.json()
    assert (model["title"], model["territory_name"], model["visibility"]) == (
        "Garderie éphémère",
        "Clichy-sous-Bois",
        "partners",
    )
    assert model["theme"] == "Axe 1" and model["reuse_count"] == 0
    # The outsider of Clichy reads it, with the fiche's id; anonymous callers do not.
    listing = _client(scene["outsider"]).get("/api/v1/inspiring-models?q=garderie").json()
    assert listing["count"] == 1 and listing["items"][0]["action_id"] == scene["garderie"].pk
    assert _client(None).get("/api/v1/inspiring-models").json()["count"] == 0
    assert _client(None).get(f"/api/v1/inspiring-models/{model['id']}").status_code == 404
    # A coordinator of Montfermeil copies it: the new fiche's id.
    coordinator = _client(other["coordinator"])
    detail = coordinator.get(f"/api/v1/inspiring-models/{model['id']}").json()
    assert detail["action_id"] is None  # Clichy's fiche is for Clichy's partners
    copy = f"/api/v1/inspiring-models/{model['id']}/copy"
    response = _post(coordinator, copy, {"objective_id": other["objective"].pk})
    assert response.status_code == 201
    created = Action.objects.get(pk=response.json()["action_id"])
    assert created.territory == other["territory"] and created.inspired_by_id == model["id"]
    assert response.json()["url"] == created.get_absolute_url()
    # Again, or into an unknown objective: French errors, nothing created.
    response = _post(coordinator, copy, {"objective_id": other["objective"].pk})
    assert (
        response.status_code == 422 and "déjà repris" in response.json()["errors"]["objective"][0]
    )
    response = _post(coordinator, copy, {"objective_id": 999999})
    assert response.status_code == 422
    assert Action.objects.filter(inspired_by_id=model["id"]).count() == 1
    # The partner of Montfermeil may not copy; the pilot may not copy into Clichy.
    assert _post(_client(other["partner"]), copy, {"objective_id": 1}).status_code == 403
    assert _post(pilot, copy, {"objective_id": other["objective"].pk}).status_code == 403
    # Withdrawn: gone from the catalogue, the copy keeps its mention.
    withdraw = f"/api/v1/inspiring-models/{model['id']}/withdraw"
    assert _post(coordinator, withdraw).status_code == 403
    assert _post(pilot, withdraw).status_code == 204
    assert _client(scene["outsider"]).get("/api/v1/inspiring-models").json()["count"] == 0
    created.refresh_from_db()
    assert created.attribution == "« Garderie éphémère » (Clichy-sous-Bois)"


def test_filters_and_bad_input(scene, other):
    services.offer_as_model(scene["pilot"], scene["garderie"], **TEXTS)
    client = _client(other["coordinator"])
    assert client.get("/api/v1/inspiring-models?theme=Axe%201").json()["count"] == 1
    assert client.get("/api/v1/inspiring-models?theme=Logement").json()["count"] == 0
    territory = other["territory"].pk
    assert client.get(f"/api/v1/inspiring-models?territory={territory}").json()["count"] == 0
    assert client.get("/api/v1/inspiring-models?territory=0").status_code == 422
    assert client.get("/api/v1/inspiring-models/99999999999999999999").status_code in (404, 422)
    offer = f"/api/v1/territories/clichy/actions/{scene['garderie'].pk}/inspiring-model"
    response = _post(_client(scene["pilot"]), offer, {**TEXTS, "visibility": "members"})
    assert response.status_code == 422
