"""A coordinator invites partners; the signed, expiring, single-use link creates the account
and the membership, or tells clearly why it cannot."""

import time

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from maillage.accounts import services
from maillage.accounts.models import Invitation, User
from maillage.core.models import AuditEntry
from maillage.core.roles import Role
from maillage.territories.models import Membership
from tests.accounts.helpers import NEW_PASSWORD, PASSWORD, link_in_last_email, sign_in
from tests.factories import OrganisationFactory, TerritoryFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():  # type: ignore[no-untyped-def]
    territory = TerritoryFactory(name="Clichy-sous-Bois", slug="clichy", insee_code="93014")
    ville = OrganisationFactory(name="Ville de Clichy-sous-Bois", partner_of=[territory])
    caf = OrganisationFactory(name="CAF de la Seine-Saint-Denis", partner_of=[territory])
    stranger = OrganisationFactory(name="Organisation d’ailleurs")
    coordinator = member(
        territory,
        Role.COORDINATOR,
        ville,
        email="coordination@ville.test",
        full_name="Camille Coordinel",
    )
    partner = member(territory, Role.PARTNER, caf, email="karim@caf.test")
    return {
        "territory": territory,
        "ville": ville,
        "caf": caf,
        "stranger": stranger,
        "coordinator": coordinator,
        "partner": partner,
    }


def _invite(scene, email="nadia@caf.test", **extra):  # type: ignore[no-untyped-def]
    return services.invite(
        actor=scene["coordinator"],
        territory=scene["territory"],
        email=email,
        role=Role.PARTNER,
        organisation=scene["caf"],
        **extra,
    )


def _accept_url(invitation: Invitation) -> str:
    return reverse("accounts:invitation_accept", args=[services.invitation_token(invitation)])


NEWCOMER = {
    "full_name": "Nadia Nouvelle",
    "phone": "01 23 45 67 00",
    "password1": NEW_PASSWORD,
    "password2": NEW_PASSWORD,
}


# --------------------------------------------------------------------------- sending


def test_coordinator_invites_and_the_email_leaves_after_commit(
    client_for, scene, django_capture_on_commit_callbacks
):
    client = client_for(scene["coordinator"])
    url = reverse("accounts:invitations", args=["clichy"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            url,
            {
                "email": "Nadia@CAF.test",
                "full_name": "Nadia",
                "role": "partner",
                "organisation": scene["caf"].pk,
                "job_title": "Conseillère",
            },
        )
        assert response.status_code == 302
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    callbacks[0]()
    invitation = Invitation.objects.get()
    assert invitation.email == "nadia@caf.test" and invitation.invited_by == scene["coordinator"]
    assert invitation.expires_at > timezone.now() + timezone.timedelta(days=13)
    message = mail.outbox[0]
    assert message.to == ["nadia@caf.test"]
    assert (
        message.subject
        == "Invitation à rejoindre le projet social de territoire de Clichy-sous-Bois"
    )
    assert "Camille Coordinel vous invite" in message.body
    assert "CAF de la Seine-Saint-Denis" in message.body and "14 jours" in message.body
    path = link_in_last_email("nadia@caf.test")
    # The token is signed with the second it was made in: compare what it reads back to,
    # not its text, which a token made a second later would not match.
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert path == reverse("accounts:invitation_accept", args=[token])
    assert services.resolve_invitation(token) == invitation
    page = client_for(None).get(path)
    assert page.status_code == 200 and "Créer mon compte" in page.content.decode()
    assert (
        AuditEntry.objects.filter(action="invitation.create", territory=scene["territory"]).count()
        == 1
    )
    listing = client.get(url).content.decode()
    assert "nadia@caf.test" in listing and "En attente" in listing


def test_only_coordinators_invite(client, client_for, scene):
    url = reverse("accounts:invitations", args=["clichy"])
    data = {"email": "x@caf.test", "role": "partner", "organisation": scene["caf"].pk}
    assert client_for(scene["partner"]).post(url, data).status_code == 403
    assert client.post(url, data).status_code == 302  # to the sign-in page
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"role": "partner"}, "organisation", "Choisissez l’organisation de la personne invitée."),
        ({"role": "resident"}, "role", "Sélectionnez un choix valide."),
        (
            {"role": "partner", "email": "pas-une-adresse"},
            "email",
            "Saisissez une adresse de courriel valide.",
        ),
    ],
)
def test_invalid_invitation_is_refused_in_french(client_for, scene, data, field, message):
    payload = {"email": "x@caf.test", **data}
    response = client_for(scene["coordinator"]).post(
        reverse("accounts:invitations", args=["clichy"]), payload
    )
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Invitation.objects.exists() and mail.outbox == []


