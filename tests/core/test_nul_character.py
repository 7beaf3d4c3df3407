"""U+0000 never reaches the database (PostgreSQL text cannot hold it): pages answer 400 or
404, the API 404 or 422, never 500."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_query_string_with_a_nul_character_is_a_bad_request(world):
    client = Client()
    for name in ("network:search", "governance:bodies", "governance:calendar"):
        path = reverse(name, args=[world.territory.slug])
        assert client.get(path, {"q": "logement"}).status_code == 200
        assert client.get(path, {"q": "loge\x00ment", "type": "x\x00"}).status_code == 400


def test_a_path_with_a_nul_character_names_nothing(world):
    client = Client()
    assert client.get(f"/territoires/{world.territory.slug}%00/").status_code == 404
    answer = client.get(f"/api/v1/territories/{world.territory.slug}%00/organisations")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Introuvable."}
