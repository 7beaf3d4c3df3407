"""Residents sign up themselves; the account stays inactive until the address is confirmed
by the link sent to it, and the resident membership is created then."""

import time

import pytest
from django.core import mail, signing
from django.urls import reverse

from maillage.accounts import services
from maillage.accounts.models import User
from maillage.core.models import AuditEntry
from maillage.core.roles import Role
from maillage.territories.models import Membership
from tests.accounts.helpers import NEW_PASSWORD, link_in_last_email, sign_in
from tests.factories import TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory():  # type: ignore[no-untyped-def]
    return TerritoryFactory(name="Clichy-sous-Bois", slug="clichy", insee_code="93014")


def _data(commune, **overrides):  # type: ignore[no-untyped-def]
    data = {
        "full_name": "Sami Habitel",
        "email": "sami@exemple.test",
        "territory": commune.pk,
        "language": "fr",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "accept": "on",
    }
    data.update(overrides)
    return data


def test_resident_signs_up_confirms_and_is_signed_in(
    client, territory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), _data(territory))
    assert response["Location"] == reverse("accounts:signup_done")
    user = User.objects.get(email="sami@exemple.test")
    assert not user.is_active and user.email_verified_at is None
    assert not Membership.objects.filter(user=user).exists()
    message = mail.outbox[0]
    assert message.to == ["sami@exemple.test"]
    assert message.subject == "Confirmez votre adresse électronique"
    assert "Bonjour Sami Habitel" in message.body and "3 jours" in message.body
    # Until the address is confirmed, signing in fails with an explanation.
    refused = sign_in(client, "sami@exemple.test", NEW_PASSWORD)
    assert refused.status_code == 400
    assert "confirmez d’abord votre adresse" in refused.content.decode()
    response = client.get(link_in_last_email())
    assert response["Location"] == "/territoires/clichy/"
    user.refresh_from_db()
    assert user.is_active and user.email_verified_at is not None
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.territory, membership.organisation) == (
        Role.RESIDENT,
        territory,
        None,
    )
    page = client.get("/territoires/clichy/").content.decode()
    assert "Votre adresse est confirmée. Bienvenue sur Maillage !" in page
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert {"user.signup", "user.verify_email", "membership.create"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )


def test_confirmation_link_works_once(client, territory):
    user = services.sign_up_resident(
        email="sami@exemple.test",
        full_name="Sami",
        password=NEW_PASSWORD,
        territory=territory,
        send_email=False,
    )
    url = reverse("accounts:verify_email", args=[services.verification_token(user, territory)])
    assert client.get(url).status_code == 302
    again = client.get(url)
    assert again.status_code == 410
    assert "Votre adresse est déjà confirmée : connectez-vous." in again.content.decode()
    assert Membership.objects.filter(user=user).count() == 1


def test_expired_or_tampered_confirmation_link(client, territory, monkeypatch):
    user = services.sign_up_resident(
        email="sami@exemple.test",
        full_name="Sami",
        password=NEW_PASSWORD,
        territory=territory,
        send_email=False,
    )
    token = services.verification_token(user, territory)
    bad = client.get(reverse("accounts:verify_email", args=[token[:-3] + "abc"]))
    assert (
        bad.status_code == 410
        and "Ce lien de confirmation n’est pas valide." in bad.content.decode()
    )
    later = time.time() + 4 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    expired = client.get(reverse("accounts:verify_email", args=[token]))
    assert expired.status_code == 410 and "Ce lien a expiré" in expired.content.decode()
    user.refresh_from_db()
    assert not user.is_active


def test_signing_up_again_replaces_the_unconfirmed_account_and_its_link(
    client, territory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), _data(territory))
    first_link = link_in_last_email()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:signup"),
            _data(
                territory,
                full_name="Sami H.",
                password1="encore-un-autre-secret",
                password2="encore-un-autre-secret",
            ),
        )
    assert response.status_code == 302
    second_link = link_in_last_email()
    assert User.objects.filter(email="sami@exemple.test").count() == 1
    stale = client.get(first_link)
    assert stale.status_code == 410 and "remplacé par un plus récent" in stale.content.decode()
    assert client.get(second_link).status_code == 302
    user = User.objects.get(email="sami@exemple.test")
    assert user.full_name == "Sami H." and user.check_password("encore-un-autre-secret")


