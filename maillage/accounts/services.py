"""Every write on accounts: invitations, sign-up, e-mail verification, profile, MFA,
deactivation. Each runs in one transaction and writes one audit entry."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.accounts import tokens
from maillage.accounts.models import Invitation, User
from maillage.core import access, audit, queue
from maillage.core.roles import Role
from maillage.territories import services as territory_services
from maillage.territories.models import Organisation, Partnership, Territory


class InvitationError(Exception):
    """An invitation link that cannot be used; the message is for the person."""


def _send(**kwargs: Any) -> None:
    queue.enqueue_on_commit("accounts.send_templated_email", **kwargs)


# --------------------------------------------------------------------------- invitations


@transaction.atomic
def invite(
    *,
    actor: Any,
    territory: Territory,
    email: str,
    role: str,
    organisation: Organisation | None = None,
    full_name: str = "",
    job_title: str = "",
    send_email: bool = True,
) -> Invitation:
    email = User.objects.normalize_email(email).strip().lower()
    errors: dict[str, str] = {}
    if role in (Role.COORDINATOR, Role.PARTNER) and organisation is None:
        errors["organisation"] = _("Choisissez l’organisation de la personne invitée.")
    if role == Role.RESIDENT:
        errors["role"] = _("Les habitants créent eux-mêmes leur compte.")
    if (
        organisation is not None
        and not Partnership.objects.filter(territory=territory, organisation=organisation).exists()
    ):
        errors["organisation"] = _("Cette organisation n’est pas partenaire de ce territoire.")
    existing = User.objects.filter(email__iexact=email).first()
    if (
        existing
        and existing.memberships.active()
        .filter(territory=territory, role=role, organisation=organisation)
        .exists()
    ):
        errors["email"] = _("Cette personne a déjà ce rôle dans ce territoire.")
    if (
        Invitation.objects.pending()
        .filter(email__iexact=email, territory=territory, role=role, organisation=organisation)
        .exists()
    ):
        errors["email"] = _("Une invitation est déjà en attente pour cette personne.")
    invitation = Invitation(
        email=email,
        full_name=full_name,
        territory=territory,
        organisation=organisation,
        role=role,
        job_title=job_title,
        invited_by=actor,
        expires_at=timezone.now() + tokens.invitation_max_age(),
    )
    try:
        invitation.full_clean()
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages[0])
    if errors:
        raise ValidationError(errors)
    invitation.save()
    audit.record(
        actor=actor,
        action="invitation.create",
        obj=invitation,
        territory=territory,
        changes={
            "email": [None, email],
            "role": [None, role],
            "organisation": [None, organisation.pk if organisation else None],
        },
    )
    if not send_email:
        return invitation
    _send(
        to=email,
        subject=_("Invitation à rejoindre le projet social de territoire de %s") % territory.name,
        template="accounts/emails/invitation.txt",
        context={
            "territory": territory.name,
            "organisation": organisation.name if organisation else "",
            "role": invitation.get_role_display(),
            "inviter": actor.full_name if actor else "",
            "link": reverse("accounts:invitation_accept", args=[invitation_token(invitation)]),
            "days": settings.INVITATION_VALIDITY_DAYS,
        },
    )
    return invitation


def verified_account_exists(email: str) -> bool:
    """An account someone has proven to own (by an invitation or a confirmation link)."""
    return User.objects.filter(email__iexact=email, email_verified_at__isnull=False).exists()


def invitation_token(invitation: Invitation) -> str:
    return tokens.make({"i": invitation.pk, "n": invitation.nonce}, tokens.INVITATION_SALT)


def resolve_invitation(token: str) -> Invitation:
    """The invitation behind a link, or InvitationError saying why it cannot be used."""
    try:
        payload = tokens.read(token, tokens.INVITATION_SALT, tokens.invitation_max_age())
    except signing.SignatureExpired as exc:
        raise InvitationError(
            _("Ce lien d’invitation a expiré. Demandez une nouvelle invitation à la coordination.")
        ) from exc
    except signing.BadSignature as exc:
        raise InvitationError(
            _("Ce lien d’invitation n’est pas valide. Vérifiez qu’il a été copié en entier.")
        ) from exc
    invitation = (
        Invitation.objects.select_related("territory", "organisation")
        .filter(pk=int(payload.get("i") or 0), nonce=str(payload.get("n")))
        .first()
    )
    if invitation is None:
        raise InvitationError(_("Ce lien d’invitation n’est pas valide."))
    if invitation.accepted_at is not None:
        raise InvitationError(
            _(
                "Cette invitation a déjà été utilisée. Connectez-vous avec votre adresse électronique."
            )
        )
    if invitation.revoked_at is not None:
        raise InvitationError(_("Cette invitation a été annulée par la coordination."))
    if invitation.expires_at <= timezone.now():
        raise InvitationError(
            _("Ce lien d’invitation a expiré. Demandez une nouvelle invitation à la coordination.")
        )
    return invitation


@transaction.atomic
def accept_invitation(
    *,
    invitation: Invitation,
    user: User | None = None,
    full_name: str = "",
    password: str = "",
    phone: str = "",
) -> User:
    """Accept once: creates the account when needed, then the membership.

    ``user`` is the signed-in person when they already have an account; otherwise a new
    account is created for the invited address with ``full_name`` and ``password``."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise InvitationError(_("Cette invitation a déjà été utilisée."))
    if invitation.expires_at <= timezone.now():
        raise InvitationError(_("Ce lien d’invitation a expiré."))
    if user is None:
        if verified_account_exists(invitation.email):
            raise InvitationError(
                _("Un compte existe déjà pour cette adresse : connectez-vous pour accepter.")
            )
        # A resident who signed up but never confirmed their address: the invitation link,
        # received at that address, confirms it; the account is theirs to complete.
        user = User.objects.filter(email__iexact=invitation.email).first() or User(
            email=invitation.email
        )
        created = user.pk is None
        user.full_name = full_name.strip()
        user.phone = phone.strip()
        user.is_active = True
        user.email_verified_at = timezone.now()
        password_validation.validate_password(password, user)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        audit.record(
            actor=user,
            action="user.create" if created else "user.verify_email",
            obj=user,
            territory=invitation.territory,
            changes={"email": [None, user.email]} if created else {"is_active": [False, True]},
        )
    elif user.email.lower() != invitation.email.lower():
        raise InvitationError(
            _("Cette invitation a été envoyée à %(email)s : connectez-vous avec cette adresse.")
            % {"email": invitation.email}
        )
    territory_services.add_membership(
        actor=user,
        user=user,
        territory=invitation.territory,
        organisation=invitation.organisation,
        role=invitation.role,
        job_title=invitation.job_title,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        actor=user,
        action="invitation.accept",
        obj=invitation,
        territory=invitation.territory,
        changes={"accepted_at": [None, invitation.accepted_at.isoformat()]},
    )
    user.current_territory = invitation.territory
    user.save(update_fields=["current_territory"])
    return user


