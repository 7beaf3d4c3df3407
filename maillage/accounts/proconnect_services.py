"""Writes of the ProConnect sign-in: the account matched or created, the identity linked,
the organisation proposed from the SIRET and a coordinator's decision on it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.models import OrganisationRequest, ProConnectIdentity, User
from maillage.core import audit
from maillage.core.roles import Role
from maillage.territories.models import Membership, Organisation


class ProConnectRefused(Exception):
    """A sign-in refused: ``reason`` is shown to the person, in French. Defined here, below
    the OIDC backend (proconnect.py) that raises it too, so the two never import each other."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _refused(reason: str) -> Exception:
    return ProConnectRefused(reason)


def _full_name(claims: dict[str, Any]) -> str:
    return " ".join(
        part for part in (claims.get("given_name", ""), claims.get("usual_name", "")) if part
    ).strip()[:150]


@transaction.atomic
def sign_in(*, claims: dict[str, Any], acr: str = "") -> User:
    """The account of the person ProConnect vouches for: found by ``sub`` + ``idp_id``,
    else by e-mail (recorded in the audit log), else created. Organisations whose SIREN
    matches the SIRET are proposed to their territories' coordinators: no role is given."""
    email = User.objects.normalize_email(str(claims["email"])).lower()
    sub, idp_id = str(claims["sub"]), str(claims["idp_id"])
    siret = "".join(ch for ch in str(claims.get("siret") or "") if ch.isdigit())[:14]
    identity = (
        ProConnectIdentity.objects.select_related("user").filter(sub=sub, idp_id=idp_id).first()
    )
    user: User | None
    if identity is not None:
        user = identity.user
        if user.email != email:
            _follow_email_change(user, email)
    else:
        user = User.objects.filter(email__iexact=email).first()
        matched_by = "email" if user is not None else "new_account"
        if user is None:
            user = User(email=email, full_name=_full_name(claims) or email)
            user.set_unusable_password()
            user.email_verified_at = timezone.now()
            user.full_clean()
            user.save()
            audit.record(
                actor=user,
                action="accounts.proconnect_create",
                obj=user,
                changes={"email": [None, email], "idp_id": [None, idp_id]},
            )
        identity = ProConnectIdentity.objects.create(user=user, sub=sub, idp_id=idp_id)
        audit.record(
            actor=user,
            action="accounts.proconnect_link",
            obj=identity,
            changes={
                "matched_by": [None, matched_by],
                "sub": [None, sub],
                "idp_id": [None, idp_id],
            },
        )
    if not user.is_active:
        raise _refused(_("Ce compte est désactivé : adressez-vous à la coordination."))
    identity.siret = siret
    identity.last_login_at = timezone.now()
    identity.save(update_fields=["siret", "last_login_at"])
    if siret:
        propose_organisations(user=user, siret=siret)
    return user


def _follow_email_change(user: User, email: str) -> None:
    """ProConnect's ``sub`` names the person: a new e-mail from their provider replaces the
    old one, unless another account already has it."""
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise _refused(
            _(
                "ProConnect indique l’adresse %(email)s, qui est déjà celle d’un autre compte "
                "Maillage : adressez-vous à la coordination pour réunir les deux comptes."
            )
            % {"email": email}
        )
    before = user.email
    user.email = email
    user.full_clean()
    user.save(update_fields=["email"])
    audit.record(
        actor=user,
        action="accounts.proconnect_email_change",
        obj=user,
        changes={"email": [before, email]},
    )


def organisations_for_siret(siret: str) -> list[Organisation]:
    """Organisations of the same legal unit (SIREN: the SIRET's first nine digits)."""
    if len(siret) < 9:
        return []
    return list(
        Organisation.objects.filter(siret__startswith=siret[:9]).prefetch_related("territories")
    )


def propose_organisations(*, user: User, siret: str) -> list[OrganisationRequest]:
    created = []
    for organisation in organisations_for_siret(siret):
        for territory in organisation.territories.all():
            already = Membership.objects.active().filter(
                user=user, territory=territory, organisation=organisation
            )
            pending = OrganisationRequest.objects.pending().filter(
                user=user, territory=territory, organisation=organisation
            )
            if already.exists() or pending.exists():
                continue
            request = OrganisationRequest.objects.create(
                user=user, organisation=organisation, territory=territory, siret=siret
            )
            audit.record(
                actor=user,
                action="accounts.organisation_request",
                obj=request,
                territory=territory,
                changes={"organisation": [None, organisation.name], "siret": [None, siret]},
            )
            created.append(request)
    return created


@transaction.atomic
def decide_organisation_request(
    *, actor: Any, request: OrganisationRequest, confirm: bool
) -> OrganisationRequest:
    """A coordinator confirms (the person becomes a partner of the territory for the
    organisation) or refuses."""
    from maillage.territories import services as territory_services

    request = OrganisationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != OrganisationRequest.Status.PENDING:
        raise ValidationError(_("Cette demande a déjà été traitée."))
    request.status = (
        OrganisationRequest.Status.CONFIRMED if confirm else OrganisationRequest.Status.REFUSED
    )
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.full_clean()
    request.save()
    audit.record(
        actor=actor,
        action="accounts.organisation_request_confirm"
        if confirm
        else "accounts.organisation_request_refuse",
        obj=request,
        territory=request.territory,
        changes={"status": [OrganisationRequest.Status.PENDING, request.status]},
    )
    if confirm:
        territory_services.add_membership(
            actor=actor,
            user=request.user,
            territory=request.territory,
            role=Role.PARTNER,
            organisation=request.organisation,
        )
    return request
