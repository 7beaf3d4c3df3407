"""Sign-in through the real page: throttling with django-axes, sessions that expire, and an
account or membership taken away that stops working on the very next request."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accounts import services
from maillage.api.services import create_token
from maillage.core.roles import Role
from maillage.territories import services as territory_services
from tests.accounts.helpers import NEW_PASSWORD, PASSWORD, link_in_last_email, sign_in
from tests.factories import OrganisationFactory, TerritoryFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def test_sign_in_with_the_real_page(client):
    UserFactory(email="karim@caf.test")
    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200 and "Se connecter à Maillage" in page.content.decode()
    response = sign_in(client, "Karim@CAF.test")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_wrong_password_answers_400_in_french(client):
    UserFactory(email="karim@caf.test")
    response = sign_in(client, "karim@caf.test", "mauvais-mot-de-passe")
    assert response.status_code == 400
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()


def test_lockout_after_the_failure_limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(email="karim@caf.test")
    client = Client()
    statuses = [sign_in(client, "karim@caf.test", f"faux-{i}").status_code for i in range(3)]
    assert statuses == [400, 400, 429]
    # Locked out: even the right password is refused, with the French page.
    response = sign_in(client, "karim@caf.test", PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Trop de tentatives de connexion" in body
    assert "les connexions sont suspendues pendant 15 minutes" in body
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not punished for it.
    UserFactory(email="nadia@caf.test")
    assert sign_in(Client(), "nadia@caf.test", PASSWORD).status_code == 302


def test_success_resets_the_failure_count(settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(email="karim@caf.test")
    sign_in(Client(), "karim@caf.test", "faux")
    sign_in(Client(), "karim@caf.test", "faux")
    assert sign_in(Client(), "karim@caf.test", PASSWORD).status_code == 302
    assert sign_in(Client(), "karim@caf.test", "faux").status_code == 400
    assert sign_in(Client(), "karim@caf.test", "faux").status_code == 400


def test_a_new_password_lifts_the_lockout(settings):
    settings.AXES_FAILURE_LIMIT = 2
    UserFactory(email="karim@caf.test")
    client = Client()
    sign_in(client, "karim@caf.test", "faux")
    assert sign_in(client, "karim@caf.test", "faux").status_code == 429
    client.post(reverse("accounts:password_reset"), {"email": "karim@caf.test"})
    set_url = client.get(link_in_last_email(), follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert sign_in(client, "karim@caf.test", NEW_PASSWORD).status_code == 302


def test_sessions_expire_after_eight_hours_or_when_the_browser_closes(client):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    UserFactory(email="karim@caf.test")
    sign_in(client, "karim@caf.test")
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = session.expire_date - timezone.now()
    assert timezone.timedelta(hours=7, minutes=59) < remaining <= timezone.timedelta(hours=8)
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""  # a browser-session cookie
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - timezone.timedelta(seconds=1)
    )
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response["Location"].startswith("/connexion/")


def test_a_deactivated_user_is_out_on_the_next_request(client_for):
    territory = TerritoryFactory()
    organisation = OrganisationFactory(partner_of=[territory])
    user = member(territory, Role.PARTNER, organisation, email="karim@caf.test")
    _token, key = create_token(actor=user, name="Tableau de bord")
    client = client_for(user)
    bearer = {"Authorization": f"Bearer {key}"}
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.get("/api/v1/me", headers=bearer).json()["authenticated"] is True
    services.deactivate_user(actor=None, user=user)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response["Location"].startswith("/connexion/")
    assert client.get("/api/v1/me").json()["authenticated"] is False
    assert client.get("/api/v1/me", headers=bearer).status_code == 401
    assert sign_in(Client(), "karim@caf.test").status_code == 400


def test_a_removed_membership_stops_counting_on_the_next_request(client_for):
    territory = TerritoryFactory(slug="clichy")
    organisation = OrganisationFactory(partner_of=[territory], visibility="partners")
    user = member(territory, Role.PARTNER, organisation)
    client = client_for(user)
    url = reverse("territories:organisation", args=["clichy", organisation.pk])
    assert client.get(url).status_code == 200
    territory_services.end_membership(actor=None, membership=user.memberships.get())
    assert client.get(url).status_code == 404
    assert (
        client.get(f"/api/v1/territories/clichy/organisations/{organisation.pk}").status_code == 404
    )


def test_lockout_behind_a_proxy_counts_the_real_address(settings):
    settings.NUM_PROXIES = 1
    settings.AXES_FAILURE_LIMIT = 2
    UserFactory(email="karim@caf.test")
    client = Client(REMOTE_ADDR="10.0.0.1")

    def attempt(forwarded: str, secret: str = "") -> int:
        return client.post(
            "/connexion/",
            {"username": "karim@caf.test", "password": secret or "faux"},
            headers={"X-Forwarded-For": forwarded},
        ).status_code

    assert attempt("198.51.100.1, 203.0.113.5") == 400
    assert attempt("198.51.100.2, 203.0.113.5") == 429
    assert attempt("198.51.100.3, 203.0.113.5", PASSWORD) == 429


def test_password_spraying_from_one_address_is_locked(settings):
    """One password tried on many accounts from one address: each username fails once
    only, yet the address is locked, and a success on the attacker's own account does
    not clear it."""
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6
    own = UserFactory(email="attaquant@exemple.test")
    victims = [UserFactory(email=f"personne{i}@caf.test") for i in range(8)]
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [sign_in(attacker, v.email, "Printemps2026!").status_code for v in victims[:3]]
    assert sign_in(attacker, own.email, PASSWORD).status_code == 302
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    statuses += [sign_in(attacker, v.email, "Printemps2026!").status_code for v in victims[3:]]
    assert statuses == [400, 400, 400, 400, 400, 429, 429, 429]
    # Locked: even a right password from that address is refused...
    assert sign_in(Client(REMOTE_ADDR="203.0.113.9"), victims[0].email, PASSWORD).status_code == 429
    # ...while the same people sign in from elsewhere.
    assert (
        sign_in(Client(REMOTE_ADDR="198.51.100.7"), victims[0].email, PASSWORD).status_code == 302
    )
