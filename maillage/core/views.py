from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from maillage.core import navigation, resilience, theme


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = {**navigation.home_context(request), "title": _("Accueil")}
    return render(request, "core/home.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the process answers and reaches the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def theme_css(request: HttpRequest) -> HttpResponse:
    """The instance's colours (collectivite theme): the operator's primary colour."""
    return theme.stylesheet_response(request, theme.instance_primary_colour())


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {"title": _("Accessibilité")})


@require_GET
def legal(request: HttpRequest) -> HttpResponse:
    return render(request, "core/legal.html", {"title": _("Mentions légales")})


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"title": _("Page introuvable")}, status=404)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"title": _("Accès refusé")}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its anti-forgery token, usually from a page left open too long."""
    return render(request, "403_csrf.html", status=403)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", {"title": _("Requête invalide")}, status=400)


def error_500(request: HttpRequest) -> HttpResponse:
    # The database unreachable (raised before any view, by the session middleware say):
    # a French 503 with Retry-After, not an error page (core/resilience.py).
    if resilience.current_exception_is_database_unavailable():
        return resilience.unavailable_response(request)
    # No context processors: the database may be what failed.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
