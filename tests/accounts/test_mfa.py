"""Coordinators and platform admins pass a second factor (TOTP) before anything else; the
API answers their unverified sessions with a JSON 403."""

import base64
import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.accounts import services
from maillage.core.models import AuditEntry
from maillage.core.roles import Role
from tests.accounts.helpers import PASSWORD, sign_in, totp_code
from tests.factories import OrganisationFactory, TerritoryFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory():  # type: ignore[no-untyped-def]
    return TerritoryFactory(slug="clichy", name="Clichy-sous-Bois", insee_code="93014")


@pytest.fixture
def coordinator(territory):  # type: ignore[no-untyped-def]
    organisation = OrganisationFactory(partner_of=[territory])
    return member(territory, Role.COORDINATOR, organisation, email="coordination@ville.test")


def _grouped(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _device(user) -> TOTPDevice:  # type: ignore[no-untyped-def]
    return TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)


def test_first_sign_in_sends_a_coordinator_to_set_up_the_second_factor(client, coordinator):
    response = sign_in(client, coordinator.email, next="/territoires/clichy/partenaires/")
    assert response["Location"] == "/territoires/clichy/partenaires/"
    blocked = client.get("/territoires/clichy/partenaires/")
    assert blocked.status_code == 302
    assert blocked["Location"] == "/compte/securite/?next=%2Fterritoires%2Fclichy%2Fpartenaires%2F"
    page = client.get(blocked["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in body
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', body).group(1)  # type: ignore[union-attr]
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    import base64

    assert (
        base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
        == device.bin_key
    )
    wrong = client.post(blocked["Location"], {"code": "000000"})
    assert wrong.status_code == 400
    assert "Ce code ne correspond pas." in wrong.content.decode()
    # A miss starts over with a fresh key, shown on the page that says so.
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    assert _grouped(device) in wrong.content.decode()
    done = client.post(blocked["Location"], {"code": totp_code(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert 'href="/territoires/clichy/partenaires/"' in done.content.decode()
    assert client.get("/territoires/clichy/partenaires/").status_code == 200
    assert TOTPDevice.objects.get(user=coordinator).confirmed
    assert AuditEntry.objects.filter(action="user.mfa_enable").count() == 1


def test_next_sign_in_asks_for_the_code(client, coordinator):
    device = _device(coordinator)
    sign_in(client, coordinator.email, next="/territoires/clichy/")
    response = client.get("/territoires/clichy/")
    assert response["Location"] == "/compte/verification/?next=%2Fterritoires%2Fclichy%2F"
    wrong = client.post(response["Location"], {"code": "123456"})
    assert wrong.status_code == 400
    assert "Ce code n’est pas valide ou a déjà servi." in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp slows down guesses; the test moves on
    device.throttling_failure_timestamp = None
    device.save()
    ok = client.post(response["Location"], {"code": totp_code(device)})
    assert ok["Location"] == "/territoires/clichy/"
    assert client.get("/territoires/clichy/").status_code == 200


def test_a_backup_code_works_once(coordinator):
    _device(coordinator)
    codes = services.regenerate_backup_codes(user=coordinator)
    first = Client()
    sign_in(first, coordinator.email)
    assert first.post(reverse("accounts:mfa_verify"), {"code": codes[0]}).status_code == 302
    second = Client()
    sign_in(second, coordinator.email)
    assert second.post(reverse("accounts:mfa_verify"), {"code": codes[0]}).status_code == 400
    assert StaticToken.objects.filter(device__user=coordinator).count() == 9


def test_regenerated_backup_codes_replace_the_old_ones(client_for, coordinator):
    old = services.regenerate_backup_codes(user=coordinator)
    client = client_for(coordinator)
    page = client.post(reverse("accounts:mfa_backup_codes"))
    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    tokens = set(
        StaticToken.objects.filter(device__user=coordinator).values_list("token", flat=True)
    )
    assert tokens == set(new)


def test_the_second_factor_cannot_be_replaced_with_the_password_alone(client, coordinator):
    device = _device(coordinator)
    sign_in(client, coordinator.email)
    response = client.get(reverse("accounts:mfa_setup"))
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))
    assert client.post(reverse("accounts:mfa_setup"), {"code": "000000"}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=coordinator)) == [device]


def test_unverified_session_gets_json_403_from_the_api(client, coordinator):
    _device(coordinator)
    sign_in(client, coordinator.email)
    response = client.get("/api/v1/me")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Double authentification requise : validez votre code dans le navigateur."
    }


def test_htmx_calls_are_sent_to_the_verification_page_as_a_whole(client, coordinator):
    _device(coordinator)
    sign_in(client, coordinator.email)
    response = client.get("/territoires/clichy/partenaires/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/compte/verification/?next=")


def test_platform_admins_need_the_second_factor_too(client):
    admin = UserFactory(admin=True, email="admin@maillage.test")
    sign_in(client, admin.email)
    assert client.get("/")["Location"].startswith(reverse("accounts:mfa_setup"))


def test_partners_are_not_asked_unless_they_chose_it(client, territory):
    organisation = OrganisationFactory(partner_of=[territory])
    partner = member(territory, Role.PARTNER, organisation, email="karim@caf.test")
    sign_in(client, partner.email)
    assert client.get("/territoires/clichy/").status_code == 200
    _device(partner)
    again = Client()
    sign_in(again, partner.email)
    assert again.get("/territoires/clichy/")["Location"].startswith(reverse("accounts:mfa_verify"))


def test_logout_stays_possible_before_verification(client, coordinator):
    sign_in(client, coordinator.email)
    assert client.post(reverse("accounts:logout"))["Location"] == "/"
    assert client.get(reverse("accounts:profile"))["Location"].startswith("/connexion/")


def test_verification_never_redirects_elsewhere(client, coordinator):
    device = _device(coordinator)
    sign_in(client, coordinator.email)
    response = client.post(
        reverse("accounts:mfa_verify") + "?next=https://ailleurs.test/", {"code": totp_code(device)}
    )
    assert response["Location"] == "/"


def test_people_without_a_device_are_sent_to_set_up(client_for, client):
    user = UserFactory(email="karim@caf.test")
    sign_in(client, user.email, PASSWORD)
    assert client.get(reverse("accounts:mfa_verify"))["Location"] == reverse("accounts:mfa_setup")


def test_the_session_key_changes_after_the_second_factor(client, coordinator):
    device = _device(coordinator)
    sign_in(client, coordinator.email)
    before = client.session.session_key
    response = client.post(reverse("accounts:mfa_verify"), {"code": totp_code(device)})
    assert response.status_code == 302
    after = client.session.session_key
    assert after != before
    # The old key carries nothing any more; the new one is signed in and verified.
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=before).exists()
    assert client.get("/territoires/clichy/").status_code == 200


def test_the_session_key_changes_after_setting_up_the_second_factor(client, coordinator):
    sign_in(client, coordinator.email)
    client.get(reverse("accounts:mfa_setup"))
    before = client.session.session_key
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    response = client.post(reverse("accounts:mfa_setup"), {"code": totp_code(device)})
    assert response.status_code == 200
    assert client.session.session_key != before
    assert client.get("/territoires/clichy/").status_code == 200
