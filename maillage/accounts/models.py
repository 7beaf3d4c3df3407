from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.core.roles import MFA_ROLES, Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("email_verified_at", timezone.now())
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("adresse électronique"), unique=True)
    full_name = models.CharField(_("nom complet"), max_length=150)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    is_active = models.BooleanField(
        _("actif"),
        default=True,
        help_text=_("Décocher met fin à toutes les sessions et jetons de cette personne."),
    )
    is_staff = models.BooleanField(_("accès à l’administration"), default=False)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)
    email_verified_at = models.DateTimeField(_("adresse vérifiée le"), null=True, blank=True)
    current_territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire courant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    preferred_language = models.CharField(
        _("langue"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["full_name"]
        indexes = [
            # The few deactivated accounts, so counting a territory's active members is an
            # anti-join on this small index instead of a scan of every user.
            models.Index(
                fields=["id"], condition=models.Q(is_active=False), name="user_inactive_idx"
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def requires_mfa(self) -> bool:
        """Coordinators and platform admins must use a second factor; so must anyone who
        chose to set one up, or it would protect nothing."""
        if self.is_superuser or self.is_staff:
            return True
        cached = getattr(self, "_requires_mfa", None)
        if cached is None:
            from django_otp.plugins.otp_totp.models import TOTPDevice

            cached = (
                self.memberships.active().filter(role__in=MFA_ROLES).exists()
                or TOTPDevice.objects.filter(user=self, confirmed=True).exists()
            )
            self._requires_mfa = cached
        return cached


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


def _nonce() -> str:
    return secrets.token_urlsafe(16)


class Invitation(models.Model):
    """A coordinator invites someone to join a territory in a role, for an organisation.

    The link carries a signed token naming the invitation and its nonce; the invitation
    expires, and accepting it once marks it used."""

    email = models.EmailField(_("adresse électronique"))
    full_name = models.CharField(_("nom complet"), max_length=150, blank=True)
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    role = models.CharField(_("rôle"), max_length=16, choices=Role.choices)
    job_title = models.CharField(_("fonction"), max_length=150, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invité par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
    )
    nonce = models.CharField(max_length=32, default=_nonce, editable=False)
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acceptée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.territory} ({self.get_role_display()})"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def status_label(self) -> Any:
        return {
            "accepted": _("Acceptée"),
            "revoked": _("Annulée"),
            "expired": _("Expirée"),
            "pending": _("En attente"),
        }[self.status]


class ProConnectIdentity(models.Model):
    """A ProConnect identity linked to an account: ProConnect's ``sub`` is unique per
    identity provider (``idp_id``), so the pair names a person; the e-mail may change."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="proconnect_identities",
    )
    sub = models.CharField(_("identifiant ProConnect (sub)"), max_length=255)
    idp_id = models.CharField(_("fournisseur d’identité (idp_id)"), max_length=255)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    created_at = models.DateTimeField(_("liée le"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("dernière connexion"), null=True, blank=True)

    class Meta:
        verbose_name = _("identité ProConnect")
        verbose_name_plural = _("identités ProConnect")
        constraints = [
            models.UniqueConstraint(fields=["sub", "idp_id"], name="proconnect_sub_idp_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.idp_id})"


class OrganisationRequestQuerySet(models.QuerySet["OrganisationRequest"]):
    def pending(self) -> OrganisationRequestQuerySet:
        return self.filter(status=OrganisationRequest.Status.PENDING)


class OrganisationRequest(models.Model):
    """An agent signed in with ProConnect whose SIRET matched a partner organisation: a
    coordinator of the territory confirms (a partner role is given) or refuses. Nothing
    is given before."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        CONFIRMED = "confirmed", _("Confirmée")
        REFUSED = "refused", _("Refusée")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="organisation_requests",
    )
    organisation = models.ForeignKey(
        "territories.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="organisation_requests",
    )
    siret = models.CharField(_("SIRET déclaré par ProConnect"), max_length=14)
    status = models.CharField(
        _("état"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("traitée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OrganisationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de rattachement")
        verbose_name_plural = _("demandes de rattachement")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "territory"],
                condition=models.Q(status="pending"),
                name="organisation_request_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation} ({self.territory})"
