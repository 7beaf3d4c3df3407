"""Anonymous pages kept whole while nothing is written (core/page_cache.py,
core/write_generation.py): served again without a query, forgotten at the first write
whatever makes it, and never kept for, nor served to, anyone they could belong to."""

import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import DatabaseError, connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core import page_cache, write_generation
from maillage.territories.models import Territory
from tests.factories import TerritoryFactory, UserFactory
from tests.queries import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory():  # type: ignore[no-untyped-def]
    return TerritoryFactory(name="Commune des Essais")


def _home(territory) -> str:  # type: ignore[no-untyped-def]
    return reverse("territories:home", args=[territory.slug])


def test_an_anonymous_page_is_served_again_without_a_query(
    client, territory, django_assert_num_queries
):
    first = client.get(_home(territory))
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(_home(territory))
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    # The middleware around the cache dressed it as a page rendered now.
    assert again["Content-Security-Policy"]
    assert again["Content-Language"] == first["Content-Language"]


def test_a_save_forgets_the_kept_pages(client, territory):
    client.get(_home(territory))
    territory.name = "Commune Renommée"
    territory.save()
    assert "Commune Renommée" in client.get(_home(territory)).content.decode()


def test_a_bulk_update_forgets_them_too(client, territory):
    client.get(_home(territory))
    Territory.objects.filter(pk=territory.pk).update(name="Commune Mise à Jour")
    assert "Commune Mise à Jour" in client.get(_home(territory)).content.decode()


def test_a_savepoint_rolled_back_forgets_what_it_showed(client, territory):
    with transaction.atomic():
        Territory.objects.filter(pk=territory.pk).update(name="Commune Provisoire")
        assert "Commune Provisoire" in client.get(_home(territory)).content.decode()
        transaction.set_rollback(True)
    assert "Commune Provisoire" not in client.get(_home(territory)).content.decode()


def test_a_write_replaces_the_generation_once_more_when_it_commits(territory):
    before = write_generation.current()
    with transaction.atomic():
        Territory.objects.filter(pk=territory.pk).update(name="Un")
        Territory.objects.filter(pk=territory.pk).update(name="Deux")
        callbacks = [
            c for _s, c, _r in connection.run_on_commit if isinstance(c, write_generation._Publish)
        ]
        assert len(callbacks) == 1  # one replacement per transaction, not per statement
        assert callbacks[0].tables == {Territory._meta.db_table}
    during = write_generation.current()
    callbacks[0]()
    assert write_generation.current() not in {before, during}


def test_sessions_and_sign_in_attempts_do_not_count_as_writes(client, territory):
    before = write_generation.current()
    session = Session(session_key="x" * 32, session_data="", expire_date="2100-01-01T00:00Z")
    session.save()
    assert write_generation.current() == before
    assert not write_generation.is_write('UPDATE "django_session" SET "session_data" = %s')
    assert not write_generation.is_write('INSERT INTO "axes_accesslog" ("ip_address") VALUES')
    assert write_generation.is_write('INSERT INTO "territories_territory" ("name") VALUES')
    assert write_generation.is_write("update territories_territory set name = 'x'")
    assert not write_generation.is_write('SELECT "name" FROM "territories_territory"')


def test_the_database_cache_table_does_not_count_as_written():
    delete = 'DELETE FROM "maillage_cache" WHERE cache_key = %s'
    assert write_generation.is_write(delete)  # a table like any other under locmem
    database_cache = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "maillage_cache",
    }
    with override_settings(CACHES={"default": database_cache}):
        assert not write_generation.is_write(delete)


def test_a_signed_in_page_is_never_kept_nor_served_a_kept_one(client, territory):
    signed_in = Client()
    signed_in.force_login(UserFactory())
    assert "Se déconnecter" in signed_in.get(_home(territory)).content.decode()
    # The anonymous page that follows is not the signed-in one…
    assert "Se déconnecter" not in client.get(_home(territory)).content.decode()
    assert count_queries(client, _home(territory)) == 0
    # …and the signed-in visitor is not served the anonymous page kept since.
    assert "Se déconnecter" in signed_in.get(_home(territory)).content.decode()
    assert count_queries(signed_in, _home(territory)) > 0


def test_a_visitor_with_a_session_is_not_served_a_kept_page(client, territory):
    client.get(_home(territory))
    with_session = Client()
    with_session.cookies["sessionid"] = "nimportequoi"
    with_session.get(_home(territory))
    assert count_queries(with_session, _home(territory)) > 0


