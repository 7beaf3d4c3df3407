"""Personal API tokens: created and revoked by their owner, shown once, stored as a SHA-256
only, refused once revoked or expired."""

import hashlib
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.api import services
from maillage.api.models import ApiToken
from maillage.core.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _me(client, key: str):  # type: ignore[no-untyped-def]
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})


def test_token_created_on_the_page_is_shown_once_and_stored_hashed(client_for):
    user = UserFactory(email="karim@caf.test")
    client = client_for(user)
    response = client.post(reverse("api:tokens"), {"name": "Tableau de bord CAF", "days": "90"})
    assert response.status_code == 200
    key = re.search(r'data-testid="new-token">(mlg_[\w-]+)<', response.content.decode()).group(1)  # type: ignore[union-attr]
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:12]
    stored = " ".join(str(v) for v in ApiToken.objects.values().get().values())
    assert key not in stored
    assert (
        timezone.timedelta(days=89)
        < token.expires_at - timezone.now()
        <= timezone.timedelta(days=90)
    )
    assert key not in client.get(reverse("api:tokens")).content.decode()
    assert _me(client_for(None), key).json()["email"] == "karim@caf.test"
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert AuditEntry.objects.filter(action="api_token.create", actor=user).count() == 1


def test_invalid_token_form_is_refused(client_for):
    response = client_for(UserFactory()).post(reverse("api:tokens"), {"name": "", "days": "7"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_owner_revokes_and_the_token_stops_at_once(client_for, client):
    user = UserFactory()
    token, key = services.create_token(actor=user, name="Intégration")
    assert _me(client, key).status_code == 200
    response = client_for(user).post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    refused = _me(client, key)
    assert refused.status_code == 401
    assert refused.json() == {
        "detail": "Authentification requise, ou jeton invalide, expiré ou révoqué."
    }
    assert AuditEntry.objects.filter(action="api_token.revoke").count() == 1


def test_nobody_else_revokes_a_token(client_for, client):
    token, key = services.create_token(actor=UserFactory(), name="Intégration")
    other = client_for(UserFactory())
    assert other.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    assert _me(client, key).status_code == 200


def test_expired_token_is_refused(client):
    token, key = services.create_token(actor=UserFactory(), name="Court", days=30)
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - timezone.timedelta(seconds=1)
    )
    assert _me(client, key).status_code == 401


@pytest.mark.parametrize(
    "header", ["Bearer mlg_inconnu", "Bearer autre-chose", "Basic Zm9vOmJhcg==", "Bearer "]
)
def test_unknown_or_malformed_tokens_are_refused(client, header):
    response = client.get("/api/v1/me", headers={"Authorization": header})
    assert response.status_code == 401


def test_a_person_may_hold_twenty_active_tokens(client_for):
    user = UserFactory()
    for index in range(services.MAX_TOKENS_PER_USER):
        services.create_token(actor=user, name=f"Jeton {index}")
    response = client_for(user).post(reverse("api:tokens"), {"name": "Un de trop", "days": "30"})
    assert response.status_code == 400
    assert "Vous avez déjà 20 jetons actifs : révoquez-en un d’abord." in response.content.decode()
    assert ApiToken.objects.count() == 20