def test_confirmed_address_cannot_sign_up_again(client, territory):
    UserFactory(email="sami@exemple.test")
    response = client.post(reverse("accounts:signup"), _data(territory, email="SAMI@exemple.test"))
    assert response.status_code == 400
    assert "Un compte existe déjà pour cette adresse" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"accept": ""}, "Ce champ est obligatoire."),
        ({"password2": "pas-le-meme-mot-de-passe"}, "Les deux mots de passe ne correspondent pas."),
        ({"password1": "court", "password2": "court"}, "Ce mot de passe est trop court."),
        (
            {"password1": "12345678901234", "password2": "12345678901234"},
            "Ce mot de passe est entièrement numérique.",
        ),
        ({"email": "pas-une-adresse"}, "Saisissez une adresse de courriel valide."),
        ({"territory": "999999"}, "Sélectionnez un choix valide."),
    ],
)
def test_invalid_sign_up_is_refused_in_french_and_nothing_saved(
    client, territory, overrides, message
):
    response = client.post(reverse("accounts:signup"), _data(territory, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.exists() and mail.outbox == []


def test_signed_in_people_are_sent_to_their_account(client_for, territory):
    client = client_for(UserFactory())
    assert client.get(reverse("accounts:signup"))["Location"] == reverse("accounts:profile")


def test_email_in_the_chosen_language(
    client, territory, django_capture_on_commit_callbacks, monkeypatch
):
    from maillage.core import i18n

    monkeypatch.setattr(i18n, "has_catalogue", lambda code: code == "en")
    assert "language" in client.get(reverse("accounts:signup")).context["form"].fields
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), _data(territory, language="en"))
    assert User.objects.get().preferred_language == "en"
    assert len(mail.outbox) == 1


def test_only_languages_with_a_catalogue_are_offered(client, territory):
    """Maillage is written in French, and its resident pages in Arabic, Turkish and
    English (maillage/locale): those are offered, each named in itself."""
    field = client.get(reverse("accounts:signup")).context["form"].fields["language"]
    assert [code for code, _name in field.choices] == ["fr", "ar", "tr", "en"]
    client.post(reverse("accounts:signup"), _data(territory, language="tr"))
    assert User.objects.get().preferred_language == "tr"


def test_residents_choose_among_public_communes(client, territory):
    from maillage.core.roles import Visibility

    TerritoryFactory(departement=True, name="Seine-Saint-Denis")
    TerritoryFactory(name="Commune réservée", visibility=Visibility.PARTNERS)
    choices = [
        label
        for _value, label in client.get(reverse("accounts:signup"))
        .context["form"]
        .fields["territory"]
        .choices
    ]
    assert choices == ["Choisissez votre commune", "Clichy-sous-Bois"]


def test_service_refuses_a_departement_or_a_reserved_territory():
    from django.core.exceptions import ValidationError

    from maillage.core.roles import Visibility

    for territory in (
        TerritoryFactory(departement=True),
        TerritoryFactory(visibility=Visibility.PARTNERS),
    ):
        with pytest.raises(ValidationError) as caught:
            services.sign_up_resident(
                email="x@exemple.test", full_name="X", password=NEW_PASSWORD, territory=territory
            )
        assert caught.value.message_dict["territory"] == ["Choisissez la commune où vous habitez."]
    assert not User.objects.exists()


def test_verification_e_mails_are_rate_limited(
    client, territory, django_capture_on_commit_callbacks
):
    """Signing up again with an unconfirmed address resends the link: not without end."""

    def sign_up() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:signup"), _data(territory)).status_code

    statuses = [sign_up() for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(reverse("accounts:signup"), _data(territory))
    assert (
        "Trop de demandes pour cette adresse ou depuis votre connexion" in refused.content.decode()
    )
    assert len(mail.outbox) == 3
