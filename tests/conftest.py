from pathlib import Path

import pytest
from django.test import Client

from tests.access.world import World, build_world


@pytest.fixture(autouse=True)
def _media_and_cache(settings):  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    """The access-test world: a commune in a département, a foreign commune, two partner
    organisations and one user per role."""
    return build_world()


@pytest.fixture
def client_for():  # type: ignore[no-untyped-def]
    """``client_for(user)``: a test client signed in as ``user`` (anonymous for None), with
    the second factor already verified for those who need one."""

    def make(user):  # type: ignore[no-untyped-def]
        client = Client()
        if user is not None:
            login_verified(client, user)
        return client

    return make


def login_verified(client: Client, user) -> None:  # type: ignore[no-untyped-def]
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if user.requires_mfa:
        device = TOTPDevice.objects.filter(
            user=user, confirmed=True
        ).first() or TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """Tests in files named ``test_browser_*.py`` drive Chromium: they run in the browser
    leg of ``make test`` (``-m browser``) and not in the database legs. Marked first, before
    pytest's own ``-m`` selection reads the marks."""
    for item in items:
        if item.fspath.basename.startswith("test_browser_"):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):  # type: ignore[no-untyped-def]
    """The tests marked ``slow`` run first and the tests on the shared demo (``demo``) last,
    after pytest-django's own ordering. The demo ones:
    the demo stays loaded, in an open transaction, from the first of them to the end of the
    session, and no other test may see it. Under xdist each worker runs its share of the
    items in this order, so the demo is loaded at most once per worker."""
    items = session.items
    on_demo = [item for item in items if "_demo_session" in item.fixturenames]
    if on_demo:
        items[:] = [item for item in items if "_demo_session" not in item.fixturenames] + on_demo
    # Tests marked ``slow`` (a minute or more alone) first: under xdist one worker takes
    # each of them at the start while the others work through the rest, instead of the
    # whole leg waiting for it at the end.
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        items[:] = slow + [item for item in items if not item.get_closest_marker("slow")]


@pytest.fixture(scope="session")
def _demo_session(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """The whole demo, loaded once per session (per xdist worker) as ``make demo`` does,
    with its on-commit work (the ABS report edition) run as a worker would.

    It lives in an outer transaction rolled back at the end of the session; each test runs
    in its own savepoint inside it (pytest-django's ``db``), so a test that writes (loading
    the demo a second time, a POST) leaves the demo as it found it."""
    from django.db import transaction
    from django.test import TestCase

    from maillage.core.demo import load_all

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                context = load_all(log=lambda line: None)
            yield context
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_session, db):  # type: ignore[no-untyped-def]
    """The shared demo territory (see ``_demo_session``); the objects in memory are a copy
    per test."""
    import copy

    return copy.deepcopy(_demo_session)


@pytest.fixture(scope="session")
def chromium():  # type: ignore[no-untyped-def]
    import os

    from playwright.sync_api import sync_playwright

    from tests.browser.support import CHROMIUM_ARGS, CHROMIUM_PATH

    if not Path(CHROMIUM_PATH).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM_PATH}: run `make test`, which installs it.")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # around it are synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def csp_violations() -> list[str]:
    """What the browser refused under the Content-Security-Policy during a test: the
    ``page`` fixture fills it and fails the test at teardown unless it is empty."""
    return []


@pytest.fixture
def page(chromium, live_server, settings, csp_violations):  # type: ignore[no-untyped-def]
    """A fresh browser tab on the live test server, in French, Paris time, with the
    Content-Security-Policy enforced: any violation fails the test."""
    from tests.browser.support import watch_csp

    settings.SITE_URL = live_server.url
    context = chromium.new_context(
        base_url=live_server.url, locale="fr-FR", timezone_id="Europe/Paris"
    )
    context.set_default_timeout(15_000)
    watch_csp(context, csp_violations)
    tab = context.new_page()
    yield tab
    context.close()
    assert not csp_violations, "Content-Security-Policy violations:\n" + "\n".join(csp_violations)
