"""DSFR error pages in French: 404, 403, the CSRF failure, 400, and a 500 that renders
without the database."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import path

from maillage.core import views as core_views


def _boom(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("unexpected")


def _denied(request):  # type: ignore[no-untyped-def]
    raise PermissionDenied


def _ok(request):  # type: ignore[no-untyped-def]
    return HttpResponse("ok")


# A URLconf for this module: the project's own, plus views that fail on purpose.
from maillage.urls import handler400, handler403, handler404, handler500  # noqa: E402
from maillage.urls import urlpatterns as project_urls  # noqa: E402

urlpatterns = [
    path("essai/erreur/", _boom),
    path("essai/interdit/", _denied),
    path("essai/ok/", _ok),
    *project_urls,
]
__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


@pytest.mark.django_db
def test_404_page(client):
    response = client.get("/cette-page-n-existe-pas/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page introuvable" in body and "Erreur 404" in body
    assert 'class="fr-header"' in body and '<html lang="fr"' in body


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_403_page(client):
    response = client.get("/essai/interdit/")
    body = response.content.decode()
    assert response.status_code == 403
    assert "Accès refusé" in body and "Erreur 403" in body and 'class="fr-header"' in body


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_500_page_through_the_whole_stack():
    client = Client(raise_request_exception=False)
    response = client.get("/essai/erreur/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Erreur inattendue" in body and "Erreur 500" in body and 'class="fr-header"' in body


def test_500_page_renders_without_the_database():
    """No ``db`` fixture: pytest-django makes any query fail this test."""
    response = core_views.error_500(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Désolé, le service rencontre un problème." in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_page_is_french(client):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/connexion/", {"username": "a@b.test", "password": "x"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "Le formulaire a expiré" in body and "rien n’a été enregistré" in body


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["maillage.example.org"])
def test_400_page_for_a_bad_host():
    response = Client(HTTP_HOST="ailleurs.example.com").get("/")
    assert response.status_code == 400
    assert "Requête incorrecte" in response.content.decode()


def test_the_demo_settings_show_maillages_own_error_pages():
    """`make demo` runs maillage.settings.dev: debug off unless asked for (Django's debug
    404 lists every URL, in English), static files still served by the app. Read in
    another process: the settings module changes the dicts it shares with base."""
    import os
    import subprocess
    import sys

    script = (
        "import maillage.settings.dev as d; "
        "print(d.DEBUG, d.WHITENOISE_USE_FINDERS, d.SERVE_PUBLIC_MEDIA, "
        "'whitenoise.middleware.WhiteNoiseMiddleware' in d.MIDDLEWARE)"
    )
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    run = subprocess.run(  # noqa: S603 (our own interpreter, our own script)
        [sys.executable, "-c", script], env=env, capture_output=True, text=True
    )
    assert run.stdout.split() == ["False", "True", "True", "True"], run.stderr
    env["DEBUG"] = "1"
    run = subprocess.run(  # noqa: S603 (our own interpreter, our own script)
        [sys.executable, "-c", script], env=env, capture_output=True, text=True
    )
    assert run.stdout.split()[0] == "True", run.stderr
