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
