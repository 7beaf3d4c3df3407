"""Contributions without an account (docs/participation.md, « Sans compte »): a proof of
work (ALTCHA) checked on the server, single use, a limit per connection, and always a
relecture before publication."""

from __future__ import annotations

import base64
import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from maillage.participation.models import Contribution
from tests.conftest import login_verified
from tests.participation import builders
from tests.participation.council import solved_payload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def _url(place):  # type: ignore[no-untyped-def]
    return reverse("participation:propose_anonymous", args=[place.territory.slug])


def _data(**overrides):  # type: ignore[no-untyped-def]
    data = builders.form_data(display_name="")
    data.update(overrides)
    return data


def test_the_page_and_its_challenge_are_served_from_this_site(place, client):
    page = client.get(_url(place))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<altcha-widget" in html
    challenge_url = reverse("participation:altcha_challenge", args=[place.territory.slug])
    assert f'challengeurl="{challenge_url}"' in html
    assert 'workerurl="http://testserver/static/participation/altcha-worker.js"' in html
    assert 'id="__altcha-css"' in html
    assert "<noscript>" in html and "connectez-vous" in html
    challenge = client.get(challenge_url)
    assert challenge.status_code == 200
    assert challenge["Cache-Control"] == "no-store"
    body = challenge.json()
    assert set(body) == {"algorithm", "challenge", "maxNumber", "salt", "signature"}
    assert body["maxNumber"] == 1000


def test_a_solved_challenge_saves_a_pending_contribution(place, client):
    response = client.post(_url(place), _data(altcha=solved_payload()))
    assert response.status_code == 302
    made = Contribution.objects.get()
    assert made.moderation == "pending"
    assert made.author is None and made.entered_by is None
    assert made.display_name == "Un·e habitant·e"
    followed = client.get(response["Location"])
    assert "en attente de relecture" in followed.content.decode()
    # Not public before moderation.
    assert "Une crèche ouverte le soir" not in followed.content.decode()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("", "Cochez « Je ne suis pas un robot »"),
        ("pas-du-base64", "La vérification anti-robot n’est pas valable"),
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
def test_a_missing_or_invalid_proof_is_refused(place, client, payload, message):
    response = client.post(_url(place), _data(altcha=payload))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Contribution.objects.exists()


def test_a_wrong_solution_is_refused(place, client):
    payload = json.loads(base64.b64decode(solved_payload()))
    payload["number"] += 1
    forged = base64.b64encode(json.dumps(payload).encode()).decode()
    response = client.post(_url(place), _data(altcha=forged))
    assert response.status_code == 400
    assert not Contribution.objects.exists()


def test_a_replayed_proof_is_refused(place, client):
    payload = solved_payload()
    assert client.post(_url(place), _data(altcha=payload)).status_code == 302
    again = client.post(_url(place), _data(altcha=payload, title="Une deuxième fois"))
    assert again.status_code == 400
    assert "a déjà servi" in again.content.decode()
    assert Contribution.objects.count() == 1


def test_too_many_messages_from_one_connection_are_refused(place, client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "anonymous_contribution": (100, 2, 3600)}
    for _ in range(2):
        assert client.post(_url(place), _data(altcha=solved_payload())).status_code == 302
    refused = client.post(_url(place), _data(altcha=solved_payload()))
    assert refused.status_code == 429
    assert "Trop de messages envoyés depuis votre connexion" in refused.content.decode()
    assert Contribution.objects.count() == 2


def test_bad_fields_save_nothing(place, client):
    response = client.post(_url(place), _data(altcha=solved_payload(), kind="", title=""))
    assert response.status_code == 400
    assert not Contribution.objects.exists()


def test_a_signed_in_resident_uses_the_usual_form(place, client):
    login_verified(client, place.resident)
    assert client.get(_url(place)).status_code == 403
    home = client.get(reverse("participation:home", args=[place.territory.slug]))
    assert "Écrire sans compte" not in home.content.decode()


def test_anonymous_contributions_are_moderated_like_the_others(place, client):
    assert client.post(_url(place), _data(altcha=solved_payload())).status_code == 302
    made = Contribution.objects.get()
    login_verified(client, place.moderator)
    queue = client.get(reverse("participation:moderation_queue", args=[place.territory.slug]))
    assert made.title in queue.content.decode()
