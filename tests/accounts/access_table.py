"""Access rows for sign-in, sign-up, invitations, profile and MFA pages."""

from django.utils import timezone

from maillage.accounts.models import Invitation
from maillage.accounts.services import invitation_token
from maillage.core.roles import Role
from tests.access.table import Url


def _pending_invitation(world):  # type: ignore[no-untyped-def]
    return Invitation.objects.create(
        email="invitee@essai.test",
        territory=world.territory,
        organisation=world.org_member,
        role=Role.PARTNER,
        expires_at=timezone.now() + timezone.timedelta(days=3),
    )


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
    "accounts:login": Url("platform", "view", ok=frozenset({200, 302})),
    "accounts:logout": Url("platform", "view", method="post", ok=frozenset({302})),
    "accounts:password_reset": Url("platform", "view"),
    "accounts:password_reset_done": Url("platform", "view"),
    "accounts:password_reset_confirm": Url(
        "platform", "view", kwargs=lambda w, o: {"uidb64": "MQ", "token": "invalide"}
    ),
    "accounts:password_reset_complete": Url("platform", "view"),
    "accounts:signup": Url("platform", "view", ok=frozenset({200, 302})),
    "accounts:signup_done": Url("platform", "view"),
    "accounts:verify_email": Url(
        "platform", "view", kwargs=lambda w, o: {"token": "invalide"}, ok=frozenset({410})
    ),
    "accounts:invitation_accept": Url(
        "platform", "view", kwargs=lambda w, o: {"token": invitation_token(_pending_invitation(w))}
    ),
    "accounts:profile": Url("platform", "use_account"),
    "accounts:password_change": Url("platform", "use_account"),
    "accounts:personal_data": Url("platform", "use_account"),
    "accounts:mfa_setup": Url("platform", "use_account"),
    "accounts:mfa_verify": Url("platform", "use_account", ok=frozenset({200, 302})),
    "accounts:mfa_backup_codes": Url("platform", "use_account", method="post"),
    "accounts:invitations": Url(
        "territory", "invite", kwargs=lambda w, o: {"territory": w.territory.slug}
    ),
    # ProConnect is not configured in the test settings: its pages answer 404, and the
    # sign-out return without a state 400 (tests/accounts/test_proconnect.py runs them).
    "accounts:proconnect_start": Url("platform", "view", ok=frozenset({404})),
    "accounts:proconnect_callback": Url("platform", "view", ok=frozenset({404})),
    "accounts:proconnect_logout_return": Url("platform", "view", ok=frozenset({400})),
    "accounts:organisation_requests": Url(
        "territory", "invite", kwargs=lambda w, o: {"territory": w.territory.slug}
    ),
    "accounts:organisation_request_decide": Url(
        "territory",
        "invite",
        method="post",
        ok=frozenset({302}),
        data=lambda w, o: {"decision": "refuse"},
        kwargs=lambda w, o: {"territory": w.territory.slug, "pk": _pending_request(w).pk},
    ),
    "accounts:invitation_revoke": Url(
        "territory",
        "invite",
        method="post",
        ok=frozenset({302}),
        kwargs=lambda w, o: {"territory": w.territory.slug, "pk": _pending_invitation(w).pk},
    ),
}
