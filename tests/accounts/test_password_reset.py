"""Forgotten password, end to end: the e-mail, the link, the new password, and a link that
works once."""

import pytest
from django.core import mail
from django.urls import reverse

from maillage.core.models import AuditEntry
from tests.accounts.helpers import NEW_PASSWORD, PASSWORD, link_in_last_email, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_password_reset_end_to_end(client):
    user = UserFactory(email="karim@caf.test")
    response = client.post(reverse("accounts:password_reset"), {"email": "KARIM@caf.test"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    message = mail.outbox[0]
    assert message.to == ["karim@caf.test"]
    assert message.subject == "Maillage : choisir un nouveau mot de passe"
    link = link_in_last_email()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Choisir un nouveau mot de passe" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "court", "new_password2": "court"})
    assert weak.status_code == 200 and "Ce mot de passe est trop court." in weak.content.decode()
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="user.password_reset", object_id=str(user.pk)).exists()
    # The link has served.
    reused = client.get(link, follow=True).content.decode()
    assert "Ce lien n’est plus valable : il a déjà servi ou a expiré." in reused
    fresh = type(client)()
    assert sign_in(fresh, "karim@caf.test", PASSWORD).status_code == 400
    assert sign_in(fresh, "karim@caf.test", NEW_PASSWORD).status_code == 302


def test_unknown_or_inactive_address_gets_the_same_answer_and_no_email(client):
    UserFactory(email="parti@caf.test", inactive=True)
    for email in ("personne@nulle-part.test", "parti@caf.test"):
        response = client.post(reverse("accounts:password_reset"), {"email": email})
        assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []
    page = client.get(reverse("accounts:password_reset_done")).content.decode()
    assert "Si un compte existe pour cette adresse" in page


def test_password_reset_requests_are_rate_limited_per_address(client):
    UserFactory(email="karim@caf.test")
    statuses = [
        client.post(reverse("accounts:password_reset"), {"email": "karim@caf.test"}).status_code
        for _ in range(9)
    ]
    assert statuses == [302, 302, 302, 429, 429, 429, 429, 429, 429]
    assert len(mail.outbox) == 3
    refused = client.post(reverse("accounts:password_reset"), {"email": "Karim@CAF.test"})
    assert (
        "Trop de demandes pour cette adresse ou depuis votre connexion" in refused.content.decode()
    )
    assert len(mail.outbox) == 3


def test_password_reset_requests_are_rate_limited_per_client(settings):
    from django.test import Client

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset": (3, 5, 3600)}
    people = [UserFactory(email=f"personne{i}@caf.test") for i in range(8)]
    one = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [
        one.post(reverse("accounts:password_reset"), {"email": p.email}).status_code for p in people
    ]
    assert statuses == [302] * 5 + [429] * 3
    assert len(mail.outbox) == 5
    # Another client is not held back by the first one's requests.
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert (
        other.post(reverse("accounts:password_reset"), {"email": people[7].email}).status_code
        == 302
    )
    assert len(mail.outbox) == 6
