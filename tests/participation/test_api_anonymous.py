"""The API's anonymous contributions (an ALTCHA challenge from the API, the same checks and
replay protection as the page, the same limit per connection, always pre-moderated) and
the moderation of consultation written answers (the page's service)."""

import base64
import json

import pytest
from django.core.cache import cache

from maillage.participation import services
from maillage.participation.models import Answer, Contribution, ModerationState, TextModeration
from tests.factories import api_key
from tests.participation import builders
from tests.participation.council import solved_payload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def _post(client, path, data, user=None):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {api_key(user)}"} if user else {}
    return client.post(
        path, data=json.dumps(data), content_type="application/json", headers=headers
    )


def _base(place):  # type: ignore[no-untyped-def]
    return f"/api/v1/territories/{place.territory.slug}/anonymous-contributions"


def _data(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "kind": "need",
        "category": "childcare",
        "title": "Une crèche ouverte le soir",
        "text": "Je finis à 20 heures.",
    }
    data.update(overrides)
    return data


def test_the_challenge_solved_is_accepted_once_and_waits_for_moderation(place, client):
    challenge = client.get(_base(place) + "/challenge")
    assert challenge.status_code == 200
    assert {"algorithm", "challenge", "maxNumber", "salt", "signature"} <= set(challenge.json())
    payload = solved_payload()
    made = _post(client, _base(place), _data(altcha=payload))
    assert made.status_code == 201, made.content
    assert made.json()["moderation"] == "pending"
    contribution = Contribution.objects.get()
    assert contribution.author is None and contribution.moderation == ModerationState.PENDING
    # Not listed before moderation.
    listed = client.get(f"/api/v1/territories/{place.territory.slug}/contributions")
    assert listed.json()["items"] == []
    replayed = _post(client, _base(place), _data(altcha=payload, title="Encore"))
    assert replayed.status_code == 422
    assert "a déjà servi" in json.dumps(replayed.json(), ensure_ascii=False)
    assert Contribution.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("", "Cochez « Je ne suis pas un robot »"),
        (
            base64.b64encode(
                json.dumps(
                    {
                        "algorithm": "SHA-256",
                        "challenge": "0" * 64,
                        "number": 1,
                        "salt": "abc?expires=9999999999",
                        "signature": "f" * 64,
                    }
                ).encode()
            ).decode(),
            "La vérification anti-robot n’est pas valable",
        ),
    ],
)
def test_a_missing_or_forged_proof_is_refused(place, client, payload, message):
    refused = _post(client, _base(place), _data(altcha=payload))
    assert refused.status_code == 422
    assert message in json.dumps(refused.json(), ensure_ascii=False)
    assert not Contribution.objects.exists()


def test_bad_values_are_refused_before_the_proof_is_spent(place, client):
    payload = solved_payload()
    refused = _post(client, _base(place), _data(kind="autre", altcha=payload))
    assert refused.status_code == 422 and not Contribution.objects.exists()
    assert _post(client, _base(place), _data(altcha=payload)).status_code == 201


def test_too_many_from_one_connection_answer_429(place, client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "anonymous_contribution": (500, 2, 3600)}
    for _ in range(2):
        assert _post(client, _base(place), _data(altcha=solved_payload())).status_code == 201
    refused = _post(client, _base(place), _data(altcha=solved_payload()))
    assert refused.status_code == 429
    assert "Trop de requêtes" in refused.json()["detail"]
    assert Contribution.objects.count() == 2


def test_callers_with_an_account_use_the_usual_endpoint(place, client):
    refused = _post(client, _base(place), _data(altcha=solved_payload()), user=place.resident)
    assert refused.status_code == 403
    assert not Contribution.objects.exists()


# --------------------------------------------------------------------------- written answers


def _texts(place):  # type: ignore[no-untyped-def]
    consultation = builders.consultation(place.territory, place.coordinator)
    services.submit_response(
        actor=place.resident,
        consultation=consultation,
        answers=builders.answers_for(consultation, text="Le soir, après 19 heures."),
    )
    answer = Answer.objects.get(question__kind="text")
    base = f"/api/v1/territories/{place.territory.slug}/consultations/{consultation.pk}"
    return consultation, answer, base


def test_moderators_list_and_moderate_written_answers(place, client):
    _consultation, answer, base = _texts(place)
    headers = {"Authorization": f"Bearer {api_key(place.moderator)}"}
    queue = client.get(base + "/moderation", headers=headers)
    assert queue.status_code == 200
    assert [(a["id"], a["text"]) for a in queue.json()["items"]] == [
        (answer.pk, "Le soir, après 19 heures.")
    ]
    no_reason = _post(
        client, f"{base}/moderation/{answer.pk}", {"decision": "refused"}, place.moderator
    )
    assert no_reason.status_code == 422
    answer.refresh_from_db()
    assert answer.moderation == TextModeration.PENDING
    done = _post(
        client, f"{base}/moderation/{answer.pk}", {"decision": "published"}, place.moderator
    )
    assert done.status_code == 200 and done.json()["moderation"] == "published"
    answer.refresh_from_db()
    assert answer.moderation == TextModeration.PUBLISHED
    # Out of the queue: moderated once.
    again = _post(client, f"{base}/moderation/{answer.pk}", {"decision": "hidden"}, place.moderator)
    assert again.status_code == 404
    assert client.get(base + "/moderation", headers=headers).json()["items"] == []


def test_residents_may_not_moderate_written_answers(place, client):
    _consultation, answer, base = _texts(place)
    refused = _post(
        client, f"{base}/moderation/{answer.pk}", {"decision": "published"}, place.resident
    )
    assert refused.status_code == 403
    answer.refresh_from_db()
    assert answer.moderation == TextModeration.PENDING
