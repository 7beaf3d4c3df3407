"""Access rows for sign-in, sign-up, invitations, profile and MFA pages."""

from django.utils import timezone

from maillage.accounts.models import Invitation
from maillage.accounts.services import invitation_token, verification_token
from maillage.core.roles import Role
from tests.access.table import Url
from tests.access.world import ACTORS
from tests.factories import UserFactory


def _pending_invitation(world):  # type: ignore[no-untyped-def]
    return Invitation.objects.create(
        email="invitee@essai.test",
        territory=world.territory,
        organisation=world.org_member,
        role=Role.PARTNER,
        expires_at=timezone.now() + timezone.timedelta(days=3),
    )


def _unverified_signup(world):  # type: ignore[no-untyped-def]
    """A resident who signed up and has not confirmed their address yet (made inside the
    call's savepoint, so each actor confirms a fresh one)."""
    return UserFactory(email="nouvelle@essai.test", email_verified_at=None)


# Whoever is already signed in is sent on from the sign-in and sign-up pages.
SIGNED_IN_MOVE_ON = {actor: frozenset({302}) for actor in ACTORS if actor != "anonymous"}
# A second factor is verified on /compte/verification/ by those who have one
# (coordinators, also of another territory, and admins); the others are sent to set one up, which is the page's answer.
WITH_DEVICE = {actor: frozenset({200}) for actor in ("coordinator", "foreign", "admin")}


def _pending_request(world):  # type: ignore[no-untyped-def]
    from maillage.accounts.models import OrganisationRequest

    return OrganisationRequest.objects.create(
        user=world.user("resident"),
        organisation=world.org_member,
        territory=world.territory,
        siret="00000000000000",
    )


SUBJECTS: dict = {}

TABLE: dict = {}

URLS = {
    "accounts:login": Url("platform", "view", ok_for=SIGNED_IN_MOVE_ON),
    # Signing out ends a session: no audit entry.
    "accounts:logout": Url("platform", "view", method="post", ok=frozenset({302}), writes=False),
    # The language switcher: a cookie, and the account's preference (not audited).
    "accounts:set_language": Url(
        "platform",
        "view",
        method="post",
        data=lambda w, o: {"language": "en", "next": "/"},
        ok=frozenset({302}),
        writes=False,
    ),
    "accounts:password_reset": Url("platform", "view"),
    "accounts:password_reset_done": Url("platform", "view"),
    "accounts:password_reset_confirm": Url(
        "platform", "view", kwargs=lambda w, o: {"uidb64": "MQ", "token": "invalide"}
    ),
    "accounts:password_reset_complete": Url("platform", "view"),
    "accounts:signup": Url("platform", "view", ok_for=SIGNED_IN_MOVE_ON),
    "accounts:signup_done": Url("platform", "view"),
    "accounts:verify_email": Url(
        "platform",
        "view",
        kwargs=lambda w, o: {"token": verification_token(_unverified_signup(w), w.territory)},
        ok=frozenset({302}),
        location=r"^/territoires/commune-essai/|^/$",
    ),
    "accounts:invitation_accept": Url(
        "platform", "view", kwargs=lambda w, o: {"token": invitation_token(_pending_invitation(w))}
    ),
    "accounts:profile": Url("platform", "use_account"),
    "accounts:password_change": Url("platform", "use_account"),
    "accounts:personal_data": Url("platform", "use_account"),
    # The confirmation page; the deletion itself (POST) is tested in test_delete_account.py.
    "accounts:delete_account": Url("platform", "use_account"),
    "accounts:mfa_setup": Url("platform", "use_account"),
    "accounts:mfa_verify": Url(
        "platform",
        "use_account",
        ok=frozenset({302}),
        location=r"^/compte/securite/",
        ok_for=WITH_DEVICE,
    ),
    "accounts:mfa_backup_codes": Url("platform", "use_account", method="post"),
    "accounts:invitations": Url(
        "territory", "invite", kwargs=lambda w, o: {"territory_slug": w.territory.slug}
    ),
    # ProConnect is not configured in the test settings: its pages answer 404, and the
    # sign-out return without a state 400 (tests/accounts/test_proconnect.py runs them).
    "accounts:proconnect_start": Url("platform", "view", ok=frozenset({404})),
    "accounts:proconnect_callback": Url("platform", "view", ok=frozenset({404})),
    "accounts:proconnect_logout_return": Url("platform", "view", ok=frozenset({400})),
    "accounts:organisation_requests": Url(
        "territory", "invite", kwargs=lambda w, o: {"territory_slug": w.territory.slug}
    ),
    "accounts:organisation_request_decide": Url(
        "territory",
        "invite",
        method="post",
        ok=frozenset({302}),
        data=lambda w, o: {"decision": "refuse"},
        kwargs=lambda w, o: {"territory_slug": w.territory.slug, "pk": _pending_request(w).pk},
    ),
    "accounts:invitation_revoke": Url(
        "territory",
        "invite",
        method="post",
        ok=frozenset({302}),
        kwargs=lambda w, o: {"territory_slug": w.territory.slug, "pk": _pending_invitation(w).pk},
    ),
}
