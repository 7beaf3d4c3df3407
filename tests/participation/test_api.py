"""The participation API: only published contributions with their answers; writes under
the pages' rules (pending until moderated, one support per person)."""

import json

from maillage.participation import services
from maillage.participation.models import Contribution, ModerationState, Status
from tests.factories import api_key
from tests.participation import builders
from tests.programme import factories as programme


def _call(client, user, method, path, data=None):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {api_key(user)}"} if user else {}
    if method == "get":
        return client.get(path, headers=headers)
    return client.post(
        path, data=json.dumps(data or {}), content_type="application/json", headers=headers
    )


def _base(place):  # type: ignore[no-untyped-def]
    return f"/api/v1/territories/{place.territory.slug}/contributions"


def test_list_shows_only_published_with_answers(place, client):
    action = programme.action(place.territory, "2.1.1", title="Garderie", visibility="public")
    shown = builders.contribution(
        place.territory, place.resident, moderation="published", moderator=place.coordinator
    )
    services.answer_contribution(
        actor=place.coordinator,
        contribution=shown,
        status=Status.INTEGRATED,
        answer="Reprise dans la garderie éphémère.",
        action=action,
    )
    builders.contribution(place.territory, place.resident, title="En attente")
    builders.contribution(
        place.territory,
        place.resident,
        title="Refusée",
        moderation="refused",
        moderator=place.coordinator,
    )
    for user in (None, place.coordinator):
        answer = _call(client, user, "get", _base(place)).json()
        assert answer["count"] == 1
        item = answer["items"][0]
        assert item["id"] == shown.pk
        assert item["status"] == "integrated"
        assert item["action_id"] == action.pk
        assert item["data_inclusion_category"] == "famille"
    answered = _call(client, None, "get", _base(place) + "?answered=true").json()
    assert [i["id"] for i in answered["items"]] == [shown.pk]
    origins = _call(client, None, "get", _base(place) + "/origins").json()
    assert {r["origin"]: r["count"] for r in origins["items"]}["web"] == 1


def test_hidden_action_is_null(place, client):
    action = programme.action(place.territory, "2.1.1", title="Garderie")  # partners only
    made = builders.contribution(
        place.territory, place.resident, moderation="published", moderator=place.coordinator
    )
    services.answer_contribution(
        actor=place.coordinator,
        contribution=made,
        status=Status.INTEGRATED,
        answer="Oui",
        action=action,
    )
    item = _call(client, None, "get", f"{_base(place)}/{made.pk}").json()
    assert item["action_id"] is None


def test_write_waits_for_moderation_and_support_once(place, client):
    created = _call(
        client,
        place.resident,
        "post",
        _base(place),
        {
            "kind": "need",
            "category": "health",
            "title": "Un médecin le samedi",
            "text": "Il n’y en a pas.",
            "display_name": "Nadia",
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["moderation"] == "pending"
    pk = created.json()["id"]
    assert _call(client, None, "get", f"{_base(place)}/{pk}").status_code == 404
    assert (
        _call(client, place.resident2, "post", f"{_base(place)}/{pk}/supports").status_code == 404
    )
    moderated = _call(
        client,
        place.moderator,
        "post",
        f"{_base(place)}/{pk}/moderation",
        {"decision": "published"},
    )
    assert moderated.status_code == 200
    first = _call(client, place.resident2, "post", f"{_base(place)}/{pk}/supports")
    assert first.status_code == 201
    assert first.json()["supports_count"] == 1
    again = _call(client, place.resident2, "post", f"{_base(place)}/{pk}/supports")
    assert again.status_code == 422
    assert Contribution.objects.get(pk=pk).supports_count == 1


def test_bad_values_answer_422_and_save_nothing(place, client):
    answer = _call(
        client,
        place.resident,
        "post",
        _base(place),
        {"kind": "rant", "category": "health", "title": "x y", "text": "z z", "display_name": "a"},
    )
    assert answer.status_code == 422
    assert "kind" in answer.json()["errors"]
    assert not Contribution.objects.exists()
    made = builders.contribution(place.territory, place.resident)
    refused = _call(
        client,
        place.coordinator,
        "post",
        f"{_base(place)}/{made.pk}/moderation",
        {"decision": "refused", "reason": "nope"},
    )
    assert refused.status_code == 422
    made.refresh_from_db()
    assert made.moderation == ModerationState.PENDING


def test_assisted_entry_through_the_api_needs_consent(place, client):
    body = {
        "kind": "idea",
        "category": "french",
        "title": "Cours de français",
        "text": "Le soir, pour les mamans.",
        "display_name": "Fatou",
        "assisted": True,
        "origin": "workshop",
        "organisation_id": place.centre.pk,
    }
    assert _call(client, place.pro, "post", _base(place), body).status_code == 422
    assert (
        _call(client, place.resident, "post", _base(place), {**body, "consent": True}).status_code
        == 403
    )
    made = _call(client, place.pro, "post", _base(place), {**body, "consent": True})
    assert made.status_code == 201
    assert made.json()["origin"] == "workshop"
    saved = Contribution.objects.get()
    assert saved.consent_given_at is not None and saved.entered_by == place.pro
