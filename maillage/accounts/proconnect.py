"""ProConnect (OpenID Connect) sign-in for public agents, with mozilla-django-oidc.

mozilla-django-oidc exchanges the code, fetches the JWKS and checks the ID token's RS256
signature, expiry and nonce. What ProConnect adds, and this module does:

- the endpoints come from the provider's discovery document (``PROCONNECT_DOMAIN``);
- the ID token's issuer and audience are checked too;
- the userinfo answer must be a JWT signed by the provider's keys (ProConnect answers
  ``application/jwt``): a plain JSON answer is refused;
- the account is found by ``sub`` + ``idp_id``, else by e-mail (audited), else created;
- an ``acr`` from ``PROCONNECT_MFA_ACR_VALUES`` stands for the second factor.

Every refusal raises :class:`ProConnectRefused` with a French reason the callback view
shows (docs/identity.md)."""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from maillage.accounts import proconnect_services
from maillage.accounts.proconnect_services import ProConnectRefused

LOGGER = logging.getLogger(__name__)
SCOPES = "openid email given_name usual_name siret idp_id uid"
DISCOVERY_CACHE_SECONDS = 3600
# Session keys. SESSION_ACR_MFA: the acr attested a second factor (read by
# accounts.middleware.ProConnectSecondFactorMiddleware).
SESSION_ACR_MFA = "proconnect_acr_mfa"
SESSION_ID_TOKEN = "oidc_id_token"  # noqa: S105  # a session key, not a secret
SESSION_STATE = "proconnect_state"
SESSION_NONCE = "proconnect_nonce"
SESSION_NEXT = "proconnect_next"
SESSION_LOGOUT_STATE = "proconnect_logout_state"


def is_configured() -> bool:
    return bool(
        getattr(settings, "PROCONNECT_DOMAIN", "")
        and getattr(settings, "PROCONNECT_CLIENT_ID", "")
        and getattr(settings, "PROCONNECT_CLIENT_SECRET", "")
    )


def issuer_base() -> str:
    domain = settings.PROCONNECT_DOMAIN.rstrip("/")
    return domain if domain.startswith(("https://", "http://")) else f"https://{domain}"


def discovery() -> dict[str, Any]:
    """The provider's configuration, fetched once an hour."""
    url = f"{issuer_base()}/.well-known/openid-configuration"
    key = f"proconnect-discovery:{url}"
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(url, timeout=settings.PROCONNECT_TIMEOUT)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            LOGGER.warning("ProConnect discovery failed: %s", exc)
            raise ProConnectRefused(
                _("ProConnect ne répond pas pour le moment. Réessayez dans quelques minutes.")
            ) from exc
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def mfa_acr_values() -> set[str]:
    return set(settings.PROCONNECT_MFA_ACR_VALUES)


class ProConnectBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, configured from discovery, with ProConnect's rules."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The parent reads the endpoints from settings: they come from discovery here, and
        # only when a ProConnect sign-in actually happens.
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()
        self.OIDC_RP_SIGN_ALGO = "RS256"
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.OIDC_RP_CLIENT_ID = getattr(settings, "PROCONNECT_CLIENT_ID", "")
        self.OIDC_RP_CLIENT_SECRET = getattr(settings, "PROCONNECT_CLIENT_SECRET", "")

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        values = {
            "OIDC_AUTHENTICATION_CALLBACK_URL": "accounts:proconnect_callback",
            "OIDC_USE_NONCE": True,
            "OIDC_VERIFY_KID": True,
            "OIDC_STORE_ID_TOKEN": True,
            "OIDC_STORE_ACCESS_TOKEN": False,
            "OIDC_TIMEOUT": getattr(settings, "PROCONNECT_TIMEOUT", 10),
            "OIDC_VERIFY_SSL": True,
            "OIDC_ALLOW_UNSECURED_JWT": False,
            "OIDC_TOKEN_USE_BASIC_AUTH": False,
            "OIDC_CREATE_USER": True,
        }
        if attr in values:
            return values[attr]
        if args:
            return args[0]
        raise AttributeError(attr)

    def authenticate(self, request: Any, **kwargs: Any) -> Any:
        if request is None or "proconnect" not in kwargs:
            # Django's authenticate() asks every backend: only the callback view calls this
            # one with ProConnect's code.
            return None
        kwargs.pop("proconnect")
        document = discovery()
        self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = document["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
        self.issuer = document.get("issuer", issuer_base())
        self.id_token_payload: dict[str, Any] = {}
        try:
            return super().authenticate(request, **kwargs)
        except ProConnectRefused:
            raise
        except jwt.ExpiredSignatureError as exc:
            raise ProConnectRefused(
                _("Le jeton d’identité de ProConnect a expiré : reconnectez-vous.")
            ) from exc
        except (SuspiciousOperation, jwt.PyJWTError) as exc:
            LOGGER.warning("ProConnect token refused: %s", exc)
            if "Nonce" in str(exc):
                raise ProConnectRefused(
                    _(
                        "La réponse de ProConnect ne correspond pas à cette demande de "
                        "connexion (nonce différent). Reconnectez-vous."
                    )
                ) from exc
            raise ProConnectRefused(
                _(
                    "La signature, l’émetteur ou le destinataire du jeton d’identité de "
                    "ProConnect n’ont pas pu être vérifiés : la connexion est refusée."
                )
            ) from exc
        except requests.RequestException as exc:
            LOGGER.warning("ProConnect exchange failed: %s", exc)
            raise ProConnectRefused(
                _("ProConnect n’a pas pu confirmer la connexion. Réessayez dans un instant.")
            ) from exc

    def get_user(self, user_id: Any) -> Any:
        """As Django's ModelBackend: a deactivated account's sessions end at once."""
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def _verify_jws(self, payload: Any, key: Any) -> Any:
        """The parent checks signature and expiry; ProConnect's issuer and our client id
        must match as well."""
        claims = super()._verify_jws(payload, key)
        if claims.get("iss") != self.issuer or self.OIDC_RP_CLIENT_ID not in _audiences(
            claims.get("aud")
        ):
            raise SuspiciousOperation("issuer or audience mismatch")
        return claims

    def verify_token(self, token: Any, **kwargs: Any) -> Any:
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:
            # The ID token (the userinfo JWT has no nonce): kept for acr and logout.
            self.id_token_payload = payload
        return payload

    def get_userinfo(self, access_token: Any, id_token: Any, payload: Any) -> Any:
        response = requests.get(
            self.OIDC_OP_USER_ENDPOINT,
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=self.get_settings("OIDC_TIMEOUT"),
        )
        response.raise_for_status()
        if not response.headers.get("content-type", "").lower().startswith("application/jwt"):
            raise ProConnectRefused(
                _(
                    "ProConnect a répondu avec des informations non signées : par sécurité, "
                    "la connexion est refusée."
                )
            )
        return self.verify_token(response.text)

    def verify_claims(self, claims: Any) -> bool:
        missing = [name for name in ("sub", "email", "idp_id") if not claims.get(name)]
        if missing:
            raise ProConnectRefused(
                _("ProConnect n’a pas transmis %(claims)s : la connexion est impossible.")
                % {"claims": ", ".join(missing)}
            )
        return True

    def get_or_create_user(self, access_token: Any, id_token: Any, payload: Any) -> Any:
        try:
            claims = self.get_userinfo(access_token, id_token, payload)
        except (SuspiciousOperation, jwt.PyJWTError) as exc:
            LOGGER.warning("ProConnect userinfo refused: %s", exc)
            raise ProConnectRefused(
                _(
                    "La signature des informations transmises par ProConnect n’a pas pu être "
                    "vérifiée : la connexion est refusée."
                )
            ) from exc
        self.verify_claims(claims)
        if claims.get("sub") != payload.get("sub"):
            raise ProConnectRefused(
                _("Les informations de ProConnect ne concernent pas la personne connectée.")
            )
        acr = str(self.id_token_payload.get("acr", "") or "")
        self.acr_is_second_factor = acr in mfa_acr_values()
        self.claims = claims
        return proconnect_services.sign_in(claims=claims, acr=acr)


def _audiences(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])
