"""The Django admin: every foundation model, for platform admins only, behind Maillage's
sign-in and second factor; admin writes appear in the audit log."""

import pytest
from django.contrib.admin.sites import site
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import Invitation, User
from maillage.api.models import ApiToken
from maillage.api.services import create_token
from maillage.core.models import AuditEntry
from maillage.core.roles import Role
from maillage.territories.models import GeoUnit, Membership, Organisation, Territory
from tests.accounts.helpers import sign_in
from tests.factories import OrganisationFactory, TerritoryFactory, UserFactory, member

pytestmark = pytest.mark.django_db

FOUNDATION_MODELS = [
    User,
    Invitation,
    Territory,
    GeoUnit,
    Organisation,
    Membership,
    AuditEntry,
    ApiToken,
]


@pytest.fixture
def admin_client(client_for):  # type: ignore[no-untyped-def]
    return client_for(UserFactory(admin=True, email="admin@maillage.test"))


def _url(model, view: str, *args) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_foundation_model_is_registered():
    assert all(site.is_registered(model) for model in FOUNDATION_MODELS)


def test_admin_pages_open_for_a_platform_admin(admin_client):
    territory = TerritoryFactory()
    organisation = OrganisationFactory(partner_of=[territory])
    someone = member(territory, Role.PARTNER, organisation)
    assert admin_client.get(reverse("admin:index")).status_code == 200
    for model in FOUNDATION_MODELS:
        assert admin_client.get(_url(model, "changelist")).status_code == 200, model
    for obj in (territory, organisation, someone, someone.memberships.get()):
        assert admin_client.get(_url(type(obj), "change", obj.pk)).status_code == 200
    for model in (User, Territory, GeoUnit, Organisation, Membership):
        assert admin_client.get(_url(model, "add")).status_code == 200, model


def test_audit_log_is_read_only(admin_client):
    territory = TerritoryFactory()
    OrganisationFactory(partner_of=[territory])
    from maillage.core import audit

    entry = audit.record(
        actor=None, action="organisation.update", obj=territory, territory=territory
    )
    assert admin_client.get(_url(AuditEntry, "add")).status_code == 403
    assert (
        admin_client.post(_url(AuditEntry, "delete", entry.pk), {"post": "yes"}).status_code == 403
    )
    page = admin_client.get(_url(AuditEntry, "change", entry.pk)).content.decode()
    assert 'name="_save"' not in page
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_token_admin_never_shows_the_hash_and_revokes(admin_client):
    token, key = create_token(actor=UserFactory(), name="Intégration")
    page = admin_client.get(_url(ApiToken, "change", token.pk)).content.decode()
    assert token.key_hash not in page and key not in page
    assert admin_client.get(_url(ApiToken, "add")).status_code == 403
    admin_client.post(
        _url(ApiToken, "changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_admin_changes_are_audited(admin_client):
    territory = TerritoryFactory(name="Clichy-sous-Bois", slug="clichy", insee_code="93014")
    data = {
        "name": "Clichy-sous-Bois",
        "slug": "clichy",
        "insee_code": "93014",
        "kind": "commune",
        "description": "Changé dans l’administration",
        "visibility": "public",
        "geounits-TOTAL_FORMS": "0",
        "geounits-INITIAL_FORMS": "0",
    }
    response = admin_client.post(_url(Territory, "change", territory.pk), data)
    assert response.status_code == 302, (
        response.context and response.context["adminform"].form.errors
    )
    entry = AuditEntry.objects.get(action="admin.change")
    assert entry.territory == territory
    assert entry.changes == {"description": ["", "Changé dans l’administration"]}
    assert entry.actor.email == "admin@maillage.test"


def test_admin_creates_a_user_with_a_password(admin_client):
    response = admin_client.post(
        _url(User, "add"),
        {
            "email": "nouvelle@maillage.test",
            "full_name": "Nouvelle Personne",
            "usable_password": "true",
            "password1": "un-mot-de-passe-solide",
            "password2": "un-mot-de-passe-solide",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@maillage.test")
    assert user.check_password("un-mot-de-passe-solide")
    assert AuditEntry.objects.filter(action="admin.add", object_id=str(user.pk)).exists()


def test_deactivate_action_ends_sessions(admin_client, client_for):
    victim = UserFactory(email="parti@maillage.test")
    victim_client = client_for(victim)
    admin_client.post(
        _url(User, "changelist"), {"action": "deactivate", "_selected_action": [victim.pk]}
    )
    victim.refresh_from_db()
    assert not victim.is_active
    assert victim_client.get(reverse("accounts:profile")).status_code == 302
    assert AuditEntry.objects.filter(action="user.deactivate").count() == 1


def test_signed_in_non_admins_are_refused_not_looped(client_for):
    territory = TerritoryFactory()
    organisation = OrganisationFactory(partner_of=[territory])
    coordinator = member(territory, Role.COORDINATOR, organisation)
    client = client_for(coordinator)
    assert client.get(reverse("admin:index")).status_code == 403
    assert client.get(_url(User, "changelist")).status_code == 403


def test_admin_sign_in_goes_through_maillage(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert follow.status_code == 302 and follow["Location"] == "/connexion/?next=/admin/"
    admin = UserFactory(admin=True, email="admin@maillage.test")
    sign_in(client, admin.email, next="/admin/")
    # Password alone is not enough: the second factor comes first.
    assert client.get("/admin/")["Location"].startswith(reverse("accounts:mfa_setup"))
