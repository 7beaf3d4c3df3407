"""ProConnect's sign-in, sign-out and the coordinators' confirmations (docs/identity.md)."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from maillage.accounts import proconnect, proconnect_services
from maillage.accounts.models import OrganisationRequest
from maillage.core.http import require
from maillage.core.types import AuthenticatedRequest
from maillage.territories import home as territory_home
from maillage.territories import selectors as territory_selectors

BACKEND = "maillage.accounts.proconnect.ProConnectBackend"
# ProConnect asks for at least 32 characters; token_urlsafe(32) gives 43.
STATE_BYTES = 32


def refusal(request: HttpRequest, reason: str, status: int = 403) -> HttpResponse:
    return render(
        request,
        "accounts/proconnect_refused.html",
        {"title": _("Connexion avec ProConnect refusée"), "reason": reason},
        status=status,
    )


def _safe_next(request: HttpRequest, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    if not proconnect.is_configured():
        raise Http404
    try:
        document = proconnect.discovery()
    except proconnect.ProConnectRefused as refused:
        return refusal(request, refused.reason, status=503)
    state = secrets.token_urlsafe(STATE_BYTES)
    nonce = secrets.token_urlsafe(STATE_BYTES)
    request.session[proconnect.SESSION_STATE] = state
    request.session[proconnect.SESSION_NONCE] = nonce
    request.session[proconnect.SESSION_NEXT] = _safe_next(request, request.GET.get("next", ""))
    params = {
        "response_type": "code",
        "client_id": proconnect.settings.PROCONNECT_CLIENT_ID,
        "redirect_uri": request.build_absolute_uri(reverse("accounts:proconnect_callback")),
        "scope": proconnect.SCOPES,
        "state": state,
        "nonce": nonce,
        "acr_values": " ".join(proconnect.settings.PROCONNECT_ACR_VALUES),
        # Ask for acr in the ID token: it tells whether a second factor was used.
        "claims": '{"id_token":{"amr":{"essential":true},"acr":{"essential":true}}}',
    }
    return redirect(f"{document['authorization_endpoint']}?{urlencode(params)}")


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    if not proconnect.is_configured():
        raise Http404
    expected_state = request.session.pop(proconnect.SESSION_STATE, "")
    nonce = request.session.pop(proconnect.SESSION_NONCE, "")
    next_url = request.session.pop(proconnect.SESSION_NEXT, "")
    if request.GET.get("error"):
        return refusal(
            request,
            _("ProConnect n’a pas confirmé votre identité (%(error)s). Réessayez.")
            % {"error": request.GET.get("error_description") or request.GET["error"]},
        )
    state = request.GET.get("state", "")
    if not expected_state or not constant_time_compare(state, expected_state):
        return refusal(
            request,
            _(
                "La réponse de ProConnect ne correspond à aucune demande de connexion en "
                "cours sur ce navigateur (paramètre state invalide). Recommencez depuis la "
                "page de connexion."
            ),
            status=400,
        )
    if not request.GET.get("code"):
        return refusal(request, _("ProConnect n’a pas transmis de code d’autorisation."), 400)
    backend = proconnect.ProConnectBackend()
    try:
        user = backend.authenticate(request, nonce=nonce, proconnect=True)
    except proconnect.ProConnectRefused as refused:
        return refusal(request, refused.reason)
    if user is None:
        return refusal(request, _("ProConnect n’a pas pu confirmer votre identité."))
    id_token = request.session.get(proconnect.SESSION_ID_TOKEN, "")
    login(request, user, backend=BACKEND)
    request.session[proconnect.SESSION_ID_TOKEN] = id_token
    request.session[proconnect.SESSION_ACR_MFA] = backend.acr_is_second_factor
    return redirect(_landing(request, user, next_url))


def _landing(request: HttpRequest, user: Any, next_url: str) -> str:
    pending = list(
        OrganisationRequest.objects.pending()
        .filter(user=user)
        .select_related("organisation", "territory")
    )
    for item in pending:
        messages.info(
            request,
            _(
                "Votre rattachement à %(organisation)s est proposé à la coordination de "
                "%(territory)s : un rôle vous sera donné quand elle l’aura confirmé."
            )
            % {"organisation": item.organisation.name, "territory": item.territory.name},
        )
    if next_url:
        return next_url
    if pending:
        return pending[0].territory.get_absolute_url()
    siret = user.proconnect_identities.values_list("siret", flat=True).first() or ""
    if siret and not proconnect_services.organisations_for_siret(siret):
        messages.warning(
            request,
            _(
                "Votre organisation (SIRET %(siret)s) n’est partenaire d’aucun territoire sur "
                "Maillage : aucun rôle ne vous est donné. Demandez une invitation à la "
                "coordination de votre territoire."
            )
            % {"siret": siret},
        )
    territory = territory_home.landing_territory(user)
    if territory is not None:
        return territory.get_absolute_url()
    return reverse("core:home")


def logout_redirect(request: HttpRequest, id_token: str) -> str | None:
    """After the local sign-out: ProConnect's session/end, with the ID token and a state
    checked on the way back. None when ProConnect is not configured or not used."""
    if not id_token or not proconnect.is_configured():
        return None
    try:
        end = proconnect.discovery().get("end_session_endpoint")
    except proconnect.ProConnectRefused:
        return None
    if not end:
        return None
    state = secrets.token_urlsafe(STATE_BYTES)
    request.session[proconnect.SESSION_LOGOUT_STATE] = state
    params = {
        "id_token_hint": id_token,
        "state": state,
        "post_logout_redirect_uri": request.build_absolute_uri(
            reverse("accounts:proconnect_logout_return")
        ),
    }
    return f"{end}?{urlencode(params)}"


@require_GET
def logout_return(request: HttpRequest) -> HttpResponse:
    expected = request.session.pop(proconnect.SESSION_LOGOUT_STATE, "")
    if not expected or not constant_time_compare(request.GET.get("state", ""), expected):
        return refusal(
            request,
            _(
                "Le retour de ProConnect ne correspond à aucune déconnexion en cours (paramètre "
                "state invalide). Vous êtes bien déconnecté de Maillage ; fermez votre "
                "navigateur pour terminer aussi la session ProConnect."
            ),
            status=400,
        )
    messages.success(request, _("Vous êtes déconnecté de Maillage et de ProConnect."))
    return redirect("core:home")


def organisation_requests(request: AuthenticatedRequest, territory_slug: str) -> HttpResponse:
    current = territory_selectors.territory_or_404(request.user, territory_slug)
    require(request, "invite", current)
    pending = (
        OrganisationRequest.objects.pending()
        .filter(territory=current)
        .select_related("user", "organisation")
        .order_by("created_at")
    )
    return render(
        request,
        "accounts/organisation_requests.html",
        {
            "title": _("Demandes de rattachement ProConnect"),
            "territory": current,
            "requests": pending,
            "breadcrumb": [
                {"label": _("Accueil"), "url": reverse("core:home")},
                {"label": current.name, "url": current.get_absolute_url()},
                {"label": _("Demandes de rattachement")},
            ],
        },
    )


@require_POST
def organisation_request_decide(
    request: AuthenticatedRequest, territory_slug: str, pk: int
) -> HttpResponse:
    current = territory_selectors.territory_or_404(request.user, territory_slug)
    require(request, "invite", current)
    item = get_object_or_404(OrganisationRequest, pk=pk, territory=current)
    confirm = request.POST.get("decision") == "confirm"
    try:
        proconnect_services.decide_organisation_request(
            actor=request.user, request=item, confirm=confirm
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            (
                _("%(person)s est désormais partenaire pour %(organisation)s.")
                if confirm
                else _("La demande de %(person)s est refusée.")
            )
            % {"person": item.user, "organisation": item.organisation.name},
        )
    return redirect("accounts:organisation_requests", territory_slug=current.slug)
