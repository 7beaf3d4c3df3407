"""Two ways in: a personal token (``Authorization: Bearer mlg_…``) for integrations, and
the browser session (with its CSRF check on writes) for the pages' own calls. Anonymous
callers get what the public sees."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from maillage.api import services


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        try:
            api_token = services.authenticate(token)
        except services.TokenRefused as exc:
            raise HttpError(401, exc.message) from exc
        if api_token is None:
            return None
        if not api_token.allows(request.method or "GET"):
            raise HttpError(
                403,
                _(
                    "Ce jeton est en lecture seule : créez un jeton « Lecture et écriture » "
                    "pour modifier des données."
                ),
            )
        request.user = api_token.user
        return api_token.user


class SessionAuth(NinjaSessionAuth):
    """Django's session, with the CSRF check for unsafe methods, said in French."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if self.param_name not in request.COOKIES:
            # No session: nothing to protect from cross-site forgery, and the caller is told
            # it must authenticate (401) rather than that a CSRF token is missing.
            return None
        try:
            return super()._get_key(request)
        except HttpError as exc:
            raise HttpError(
                403,
                _(
                    "Vérification CSRF échouée : envoyez l’en-tête X-CSRFToken avec la valeur "
                    "du cookie csrftoken, ou utilisez un jeton d’API."
                ),
            ) from exc


class Anonymous:
    """Lets unauthenticated calls through as the anonymous user (read-only, public data).
    Declared last so that a bad token is still reported as 401 by TokenAuth first."""

    def __call__(self, request: HttpRequest) -> Any:
        if request.headers.get("Authorization"):
            return None
        request.user = AnonymousUser()
        return request.user


token_auth = TokenAuth()
session_auth = SessionAuth()
anonymous = Anonymous()

READ_AUTH: list[Callable[..., Any]] = [token_auth, session_auth, anonymous]
WRITE_AUTH: list[Callable[..., Any]] = [token_auth, session_auth]
