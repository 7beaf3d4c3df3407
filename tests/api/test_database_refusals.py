"""A value the database refuses is invalid input to the API caller: 422, nothing stored."""

import json

import pytest

from maillage.core.roles import Role
from maillage.programme.models import Axis
from tests.factories import TerritoryFactory, member

pytestmark = pytest.mark.django_db


def test_a_nul_character_answers_422_and_stores_nothing(client_for):
    """Only PostgreSQL refuses NUL, but the API's parser refuses it first, field by field, on
    both databases."""
    territory = TerritoryFactory()
    client = client_for(member(territory, Role.COORDINATOR))
    response = client.post(
        f"/api/v1/territories/{territory.slug}/axes",
        data=json.dumps({"number": 1, "short_name": "A\u0000", "title": "Axe\u0000 un"}),
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    refused = ["Le caractère nul (U+0000) n’est pas accepté."]
    assert response.json()["errors"] == {"short_name": refused, "title": refused}
    assert not Axis.objects.exists()


def test_a_value_the_database_refuses_answers_422(client_for, monkeypatch):
    """A number out of the column's range, say: the database's DataError is the caller's
    invalid input, not a server error."""
    from django.db import DataError

    from maillage.programme import api as programme_api

    def refuse(**kwargs):  # type: ignore[no-untyped-def]
        raise DataError("integer out of range")

    monkeypatch.setattr(programme_api.services, "create_axis", refuse)
    territory = TerritoryFactory()
    client = client_for(member(territory, Role.COORDINATOR))
    response = client.post(
        f"/api/v1/territories/{territory.slug}/axes",
        data=json.dumps({"number": 1, "short_name": "A", "title": "Axe un"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == [
        "Une valeur ne peut pas être enregistrée (caractère nul ou nombre hors limites)."
    ]
