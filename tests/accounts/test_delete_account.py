"""A person deletes their own account from their profile, after proving it is them
(password, and the second factor when they have one); the deletion is audited without
keeping their name or address."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.core.models import AuditEntry
from maillage.core.roles import Role
from tests.accounts.helpers import PASSWORD, totp_code
from tests.factories import TerritoryFactory, UserFactory, member

pytestmark = pytest.mark.django_db

URL = "accounts:delete_account"


@pytest.fixture
def resident():  # type: ignore[no-untyped-def]
    territory = TerritoryFactory(name="Clichy-sous-Bois", slug="clichy", insee_code="93014")
    return member(territory, Role.RESIDENT, email="awa@essai.test", full_name="Awa Résidente")


def test_profile_links_deletion_beside_the_export(client_for, resident):
    page = client_for(resident).get(reverse("accounts:profile")).content.decode()
    assert reverse(URL) in page and reverse("accounts:personal_data") in page
    page = client_for(resident).get(reverse(URL)).content.decode()
    assert "<title>Supprimer mon compte" in page
    assert reverse("accounts:personal_data") in page


def test_wrong_password_changes_nothing(client_for, resident):
    client = client_for(resident)
    response = client.post(reverse(URL), {"password": "pas-le-bon", "confirm": "on"})
    assert response.status_code == 400
    assert "Ce mot de passe n’est pas le bon." in response.content.decode()
    assert get_user_model().objects.filter(pk=resident.pk).exists()
    assert not AuditEntry.objects.filter(action="user.delete").exists()


def test_unticked_confirmation_changes_nothing(client_for, resident):
    response = client_for(resident).post(reverse(URL), {"password": PASSWORD})
    assert response.status_code == 400
    assert get_user_model().objects.filter(pk=resident.pk).exists()


def test_right_password_deletes_signs_out_and_audits_without_the_name(client_for, resident):
    client = client_for(resident)
    pk = resident.pk
    response = client.post(reverse(URL), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not get_user_model().objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(action="user.delete")
    assert entry.object_id == str(pk) and entry.actor is None
    assert "Awa" not in entry.object_repr and "awa@" not in entry.object_repr
    assert client.get(reverse("accounts:profile")).status_code == 302  # signed out


def test_second_factor_is_asked_too_when_there_is_one(client_for):
    territory = TerritoryFactory(slug="ailleurs")
    coordinator = member(territory, Role.COORDINATOR, email="coord@essai.test")
    client = client_for(coordinator)
    device = TOTPDevice.objects.get(user=coordinator, confirmed=True)
    refused = client.post(reverse(URL), {"password": PASSWORD, "code": "000000", "confirm": "on"})
    assert refused.status_code == 400
    assert "Ce code n’est pas valide" in refused.content.decode()
    assert get_user_model().objects.filter(pk=coordinator.pk).exists()
    done = client.post(
        reverse(URL), {"password": PASSWORD, "code": totp_code(device), "confirm": "on"}
    )
    assert done.status_code == 302
    assert not get_user_model().objects.filter(pk=coordinator.pk).exists()


def test_account_without_password_proves_itself_with_nothing_else_asked(client_for):
    user = UserFactory(email="proconnect@essai.test")
    user.set_unusable_password()
    user.save()
    client = client_for(user)
    page = client.get(reverse(URL)).content.decode()
    assert 'name="password"' not in page
    assert client.post(reverse(URL), {"confirm": "on"}).status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists()
