"""The user's own account: profile, memberships, and everything Maillage holds about them."""

import json

import pytest
from django.urls import reverse

from maillage.accounts import services
from maillage.api.services import create_token
from maillage.core.models import AuditEntry
from maillage.core.roles import Role
from tests.factories import OrganisationFactory, TerritoryFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():  # type: ignore[no-untyped-def]
    territory = TerritoryFactory(name="Clichy-sous-Bois", slug="clichy", insee_code="93014")
    caf = OrganisationFactory(name="CAF de la Seine-Saint-Denis", partner_of=[territory])
    return member(territory, Role.PARTNER, caf, email="karim@caf.test", full_name="Karim Partenel")


def test_profile_shows_memberships_and_saves_changes(client_for, partner):
    client = client_for(partner)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Clichy-sous-Bois" in page and "CAF de la Seine-Saint-Denis" in page
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Karim P.", "phone": "06 00 00 00 00", "preferred_language": "fr"},
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.full_name, partner.phone) == ("Karim P.", "06 00 00 00 00")
    entry = AuditEntry.objects.get(action="user.update")
    assert entry.changes == {
        "full_name": ["Karim Partenel", "Karim P."],
        "phone": ["01 23 45 67 89", "06 00 00 00 00"],
    }


def test_invalid_profile_is_refused(client_for, partner):
    response = client_for(partner).post(
        reverse("accounts:profile"), {"full_name": "", "preferred_language": "xx"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ce champ est obligatoire." in body
    # Arabic, Turkish and English have catalogues (the resident pages): "xx" is not one.
    assert 'name="preferred_language"' in body
    partner.refresh_from_db()
    assert partner.full_name == "Karim Partenel"
    assert partner.preferred_language == "fr"


def test_personal_data_export(client_for, partner):
    create_token(actor=partner, name="Tableur")
    services.update_profile(actor=partner, user=partner, phone="06 11 11 11 11")
    response = client_for(partner).get(reverse("accounts:personal_data"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mes-donnees-maillage.json"'
    data = json.loads(response.content)
    assert data["compte"]["adresse_electronique"] == "karim@caf.test"
    assert data["compte"]["telephone"] == "06 11 11 11 11"
    assert data["appartenances"] == [
        {
            "territoire": "Clichy-sous-Bois",
            "organisation": "CAF de la Seine-Saint-Denis",
            "role": "partner",
            "fonction": "Chargée de mission",
            "fin": None,
        }
    ]
    assert [t["nom"] for t in data["jetons_api"]] == ["Tableur"]
    assert data["double_authentification"] is False
    assert {e["action"] for e in data["journal"]} >= {"api_token.create", "user.update"}
    text = response.content.decode()
    assert partner.password not in text and "key_hash" not in text


def test_personal_data_needs_an_account(client):
    response = client.get(reverse("accounts:personal_data"))
    assert response.status_code == 302 and response["Location"].startswith("/connexion/")