@transaction.atomic
def revoke_invitation(*, actor: Any, invitation: Invitation) -> Invitation:
    if invitation.accepted_at is not None:
        raise ValidationError(_("Une invitation acceptée ne peut plus être annulée."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        action="invitation.revoke",
        obj=invitation,
        territory=invitation.territory,
        changes={"revoked_at": [None, invitation.revoked_at.isoformat()]},
    )
    return invitation


# --------------------------------------------------------------------------- residents


@transaction.atomic
def sign_up_resident(
    *,
    email: str,
    full_name: str,
    password: str,
    territory: Territory,
    language: str = "fr",
    send_email: bool = True,
) -> User:
    """A resident creates an account; it stays inactive until the e-mail is verified.

    Signing up again with an address that was never confirmed starts over (new name,
    password and link): the earlier links stop working, since each one is bound to the
    password it was sent with."""
    email = User.objects.normalize_email(email).strip().lower()
    if territory.kind == Territory.Kind.DEPARTEMENT or not access.can(None, "view", territory):
        raise ValidationError({"territory": _("Choisissez la commune où vous habitez.")})
    if verified_account_exists(email):
        raise ValidationError(
            {
                "email": _(
                    "Un compte existe déjà pour cette adresse : connectez-vous, ou choisissez "
                    "« Mot de passe oublié ? » sur la page de connexion."
                )
            }
        )
    user = User.objects.filter(email__iexact=email).first() or User(email=email)
    again = user.pk is not None
    user.full_name = full_name.strip()
    user.is_active = False
    user.preferred_language = language
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(
        actor=None,
        action="user.signup_again" if again else "user.signup",
        obj=user,
        territory=territory,
        changes={"email": [None, email]},
    )
    if not send_email:
        return user
    token = verification_token(user, territory)
    _send(
        to=email,
        subject=_("Confirmez votre adresse électronique"),
        template="accounts/emails/verify_email.txt",
        context={
            "name": user.full_name,
            "territory": territory.name,
            "link": reverse("accounts:verify_email", args=[token]),
            "days": settings.EMAIL_VERIFICATION_VALIDITY_DAYS,
        },
        language=language,
    )
    return user


def verification_token(user: User, territory: Territory) -> str:
    return tokens.make(
        {"u": user.pk, "t": territory.pk, "e": user.email, "p": tokens.password_stamp(user)},
        tokens.VERIFICATION_SALT,
    )


@transaction.atomic
def verify_email(*, token: str) -> User:
    try:
        payload = tokens.read(token, tokens.VERIFICATION_SALT, tokens.verification_max_age())
    except signing.SignatureExpired as exc:
        raise InvitationError(_("Ce lien a expiré : inscrivez-vous de nouveau.")) from exc
    except signing.BadSignature as exc:
        raise InvitationError(_("Ce lien de confirmation n’est pas valide.")) from exc
    user = User.objects.select_for_update().filter(pk=int(payload.get("u") or 0)).first()
    territory = Territory.objects.filter(pk=int(payload.get("t") or 0)).first()
    if user is None or territory is None or user.email != payload.get("e"):
        raise InvitationError(_("Ce lien de confirmation n’est pas valide."))
    if user.email_verified_at is not None:
        raise InvitationError(_("Votre adresse est déjà confirmée : connectez-vous."))
    if payload.get("p") != tokens.password_stamp(user):
        raise InvitationError(
            _(
                "Ce lien a été remplacé par un plus récent : utilisez le dernier courriel "
                "reçu, ou inscrivez-vous de nouveau."
            )
        )
    user.is_active = True
    user.email_verified_at = timezone.now()
    user.current_territory = territory
    user.save(update_fields=["is_active", "email_verified_at", "current_territory"])
    territory_services.add_membership(
        actor=user, user=user, territory=territory, role=Role.RESIDENT
    )
    audit.record(
        actor=user,
        action="user.verify_email",
        obj=user,
        territory=territory,
        changes={"email_verified_at": [None, user.email_verified_at.isoformat()]},
    )
    return user


# --------------------------------------------------------------------------- profile


PROFILE_FIELDS = ("full_name", "phone", "preferred_language")


@transaction.atomic
def update_profile(*, actor: User, user: User, **fields: Any) -> User:
    before = audit.snapshot(user, PROFILE_FIELDS)
    for name in PROFILE_FIELDS:
        if name in fields:
            setattr(user, name, fields[name])
    user.full_clean(exclude=["password"])
    user.save(update_fields=[*PROFILE_FIELDS])
    changes = audit.diff(before, audit.snapshot(user, PROFILE_FIELDS))
    if changes:
        audit.record(actor=actor, action="user.update", obj=user, changes=changes)
    return user


def record_password_reset(*, user: User) -> None:
    audit.record(
        actor=user, action="user.password_reset", obj=user, changes={"password": ["•••", "•••"]}
    )


@transaction.atomic
def deactivate_user(*, actor: Any, user: User) -> User:
    """Ends every session and token at once: the authentication backends refuse inactive
    users on each request, and the API refuses their tokens."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit.record(
        actor=actor, action="user.deactivate", obj=user, changes={"is_active": [True, False]}
    )
    access.forget_actor(user)
    return user


@transaction.atomic
def delete_own_account(*, user: User, password: str | None = None, code: str | None = None) -> None:
    """A person deletes their own account (RGPD, right to erasure). They prove it is them
    with their password when the account has one, and with their second factor when it has
    one. What they wrote for others stays, without its author: every capability's foreign
    keys to the account are ``SET_NULL`` (their contributions keep their first name or
    pseudonym, their supports keep counting without a person)."""
    errors: dict[str, str] = {}
    if user.has_usable_password() and not (password and user.check_password(password)):
        errors["password"] = _("Ce mot de passe n’est pas le bon.")
    if confirmed_totp(user) is not None and (
        not code or match_token(user, code.replace(" ", "")) is None
    ):
        errors["code"] = _("Ce code n’est pas valide ou a déjà servi.")
    if errors:
        raise ValidationError(errors)
    # The audit entry outlives the account: it keeps its number, not its name or address.
    user.full_name = f"#{user.pk}"
    audit.record(
        actor=None,
        action="user.delete",
        obj=user,
        changes={"account": ["•••", None]},
    )
    access.forget_actor(user)
    user.delete()


# --------------------------------------------------------------------------- MFA


def confirmed_totp(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


@transaction.atomic
def start_totp(*, user: User) -> TOTPDevice:
    """An unconfirmed device whose secret the person scans; replaced on each attempt."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(
        user=user, name=_("Application d’authentification"), confirmed=False
    )


@transaction.atomic
def confirm_totp(*, user: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirms the device when ``code`` matches; returns ten single-use backup codes."""
    if not device.verify_token(code.replace(" ", "")):
        raise ValidationError(
            {
                "code": _(
                    "Ce code ne correspond pas. Vérifiez l’heure de votre téléphone et réessayez."
                )
            }
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_backup_codes(user)
    audit.record(actor=user, action="user.mfa_enable", obj=user, changes={"mfa": [False, True]})
    return codes


@transaction.atomic
def regenerate_backup_codes(*, user: User) -> list[str]:
    """Ten new single-use codes; the previous ones stop working."""
    codes = _new_backup_codes(user)
    audit.record(
        actor=user, action="user.mfa_backup_codes", obj=user, changes={"backup_codes": [10, 10]}
    )
    return codes


def _new_backup_codes(user: User, count: int = 10) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="backup", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def set_preferred_language(*, user: User, language: str) -> User:
    """The language chosen with the switcher, kept with the account (the cookie keeps it
    on this device; the account on the next one). Not audited: it is a display setting."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError({"language": _("Cette langue n’est pas proposée.")})
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return user
