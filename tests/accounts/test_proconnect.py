"""ProConnect sign-in against a fake provider on 127.0.0.1: every refusal says why, in
French; accounts are matched by sub + idp_id, then e-mail; organisations are proposed from
the SIRET and confirmed by a coordinator; an acr with a second factor replaces TOTP."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse

from maillage.accounts import proconnect
from maillage.accounts.models import OrganisationRequest, ProConnectIdentity, User
from maillage.core.audit import AuditEntry
from maillage.core.roles import Role
from maillage.territories.models import Membership
from tests.accounts.conftest import DEPARTEMENT_SIRET, luhn_siret
from tests.factories import UserFactory, member


def sign_in(client: Client, *, tamper_state: bool = False) -> object:
    """The browser's round trip, without a browser: Maillage → provider → Maillage."""
    start = client.get(reverse("accounts:proconnect_start"))
    assert start.status_code == 302, start.content
    authorize = start["Location"]
    params = parse_qs(urlsplit(authorize).query)
    assert len(params["state"][0]) >= 32 and len(params["nonce"][0]) >= 32
    back = requests.get(authorize, allow_redirects=False, timeout=5).headers["Location"]
    if tamper_state:
        back = back.replace("state=", "state=x")
    return client.get(back.removeprefix("http://testserver"))


def test_the_button_is_shown_only_when_configured(client, settings, db):
    settings.PROCONNECT_DOMAIN = ""
    assert "ProConnect" not in client.get(reverse("accounts:login")).content.decode()
    assert client.get(reverse("accounts:proconnect_start")).status_code == 404
    settings.PROCONNECT_DOMAIN = "auth.example.test/api/v2"
    settings.PROCONNECT_CLIENT_ID = "id"
    settings.PROCONNECT_CLIENT_SECRET = "secret"
    assert "S’identifier avec ProConnect" in client.get(reverse("accounts:login")).content.decode()


def test_a_new_agent_is_created_and_matched_to_the_organisation_by_siren(provider, departement):
    territory, organisation = departement
    provider.sign_in_as(siret=DEPARTEMENT_SIRET)  # another establishment, same SIREN
    client = Client()
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == territory.get_absolute_url()
    user = User.objects.get(email="agent@departement.test")
    assert user.full_name == "Camille Agent"
    assert ProConnectIdentity.objects.get(user=user).siret == DEPARTEMENT_SIRET
    request = OrganisationRequest.objects.get(user=user)
    assert (request.organisation, request.territory, request.status) == (
        organisation,
        territory,
        OrganisationRequest.Status.PENDING,
    )
    assert not Membership.objects.filter(user=user).exists()  # nothing before confirmation
    assert AuditEntry.objects.filter(action="accounts.organisation_request").exists()


def test_a_coordinator_confirms_and_the_role_is_given(provider, departement, client_for):
    territory, organisation = departement
    provider.sign_in_as(siret=DEPARTEMENT_SIRET)
    sign_in(Client())
    coordinator = member(territory, Role.COORDINATOR, organisation, email="coord@93.test")
    client = client_for(coordinator)
    page = client.get(reverse("accounts:organisation_requests", args=[territory.slug]))
    assert "Camille Agent" in page.content.decode()
    request = OrganisationRequest.objects.get()
    client.post(
        reverse("accounts:organisation_request_decide", args=[territory.slug, request.pk]),
        {"decision": "confirm"},
    )
    request.refresh_from_db()
    assert request.status == OrganisationRequest.Status.CONFIRMED
    assert Membership.objects.filter(
        user=request.user, territory=territory, organisation=organisation, role=Role.PARTNER
    ).exists()
    assert AuditEntry.objects.filter(action="accounts.organisation_request_confirm").exists()
    # A partner of the territory may not decide.
    partner = member(territory, Role.PARTNER, organisation, email="p@93.test")
    answer = client_for(partner).get(
        reverse("accounts:organisation_requests", args=[territory.slug])
    )
    assert answer.status_code == 403


def test_a_siret_of_no_known_organisation_gives_no_role(provider, departement):
    provider.sign_in_as(siret=luhn_siret("1234567890001"))
    client = Client()
    response = sign_in(client)
    assert response.status_code == 302
    user = User.objects.get(email="agent@departement.test")
    assert not OrganisationRequest.objects.filter(user=user).exists()
    assert not Membership.objects.filter(user=user).exists()
    home = client.get(response["Location"]).content.decode()
    assert "aucun rôle ne vous est donné" in home


