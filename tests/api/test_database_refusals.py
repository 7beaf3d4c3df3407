"""A value the database refuses is invalid input to the API caller: 422, nothing stored."""

import json

import pytest
from django.db import connection

from maillage.core.roles import Role
from maillage.programme.models import Axis
from tests.factories import TerritoryFactory, member

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL refuses NUL")
def test_a_nul_character_answers_422_and_stores_nothing(client_for):
    territory = TerritoryFactory()
    client = client_for(member(territory, Role.COORDINATOR))
    response = client.post(
        f"/api/v1/territories/{territory.slug}/axes",
        data=json.dumps({"number": 1, "short_name": "A\u0000", "title": "Axe\u0000 un"}),
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert "caractère nul" in response.json()["errors"]["__all__"][0]
    assert not Axis.objects.exists()
