"""Anonymous consultation answers ask people without an account for a proof of work
(ALTCHA), as anonymous contributions do: missing, forged or replayed proofs are refused
with a French message and nothing is saved; signed-in people are not asked."""

from __future__ import annotations

import base64
import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from maillage.participation.models import Response
from tests.conftest import login_verified
from tests.participation import builders
from tests.participation.council import solved_payload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def _setup(place):  # type: ignore[no-untyped-def]
    consultation = builders.consultation(place.territory, place.coordinator, anonymous=True)
    data = {f"q{k}": v for k, v in builders.answers_for(consultation).items()}
    url = reverse(
        "participation:consultation_answer",
        kwargs={"territory_slug": place.territory.slug, "pk": consultation.pk},
    )
    return consultation, data, url


def test_the_answer_page_shows_the_widget_to_people_without_an_account(place, client):
    _consultation, _data, url = _setup(place)
    html = client.get(url).content.decode()
    assert "<altcha-widget" in html
    challenge = reverse("participation:altcha_challenge", args=[place.territory.slug])
    assert f'challengeurl="{challenge}"' in html
    assert client.get(challenge).status_code == 200


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
    _consultation, data, url = _setup(place)
    refused = client.post(url, {**data, "altcha": payload})
    assert refused.status_code == 400
    assert message in refused.content.decode()
    assert not Response.objects.exists()


def test_a_valid_proof_is_accepted_once(place, client):
    consultation, data, url = _setup(place)
    payload = solved_payload()
    assert client.post(url, {**data, "altcha": payload}).status_code == 302
    assert Response.objects.filter(consultation=consultation).count() == 1
    from django.test import Client

    replayed = Client().post(url, {**data, "altcha": payload})
    assert replayed.status_code == 400
    assert "a déjà servi" in replayed.content.decode()
    assert Response.objects.filter(consultation=consultation).count() == 1


def test_signed_in_people_skip_the_proof(place, client):
    consultation, data, url = _setup(place)
    login_verified(client, place.resident)
    assert "<altcha-widget" not in client.get(url).content.decode()
    assert client.post(url, data).status_code == 302
    assert Response.objects.filter(consultation=consultation).count() == 1
