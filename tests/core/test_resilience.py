"""core.resilience: the database unreachable answers a French 503 (a JSON 503 under /api/)
with Retry-After, never a 500; the Redis cache unreachable is a miss, not an error."""

import logging

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client

from maillage.core import ratelimit, resilience
from maillage.core.resilience import ForgivingRedisCache

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def _client() -> Client:
    return Client(raise_request_exception=False)


def _refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')


@pytest.mark.django_db
def test_a_view_losing_the_database_answers_a_french_503(monkeypatch):
    monkeypatch.setattr("maillage.core.views.navigation.home_context", _refuse)
    response = _client().get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(resilience.RETRY_AFTER_SECONDS)
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "Service momentanément indisponible" in body
    assert "Rien de ce que vous venez d’envoyer n’a été enregistré" in body
    assert "Traceback" not in body and "OperationalError" not in body


@pytest.mark.django_db
def test_the_session_middleware_losing_the_database_answers_503(monkeypatch):
    """Raised before any view (the session is read by a middleware): handler500 answers."""
    client = _client()
    client.cookies["sessionid"] = "x" * 32
    monkeypatch.setattr(
        SessionStore,
        "load",
        lambda self: (_ for _ in ()).throw(InterfaceError("connection already closed")),
    )
    response = client.get("/connexion/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(resilience.RETRY_AFTER_SECONDS)
    assert "Service momentanément indisponible" in response.content.decode()


@pytest.mark.django_db
def test_the_api_losing_the_database_answers_a_json_503(monkeypatch):
    monkeypatch.setattr("maillage.territories.api.selectors.visible_territories", _refuse)
    response = _client().get("/api/v1/territories")
    assert response.status_code == 503
    assert response["Retry-After"] == str(resilience.RETRY_AFTER_SECONDS)
    assert response.json() == {
        "detail": "Service momentanément indisponible : réessayez dans quelques secondes. "
        "Rien n’a été enregistré."
    }


@pytest.mark.django_db
def test_other_errors_stay_500(monkeypatch):
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug")

    monkeypatch.setattr("maillage.core.views.navigation.home_context", broken)
    response = _client().get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_database_unavailable_follows_the_cause():
    wrapped = RuntimeError("outer")
    wrapped.__cause__ = OperationalError("server closed the connection unexpectedly")
    assert resilience.database_unavailable(wrapped)
    assert not resilience.database_unavailable(RuntimeError("no"))


@pytest.fixture
def unreachable_cache(settings):  # type: ignore[no-untyped-def]
    settings.CACHES = {
        "default": {
            "BACKEND": "maillage.core.resilience.ForgivingRedisCache",
            "LOCATION": UNREACHABLE_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    ForgivingRedisCache._last_logged = 0.0
    from django.core.cache import cache

    yield cache


@pytest.fixture(autouse=True)
def _media_and_cache():  # type: ignore[no-untyped-def]
    """Overrides the suite's cache.clear(): here the cache may be unreachable on purpose."""
    yield


def test_an_unreachable_redis_is_a_miss_and_is_logged(unreachable_cache, caplog):
    with caplog.at_level(logging.WARNING, logger="maillage.resilience"):
        assert unreachable_cache.get("key", "default") == "default"
        unreachable_cache.set("key", 1)
        assert unreachable_cache.add("key", 1) is False
        assert unreachable_cache.get_many(["a", "b"]) == {}
        assert unreachable_cache.delete("key") is False
        with pytest.raises(ValueError):
            unreachable_cache.incr("key")
    # Logged once, not once per call.
    messages = [r.getMessage() for r in caplog.records if r.name == "maillage.resilience"]
    assert len(messages) == 1
    assert "Cache unavailable" in messages[0]


@pytest.mark.django_db
def test_pages_rate_limits_and_api_throttling_answer_without_redis(unreachable_cache):
    from django.test import RequestFactory

    request = RequestFactory().post("/")
    # The limiter counts nothing while the cache is away: the request goes through.
    assert ratelimit.allow(request, "password_reset", "someone@example.org")
    client = Client()
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/territories").status_code == 200


def test_settings_wrap_a_redis_cache_url():
    """CACHE_URL=redis://… gets the forgiving backend, with short socket timeouts."""
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json; from maillage.settings import base; print(json.dumps(base.CACHES['default']))"
    )
    env = {**os.environ, "CACHE_URL": "redis://127.0.0.1:6379/1"}
    out = subprocess.run(  # noqa: S603 — this interpreter, a fixed snippet
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    config = json.loads(out.stdout.strip().splitlines()[-1])
    assert config["BACKEND"] == "maillage.core.resilience.ForgivingRedisCache"
    assert config["OPTIONS"]["socket_connect_timeout"] == 0.5