def _form_tokens(response) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(r'name="csrfmiddlewaretoken" value="(\w+)"', response.content.decode())


@pytest.mark.parametrize("page", ["accounts:login", "participation:home"])
def test_a_kept_page_carries_each_visitor_s_own_form_token(territory, page):
    """A form's token is the visitor's own: the resident pages (their language switcher)
    are kept with a slot where each token was, filled for each visitor with theirs — and
    their CSRF cookie set when they have none. (The sign-in page, marked ``never_cache``
    by Django, is rendered for each visitor: the same promise holds.)"""
    path = reverse(page, args=[territory.slug] if page.startswith("participation") else [])
    first = Client(enforce_csrf_checks=True)
    tokens = _form_tokens(first.get(path))
    second = Client(enforce_csrf_checks=True)
    with CaptureQueriesContext(connection) as captured:
        served = second.get(path)
    assert page == "accounts:login" or len(captured) == 0  # the sign-in page reads nothing
    served_tokens = _form_tokens(served)
    assert served_tokens and not set(served_tokens) & set(tokens)
    assert b"\x00" not in served.content
    assert settings.CSRF_COOKIE_NAME in served.cookies
    # The token served is good for this visitor's POST, and for theirs only.
    language = reverse("accounts:set_language")
    answer = second.post(language, {"csrfmiddlewaretoken": served_tokens[0], "language": "en"})
    assert answer.status_code == 302
    assert first.post(language, {"csrfmiddlewaretoken": served_tokens[0]}).status_code == 403


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_HX_REQUEST": "true"}, {"HTTP_AUTHORIZATION": "Bearer jeton"}],
    ids=["htmx", "authorization"],
)
def test_fragments_and_authorised_requests_are_not_served_kept_pages(client, territory, headers):
    client.get(_home(territory))
    assert count_queries(client, _home(territory)) == 0
    assert count_queries(client, _home(territory), **headers) > 0


def test_an_answer_marked_not_to_be_cached_is_never_kept(client):
    """``never_cache`` and ``no-store`` answers are made for each request: the health check
    must reach the database each time, a proof-of-work challenge must be new each time."""
    healthz = reverse("core:healthz")
    client.get(healthz)
    assert count_queries(client, healthz) > 0


def test_nothing_is_kept_when_the_delay_is_zero(client, territory, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get(_home(territory))
    assert count_queries(client, _home(territory)) > 0


class _BrokenCache:
    """The database cache with the database gone."""

    def __getattr__(self, name):  # type: ignore[no-untyped-def]
        def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
            raise DatabaseError("cache table unreachable")

        return broken


def test_a_cache_that_fails_leaves_the_page_rendered(client, territory, monkeypatch):
    monkeypatch.setattr("maillage.core.page_cache.cache", _BrokenCache())
    monkeypatch.setattr("maillage.core.write_generation.cache", _BrokenCache())
    client.get(_home(territory))
    response = client.get(_home(territory))
    assert response.status_code == 200
    assert "Commune des Essais" in response.content.decode()


def test_each_language_has_its_own_key(rf):
    """The language is chosen after the cache is read (core/i18n.py): for a visitor
    without an account it is the cookie's, which the key holds."""
    keys = set()
    for language in ("", "fr", "en", "ar"):
        request = rf.get("/territoires/x/participer/")
        if language:
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = language
        keys.add(page_cache._key(request, "generation"))
    assert len(keys) == 4


def test_kept_until_written_computes_once_until_a_write(territory):
    calls = []

    def compute():  # type: ignore[no-untyped-def]
        calls.append(1)
        return {"count": len(calls)}

    keep = write_generation.kept_until_written
    assert keep("essai", compute) == {"count": 1}
    assert keep("essai", compute) == {"count": 1}
    assert keep("autre", compute) == {"count": 2}  # each key its own answer
    Territory.objects.filter(pk=territory.pk).update(name="Écrit")
    assert keep("essai", compute) == {"count": 3}
    assert len(calls) == 3


def test_kept_until_written_computes_when_the_cache_fails(monkeypatch):
    monkeypatch.setattr("maillage.core.write_generation.cache", _BrokenCache())
    assert write_generation.kept_until_written("essai", lambda: 7) == 7
