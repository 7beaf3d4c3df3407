"""Helpers that thin views share: access checks that answer the right status."""

from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _

from maillage.core import access


class LoginRequired(Exception):
    """Raised by ``require``; turned into a redirect to the sign-in page by the
    middleware below, so that views stay linear."""


def require(request: HttpRequest, verb: str, obj: Any) -> None:
    """Stop the view unless the user may do ``verb`` on ``obj``.

    Hidden objects answer 404 (never 403 with a title in it); a visible object the user may
    not act on answers 403 to a signed-in user and sends an anonymous user to sign in."""
    policy = access.policy_for(obj)
    actor = access.actor_for(request.user)
    if "view" in policy.all_verbs() and not policy.can(actor, "view", obj):
        raise Http404
    if not policy.can(actor, verb, obj):
        if not request.user.is_authenticated:
            raise LoginRequired
        raise PermissionDenied


class LoginRedirectMiddleware:
    """Turns a ``LoginRequired`` raised by ``require`` (an anonymous visitor refused) into
    the sign-in redirect. Not Django 5.1's ``LoginRequiredMiddleware``, which requires a
    sign-in for every view: here pages stay public unless their access rule says otherwise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, LoginRequired):
            return redirect_to_login(request.get_full_path())
        return None


class RefuseNulMiddleware:
    """PostgreSQL text cannot hold U+0000: a path or a query string carrying it would reach
    a lookup and fail with a 500. A path with it names nothing (404); a query string with
    it is a bad request (400). Form fields already refuse it, and the API's parser refuses
    it in bodies and query strings field by field."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("Introuvable.")}, status=404)
            raise Http404
        if not request.path.startswith("/api/") and any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL character in the query string")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header (``settings.PERMISSIONS_POLICY``): Django's
    SecurityMiddleware sets the other security headers but not this one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response


def client_ip(request: HttpRequest) -> str:
    """The caller's address, for throttling and sign-in lockouts.

    Behind ``NUM_PROXIES`` reverse proxies, it is the entry those proxies added to
    X-Forwarded-For (counted from the right): what a client writes further left is its own
    invention and must not buy it a fresh counter."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.NUM_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    return forwarded[-min(proxies, len(forwarded))]


def session_key(request: HttpRequest) -> str:
    """The browser session's key, the session stored first if it has none yet (an
    anonymous visitor's first POST): what "one per browser session" rules are keyed on.
    Storing a session is the session framework's bookkeeping, not a write of the app's
    data, so it lives here rather than in a service."""
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key or ""