def test_a_wrong_state_is_refused(provider, db):
    response = sign_in(Client(), tamper_state=True)
    assert response.status_code == 400
    assert "state invalide" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("tamper", "says"),
    [
        ("nonce", "nonce différent"),
        ("expired", "a expiré"),
        ("wrong_key", "du jeton d’identité de ProConnect n’ont pas pu être vérifiés"),
        ("unsigned_userinfo", "non signées"),
        ("userinfo_wrong_key", "signature des informations"),
    ],
)
def test_bad_tokens_are_refused_with_the_reason(provider, db, tamper, says):
    provider.tamper = tamper
    client = Client()
    response = sign_in(client)
    assert response.status_code == 403
    body = response.content.decode()
    assert says in body and "Connexion avec ProConnect refusée" in body
    assert not User.objects.exists()
    assert "_auth_user_id" not in client.session


def test_an_existing_account_is_matched_by_email_and_logged(provider, db):
    existing = UserFactory(email="agent@departement.test")
    sign_in(Client())
    identity = ProConnectIdentity.objects.get()
    assert identity.user == existing
    entry = AuditEntry.objects.get(action="accounts.proconnect_link")
    assert entry.changes["matched_by"] == [None, "email"]


def test_a_known_sub_with_a_changed_email_keeps_its_account(provider, db):
    sign_in(Client())
    user = User.objects.get()
    provider.sign_in_as(email="camille.agent@nouveau.test")
    client = Client()
    sign_in(client)
    user.refresh_from_db()
    assert User.objects.count() == 1
    assert user.email == "camille.agent@nouveau.test"
    assert int(client.session["_auth_user_id"]) == user.pk
    assert AuditEntry.objects.filter(action="accounts.proconnect_email_change").exists()


def test_a_changed_email_that_belongs_to_another_account_is_refused(provider, db):
    sign_in(Client())
    UserFactory(email="deja.pris@nouveau.test")
    provider.sign_in_as(email="deja.pris@nouveau.test")
    response = sign_in(Client())
    assert response.status_code == 403
    assert "déjà celle d’un autre compte" in response.content.decode()


def test_a_coordinator_without_second_factor_acr_is_asked_for_totp(provider, departement):
    territory, organisation = departement
    coordinator = member(territory, Role.COORDINATOR, organisation, email="agent@departement.test")
    provider.sign_in_as(acr="eidas1")
    client = Client()
    sign_in(client)
    assert int(client.session["_auth_user_id"]) == coordinator.pk
    page = client.get(territory.get_absolute_url())
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("accounts:mfa_setup"))


def test_a_coordinator_with_second_factor_acr_is_not_asked_for_totp(provider, departement):
    territory, organisation = departement
    member(territory, Role.COORDINATOR, organisation, email="agent@departement.test")
    provider.sign_in_as(acr="eidas2")
    client = Client()
    sign_in(client)
    assert client.get(territory.get_absolute_url()).status_code == 200


def test_logout_is_chained_to_proconnect_with_a_checked_state(provider, db):
    client = Client()
    sign_in(client)
    id_token = client.session[proconnect.SESSION_ID_TOKEN]
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    end = urlsplit(response["Location"])
    params = parse_qs(end.query)
    assert end.path.endswith("/session/end")
    assert params["id_token_hint"] == [id_token]
    assert len(params["state"][0]) >= 32
    assert "_auth_user_id" not in client.session
    back = requests.get(response["Location"], allow_redirects=False, timeout=5).headers["Location"]
    wrong = client.get(back.removeprefix("http://testserver").replace("state=", "state=x"))
    assert wrong.status_code == 400 and "state invalide" in wrong.content.decode()


def test_logout_return_with_the_right_state(provider, db):
    client = Client()
    sign_in(client)
    response = client.post(reverse("accounts:logout"))
    back = requests.get(response["Location"], allow_redirects=False, timeout=5).headers["Location"]
    done = client.get(back.removeprefix("http://testserver"), follow=True)
    assert "Vous êtes déconnecté de Maillage et de ProConnect" in done.content.decode()


def test_local_accounts_keep_working(provider, client, db):
    UserFactory(email="local@essai.test", password="mot-de-passe-local-123")
    response = client.post(
        reverse("accounts:login"),
        {"username": "local@essai.test", "password": "mot-de-passe-local-123"},
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_deactivated_account_loses_its_proconnect_session(provider, db):
    client = Client()
    sign_in(client)
    user = User.objects.get()
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_token_for_another_client_is_refused(provider, db, settings):
    settings.PROCONNECT_CLIENT_ID = "another-client"
    response = sign_in(Client())
    assert response.status_code == 403
    assert "destinataire du jeton d’identité" in response.content.decode()


def test_the_requests_page_makes_constant_queries(departement, client_for):
    from tests.queries import assert_constant_queries

    territory, organisation = departement
    coordinator = member(territory, Role.COORDINATOR, organisation, email="coord@93.test")

    def grow(count: int) -> None:
        for _ in range(count + 1):
            OrganisationRequest.objects.create(
                user=UserFactory(),
                organisation=organisation,
                territory=territory,
                siret=DEPARTEMENT_SIRET,
            )

    grow(0)
    assert_constant_queries(
        client_for(coordinator),
        reverse("accounts:organisation_requests", args=[territory.slug]),
        grow,
    )
