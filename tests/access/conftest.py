"""The truth table's world is built once per module (per xdist worker), not per test.

It lives in an outer transaction opened here and rolled back when the module ends; each
test runs inside it in its own savepoint (pytest-django's ``db``), so whatever a test
writes, including the objects its subject builders make, is gone for the next one."""

import copy

import pytest
from django.db import transaction

from tests.access.world import World, build_world


@pytest.fixture(scope="module")
def _shared_world(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(_shared_world, db) -> World:  # type: ignore[no-untyped-def]
    """A copy of the shared world, with an empty per-test cache of built subjects: what a
    test changes on the objects in memory (a builder saving the territory) stays in it."""
    return copy.deepcopy(_shared_world)
