"""A signed-in reader's part of a page kept until the next write (core.kept_parts): once
per reader, session, path, language and day; made again after any write; never shared
between readers; each request gets its own CSRF token in the kept forms."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.middleware.csrf import _unmask_cipher_token, get_token  # type: ignore[attr-defined]
from django.test import RequestFactory
from django.utils import translation

from maillage.core.csrf import SLOT
from maillage.core.kept_parts import kept_for_reader
from tests.clock import frozen
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET_A = "a" * 32
SECRET_B = "b" * 32


def _request(
    user: Any, session_key: str = "session-one", path: str = "/fiche/", secret: str = SECRET_A
):
    request = RequestFactory().get(path)
    request.user = user
    request.session = SessionStore(session_key=session_key)
    request.META["CSRF_COOKIE"] = secret
    return request


class Renders:
    """A part's renderer that counts its calls and writes a form with the request's token."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, request: Any, text: str = "part") -> Any:
        def render() -> str:
            self.calls += 1
            token = get_token(request)
            return f'<p>{text}</p><input name="csrfmiddlewaretoken" value="{token}">'

        return render


def test_a_part_is_made_once_until_the_next_write() -> None:
    reader = UserFactory()
    renders = Renders()
    first = _request(reader)
    assert "<p>part</p>" in kept_for_reader(first, "fiche:1", renders(first))
    again = _request(reader)
    assert "<p>part</p>" in kept_for_reader(again, "fiche:1", renders(again, "changed"))
    assert renders.calls == 1
    OrganisationFactory()  # any write
    after = _request(reader)
    assert "<p>changed</p>" in kept_for_reader(after, "fiche:1", renders(after, "changed"))
    assert renders.calls == 2


@pytest.mark.parametrize(
    "other",
    [
        {"user": "another"},
        {"session_key": "session-two"},
        {"path": "/fiche/?journal=2"},
        {"name": "fiche:2"},
        {"language": "en"},
        {"day": datetime.date(2026, 3, 3)},
        {"htmx": True},
        {"verified": True},
    ],
)
def test_a_part_is_kept_apart_for_each_reader_session_path_language_and_day(other) -> None:
    reader = UserFactory()
    renders = Renders()
    with frozen(datetime.date(2026, 3, 2)):
        first = _request(reader)
        kept_for_reader(first, "fiche:1", renders(first, "du premier"))
    user = UserFactory() if other.get("user") else reader
    request = _request(
        user, session_key=other.get("session_key", "session-one"), path=other.get("path", "/fiche/")
    )
    request.htmx = other.get("htmx", False)
    if other.get("verified"):
        # The session passed the second factor (django-otp sets this on the user).
        request.user.is_verified = lambda: True
    with (
        frozen(other.get("day", datetime.date(2026, 3, 2))),
        translation.override(other.get("language", "fr")),
    ):
        html = kept_for_reader(request, other.get("name", "fiche:1"), renders(request, "autre"))
    assert "<p>autre</p>" in html and renders.calls == 2


def test_each_request_gets_its_own_token_in_a_kept_form() -> None:
    reader = UserFactory()
    renders = Renders()
    first = _request(reader, secret=SECRET_A)
    kept_for_reader(first, "fiche:1", renders(first))
    # The same session with a new CSRF cookie (the browser lost the former one).
    second = _request(reader, secret=SECRET_B)
    html = kept_for_reader(second, "fiche:1", renders(second))
    assert renders.calls == 1
    token = html.split('value="')[1].split('"')[0]
    assert len(token) == 64 and _unmask_cipher_token(token) == SECRET_B
    assert SLOT.decode() not in html


def test_an_anonymous_reader_gets_the_part_made_each_time() -> None:
    renders = Renders()
    for _ in range(2):
        request = _request(AnonymousUser())
        kept_for_reader(request, "fiche:1", renders(request))
    assert renders.calls == 2