def test_service_refuses_an_organisation_that_is_not_a_partner_and_duplicates(scene):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.invite(
            actor=scene["coordinator"],
            territory=scene["territory"],
            email="a@b.test",
            role=Role.PARTNER,
            organisation=scene["stranger"],
        )
    assert caught.value.message_dict["organisation"] == [
        "Cette organisation n’est pas partenaire de ce territoire."
    ]
    _invite(scene)
    with pytest.raises(ValidationError) as caught:
        _invite(scene)
    assert caught.value.message_dict["email"] == [
        "Une invitation est déjà en attente pour cette personne."
    ]
    with pytest.raises(ValidationError) as caught:
        _invite(scene, email="karim@caf.test")
    assert caught.value.message_dict["email"] == [
        "Cette personne a déjà ce rôle dans ce territoire."
    ]


# --------------------------------------------------------------------------- accepting


def test_newcomer_accepts_sets_a_password_and_lands_on_their_organisation(client, scene):
    invitation = _invite(scene, job_title="Conseillère")
    response = client.post(_accept_url(invitation), NEWCOMER)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "territories:organisation", args=["clichy", scene["caf"].pk]
    )
    user = User.objects.get(email="nadia@caf.test")
    assert user.full_name == "Nadia Nouvelle" and user.check_password(NEW_PASSWORD)
    assert user.email_verified_at is not None and user.is_active
    assert user.current_territory == scene["territory"]
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.organisation, membership.job_title) == (
        "partner",
        scene["caf"],
        "Conseillère",
    )
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    # Signed in: the organisation page shows the members' contacts.
    page = client.get(response["Location"]).content.decode()
    assert "Bienvenue ! Vous avez rejoint Clichy-sous-Bois." in page
    assert "karim@caf.test" in page
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"invitation.create", "user.create", "membership.create", "invitation.accept"} <= actions


