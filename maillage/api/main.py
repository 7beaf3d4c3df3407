"""The JSON API under /api/v1/: one NinjaAPI, with a router from each capability's
``api.py`` mounted in the order of INSTALLED_APPS.

Every answer that is not a success has the same shape, in French:
``{"detail": "…", "errors": {"field": ["…"]}}`` (``errors`` only when fields are at fault)."""

import importlib
import logging
import math
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.openapi.schema import OpenAPISchema

from maillage.api import errors
from maillage.api.auth import READ_AUTH
from maillage.api.parser import NulSafeParser
from maillage.api.throttling import AnonymousRateThrottle, PersonRateThrottle
from maillage.core import resilience

logger = logging.getLogger("maillage.api")


class MaillageAPI(NinjaAPI):
    """The OpenAPI document is built once per path prefix: it depends only on the routes,
    all mounted at import (``_mount_routers`` below), and building it took about half a
    second on every request for ``/api/v1/openapi.json``."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schemas: dict[str, OpenAPISchema] = self.__dict__.setdefault("_openapi_schemas", {})
        if path_prefix not in schemas:
            schemas[path_prefix] = super().get_openapi_schema(path_prefix=path_prefix)
        return schemas[path_prefix]


api = MaillageAPI(
    title="Maillage",
    version="1",
    description=(
        "API du projet social de territoire. Les mêmes règles d’accès que les pages : "
        "un appel anonyme voit ce que le public voit ; un jeton personnel "
        "(`Authorization: Bearer mlg_…`, créé depuis « Mon compte ») voit ce que voit son "
        "propriétaire. Les listes sont paginées (`page` de 1 à 100 000, `page_size` de 1 à "
        "200 sauf mention contraire ; au-delà, 422) et répondent "
        '`{"items": […], "count": n}` ; les appels sont '
        "limités par personne (ou par adresse pour les appels anonymes) et la limite "
        "dépassée répond 429. Les erreurs ont toutes la forme "
        '`{"detail": "…", "errors": {"champ": ["…"]}}`.'
    ),
    urls_namespace="api-v1",
    parser=NulSafeParser(),
    auth=READ_AUTH,
    throttle=[AnonymousRateThrottle(), PersonRateThrottle()],
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _error(request: HttpRequest, status: int, detail: str, **extra: object) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("Introuvable."))


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, _("Action non autorisée."))


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(
        request, 401, _("Authentification requise, ou jeton invalide, expiré ou révoqué.")
    )


@api.exception_handler(DjangoValidationError)
def invalid_model(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        fields = {
            field: [str(m) for item in items for m in item.messages]
            for field, items in exc.error_dict.items()
        }
    else:
        fields = {"__all__": [str(m) for m in exc.messages]}
    return _error(
        request,
        422,
        _("Données invalides : vérifiez les champs indiqués. Rien n’a été enregistré."),
        errors=fields,
    )


@api.exception_handler(DataError)
def refused_by_database(request: HttpRequest, exc: DataError) -> HttpResponse:
    """A value the database cannot store (a NUL character in a text on PostgreSQL, a number
    out of range): invalid input. The service's transaction was rolled back."""
    return _error(
        request,
        422,
        _("Données invalides : vérifiez les champs indiqués. Rien n’a été enregistré."),
        errors={
            "__all__": [
                _("Une valeur ne peut pas être enregistrée (caractère nul ou nombre hors limites).")
            ]
        },
    )


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(
        request,
        422,
        _("Requête invalide : vérifiez les champs indiqués. Rien n’a été enregistré."),
        errors=errors.by_field(exc.errors),
    )


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    wait = math.ceil(exc.wait) if exc.wait else 60
    return _error(
        request,
        429,
        ngettext(
            "Trop de requêtes : réessayez dans %(seconds)s seconde.",
            "Trop de requêtes : réessayez dans %(seconds)s secondes.",
            wait,
        )
        % {"seconds": wait},
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, ValidationError):
        # Ninja wraps what the body parser raises (a NUL character, say) in a 400.
        return invalid_request(request, exc.__cause__)
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        # Ninja reports a body that is not JSON as 400; to the caller it is one more invalid
        # field, answered like the others.
        return _error(
            request,
            422,
            _("Requête invalide : vérifiez les champs indiqués. Rien n’a été enregistré."),
            errors={"__all__": [errors.translate({"type": "json_invalid"})]},
        )
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(DatabaseError)
def database_error(request: HttpRequest, exc: DatabaseError) -> HttpResponse:
    """The database unreachable: a JSON 503 with Retry-After (core/resilience.py)."""
    if resilience.database_unavailable(exc):
        logger.warning("Database unavailable on %s %s: %s", request.method, request.path, exc)
        return resilience.unavailable_response(request)
    return server_error(request, exc)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A bug: logged with its traceback like any server error, answered in JSON."""
    logger.error(
        "API error on %s %s", request.method, request.path, exc_info=exc, extra={"request": request}
    )
    return _error(request, 500, _("Erreur interne : l’équipe technique est prévenue."))


def _mount_routers() -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("maillage.") or config.name == "maillage.api":
            continue
        try:
            module = importlib.import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api":
                raise
            continue
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router("/", router)


_mount_routers()
