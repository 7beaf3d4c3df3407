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


# --------------------------------------------------------------------------- second factor


ORGS = "/api/v1/territories/clichy/organisations"


@pytest.fixture
def clichy():  # type: ignore[no-untyped-def]
    from tests.factories import OrganisationFactory, TerritoryFactory

    territory = TerritoryFactory(name="Clichy-sous-Bois", slug="clichy", insee_code="93014")
    ville = OrganisationFactory(name="Ville de Clichy", kind="communes", partner_of=[territory])
    return territory, ville


def _create_org(client, key: str, name: str):  # type: ignore[no-untyped-def]
    return client.post(
        ORGS,
        data={"name": name, "kind": "association"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )


def test_a_token_created_before_a_promotion_stops_working_after_it(
    client, clichy, mailoutbox, django_capture_on_commit_callbacks
):
    from maillage.core.roles import Role
    from maillage.territories import services as territory_services
    from maillage.territories.models import Organisation
    from tests.factories import member

    territory, ville = clichy
    person = member(territory, Role.PARTNER, ville, email="karim@ville.test")
    token, key = services.create_token(actor=person, name="Tableur", scope="write")
    assert not token.created_with_mfa
    assert _me(client, key).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        territory_services.add_membership(
            actor=None, user=person, territory=territory, organisation=ville, role=Role.COORDINATOR
        )

    refused = _me(client, key)
    assert refused.status_code == 401
    assert "suspendu" in refused.json()["detail"]
    assert "double authentification" in refused.json()["detail"]
    # The coordinator's rights would let this write through: the token may not use them.
    write = _create_org(client, key, "Association fantôme")
    assert write.status_code == 401
    assert not Organisation.objects.filter(name="Association fantôme").exists()
    token.refresh_from_db()
    assert token.suspended_at is not None
    assert [m.to for m in mailoutbox] == [["karim@ville.test"]]
    assert mailoutbox[0].subject == "Vos jetons d’accès à l’API sont suspendus"
    assert "Tableur" in mailoutbox[0].body
    assert AuditEntry.objects.filter(action="api_token.suspend").count() == 1


def test_a_suspended_token_is_listed_as_such(client_for, clichy):
    from maillage.core.roles import Role
    from maillage.territories import services as territory_services
    from tests.factories import member

    territory, ville = clichy
    person = member(territory, Role.PARTNER, ville)
    services.create_token(actor=person, name="Tableur")
    territory_services.add_membership(
        actor=None, user=person, territory=territory, organisation=ville, role=Role.COORDINATOR
    )
    page = client_for(person).get(reverse("api:tokens")).content.decode()
    assert "Suspendu" in page
    assert "Votre rôle exige la double authentification : créez un nouveau jeton." in page


def test_a_token_made_after_the_second_factor_writes_until_the_device_goes(client, clichy):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from maillage.core.roles import Role
    from tests.factories import api_key, member

    territory, ville = clichy
    coordinator = member(territory, Role.COORDINATOR, ville)
    key = api_key(coordinator)
    assert ApiToken.objects.get().created_with_mfa
    assert _create_org(client, key, "Association A").status_code == 201
    TOTPDevice.objects.filter(user=coordinator).delete()
    refused = _create_org(client, key, "Association B")
    assert refused.status_code == 401
    assert "suspendu" in refused.json()["detail"]


def test_a_platform_admin_token_without_second_factor_is_refused(client):
    admin = UserFactory(is_staff=True)
    _token, key = services.create_token(actor=UserFactory(), name="x")
    token = ApiToken.objects.get()
    token.user = admin
    token.save()
    assert _me(client, key).status_code == 401


def test_a_person_who_must_use_mfa_creates_a_token_only_after_verifying(clichy):
    from django.core.exceptions import ValidationError

    from maillage.core.roles import Role
    from tests.factories import member

    territory, ville = clichy
    coordinator = member(territory, Role.COORDINATOR, ville)
    with pytest.raises(ValidationError) as refused:
        services.create_token(actor=coordinator, name="Tableur", verified=False)
    assert "double authentification" in str(refused.value)
    assert not ApiToken.objects.exists()


def test_the_token_page_records_the_verified_second_factor(client_for, clichy):
    from maillage.core.roles import Role
    from tests.factories import member

    territory, ville = clichy
    coordinator = member(territory, Role.COORDINATOR, ville)
    client = client_for(coordinator)  # verified, with a confirmed device
    response = client.post(
        reverse("api:tokens"), {"name": "Tableau", "days": "30", "scope": "write"}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert token.created_with_mfa and token.scope == "write"


# --------------------------------------------------------------------------- scopes and expiry


def test_a_read_token_reads_but_may_not_write(client, clichy):
    from maillage.core.roles import Role
    from maillage.territories.models import Organisation
    from tests.factories import api_key, member

    territory, ville = clichy
    coordinator = member(territory, Role.COORDINATOR, ville)
    key = api_key(coordinator, scope="read")
    assert client.get(ORGS, headers={"Authorization": f"Bearer {key}"}).status_code == 200
    refused = _create_org(client, key, "Association C")
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("Ce jeton est en lecture seule")
    assert not Organisation.objects.filter(name="Association C").exists()
    assert _create_org(client, api_key(coordinator), "Association C").status_code == 201


def test_tokens_are_read_only_unless_asked(client_for):
    client_for_user = client_for(UserFactory())
    client_for_user.post(reverse("api:tokens"), {"name": "Tableau", "days": "30"})
    assert ApiToken.objects.get().scope == "read"


def test_an_expired_token_says_so_in_french(client):
    token, key = services.create_token(actor=UserFactory(), name="Court", days=7)
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - timezone.timedelta(days=1)
    )
    refused = _me(client, key)
    assert refused.status_code == 401
    assert refused.json()["detail"].startswith("Ce jeton a expiré le ")


def test_the_expiry_is_bounded_and_shown(client_for, settings):
    from django.core.exceptions import ValidationError

    user = UserFactory()
    with pytest.raises(ValidationError):
        services.create_token(actor=user, name="Éternel", days=settings.API_TOKEN_MAX_DAYS + 1)
    client = client_for(user)
    assert client.post(reverse("api:tokens"), {"name": "x", "days": "3650"}).status_code == 400
    assert not ApiToken.objects.exists()
    token, _key = services.create_token(actor=user, name="Tableau", days=30)
    page = client.get(reverse("api:tokens")).content.decode()
    assert timezone.localtime(token.expires_at).strftime("%d/%m/%Y") in page
    assert "Lecture seule" in page