def test_a_used_link_says_so_and_changes_nothing(client, scene):
    invitation = _invite(scene)
    client.post(_accept_url(invitation), NEWCOMER)
    before = (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    for other in (client_for_anonymous(), client):
        response = other.get(_accept_url(invitation))
        assert response.status_code == 410
        assert "Cette invitation a déjà été utilisée." in response.content.decode()
        response = other.post(_accept_url(invitation), {**NEWCOMER, "full_name": "Intrus"})
        assert response.status_code == 410
    assert (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count()) == before
    assert User.objects.get(email="nadia@caf.test").full_name == "Nadia Nouvelle"


def client_for_anonymous():  # type: ignore[no-untyped-def]
    from django.test import Client

    return Client()


def test_an_expired_invitation_says_so_and_changes_nothing(client, scene):
    invitation = _invite(scene)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    response = client.post(_accept_url(invitation), NEWCOMER)
    assert response.status_code == 410
    assert (
        "Ce lien d’invitation a expiré. Demandez une nouvelle invitation à la coordination."
        in response.content.decode()
    )
    assert not User.objects.filter(email="nadia@caf.test").exists()


def test_an_expired_signature_says_so(client, scene, monkeypatch):
    invitation = _invite(scene)
    url = _accept_url(invitation)
    later = time.time() + 15 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.get(url)
    assert response.status_code == 410
    assert "a expiré" in response.content.decode()


def test_a_revoked_invitation_says_so(client, client_for, scene):
    invitation = _invite(scene)
    revoke = reverse("accounts:invitation_revoke", args=["clichy", invitation.pk])
    assert client_for(scene["coordinator"]).post(revoke).status_code == 302
    response = client.post(_accept_url(invitation), NEWCOMER)
    assert response.status_code == 410
    assert "Cette invitation a été annulée par la coordination." in response.content.decode()
    assert not User.objects.filter(email="nadia@caf.test").exists()
    assert AuditEntry.objects.filter(action="invitation.revoke").count() == 1


def test_a_tampered_link_is_refused(client, scene):
    invitation = _invite(scene)
    token = services.invitation_token(invitation)
    response = client.get(reverse("accounts:invitation_accept", args=[token[:-2] + "xx"]))
    assert response.status_code == 410
    assert "Ce lien d’invitation n’est pas valide." in response.content.decode()
    # A valid signature with another invitation's nonce names no invitation.
    forged = signing.dumps(
        {"i": invitation.pk, "n": "autre"}, salt="maillage.accounts.invitation", compress=True
    )
    assert client.get(reverse("accounts:invitation_accept", args=[forged])).status_code == 410


def test_weak_password_is_refused_in_french_and_nothing_saved(client, scene):
    invitation = _invite(scene)
    response = client.post(
        _accept_url(invitation), {**NEWCOMER, "password1": "123", "password2": "123"}
    )
    assert response.status_code == 400
    assert "Ce mot de passe est trop court." in response.content.decode()
    response = client.post(_accept_url(invitation), {**NEWCOMER, "password2": "autre-chose-encore"})
    assert response.status_code == 400
    assert "Les deux mots de passe ne correspondent pas." in response.content.decode()
    assert not User.objects.filter(email="nadia@caf.test").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_existing_account_signs_in_then_accepts(client, scene):
    existing = UserFactory(email="nadia@caf.test", full_name="Nadia Existante")
    invitation = _invite(scene)
    url = _accept_url(invitation)
    page = client.get(url).content.decode()
    assert "Se connecter pour accepter" in page and "Créer mon compte" not in page
    # Posting a new account for that address does not replace it.
    client.post(url, NEWCOMER)
    existing.refresh_from_db()
    assert existing.full_name == "Nadia Existante" and not existing.memberships.exists()
    response = sign_in(client, "nadia@caf.test", PASSWORD, next=url)
    assert response["Location"] == url
    assert "Accepter l’invitation" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert existing.memberships.get().organisation == scene["caf"]


def test_someone_else_signed_in_cannot_accept(client_for, scene):
    invitation = _invite(scene)
    client = client_for(scene["partner"])
    page = client.get(_accept_url(invitation)).content.decode()
    assert "Cette invitation ne vous est pas adressée" in page
    client.post(_accept_url(invitation))
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert scene["partner"].memberships.count() == 1


def test_an_unconfirmed_resident_completes_their_account_by_invitation(client, scene):
    services.sign_up_resident(
        email="nadia@caf.test", full_name="N", password=NEW_PASSWORD, territory=scene["territory"]
    )
    invitation = _invite(scene)
    assert "Créer mon compte" in client.get(_accept_url(invitation)).content.decode()
    assert client.post(_accept_url(invitation), NEWCOMER).status_code == 302
    user = User.objects.get(email="nadia@caf.test")
    assert user.is_active and user.full_name == "Nadia Nouvelle"
    assert User.objects.filter(email="nadia@caf.test").count() == 1


def test_revoking_an_accepted_invitation_is_refused(client_for, scene, client):
    invitation = _invite(scene)
    client.post(_accept_url(invitation), NEWCOMER)
    coordinator = client_for(scene["coordinator"])
    response = coordinator.post(
        reverse("accounts:invitation_revoke", args=["clichy", invitation.pk]), follow=True
    )
    assert "Une invitation acceptée ne peut plus être annulée." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_invitation_of_another_territory_cannot_be_revoked_from_here(client_for, scene):
    other = TerritoryFactory()
    org = OrganisationFactory(partner_of=[other])
    invitation = services.invite(
        actor=None,
        territory=other,
        email="z@z.test",
        role=Role.PARTNER,
        organisation=org,
        send_email=False,
    )
    response = client_for(scene["coordinator"]).post(
        reverse("accounts:invitation_revoke", args=["clichy", invitation.pk])
    )
    assert response.status_code == 404


def test_invitation_sending_is_rate_limited(
    client_for, scene, settings, django_capture_on_commit_callbacks
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "invitation": (3, 5, 3600)}
    client = client_for(scene["coordinator"])
    url = reverse("accounts:invitations", args=["clichy"])

    def invite(email: str, role: str = "partner") -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                url, {"email": email, "role": role, "organisation": scene["caf"].pk}
            ).status_code

    # The same address, again and again (each time in another role, so each is valid).
    assert [invite("nadia@caf.test", r) for r in ("partner", "elected", "coordinator")] == [302] * 3
    assert invite("nadia@caf.test", "partner") == 429
    # The same coordinator, to many addresses.
    assert invite("sami@caf.test") == 302
    refused = invite("lea@caf.test")
    assert refused == 429
    assert len(mail.outbox) == 4
    assert Invitation.objects.count() == 4
