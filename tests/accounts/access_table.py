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
    "accounts:invitation_revoke": Url(
        "territory",
        "invite",
        method="post",
        ok=frozenset({302}),
        kwargs=lambda w, o: {"territory": w.territory.slug, "pk": _pending_invitation(w).pk},
    ),
}
