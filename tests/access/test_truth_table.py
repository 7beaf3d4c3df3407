"""The access truth table, run cell by cell, and the proof that every URL is in it."""

import json

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from maillage.core import access
from tests.access.table import (
    Url,
    Wildcard,
    build,
    discover,
    expected_status,
    kind_of,
    parse_row,
)
from tests.access.world import ACTORS
from tests.conftest import login_verified

TABLES = discover()


# --------------------------------------------------------------------------- can()


@pytest.mark.parametrize(("subject", "verb"), sorted(TABLES.table), ids=lambda v: str(v))
def test_cell(world, subject, verb):
    """Every cell: ``can(actor, verb, subject)`` answers what the table says."""
    obj = build(world, TABLES, subject)
    expected = parse_row(TABLES.table[(subject, verb)])
    got = {actor: access.can(world.user(actor), verb, obj) for actor in ACTORS}
    wrong = {
        a: f"table says {'Y' if expected[a] else 'N'}" for a in ACTORS if got[a] != expected[a]
    }
    assert not wrong, f"{subject} / {verb}: {wrong}"


def test_visible_agrees_with_can_view(world):
    """Lists go through ``visible()``: it must keep exactly the objects ``can(view)`` allows."""
    for subject in sorted(TABLES.subjects):
        obj = build(world, TABLES, subject)
        policy = access.policy_for(obj)
        if "view" not in policy.all_verbs() or not hasattr(type(obj), "_default_manager"):
            continue
        for actor in ACTORS:
            user = world.user(actor)
            in_list = access.visible(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()
            assert in_list == access.can(user, "view", obj), (subject, actor)


def test_every_verb_of_every_policy_is_in_the_table():
    covered = {(kind_of(subject), verb) for subject, verb in TABLES.table}
    missing = [
        (kind, verb)
        for kind, policy in access.registered_policies().items()
        for verb in policy.all_verbs()
        if (kind, verb) not in covered
    ]
    assert not missing, f"Policy verbs with no row in any access_table.py: {missing}"


def test_every_subject_has_a_builder():
    missing = sorted({s for s, _verb in TABLES.table} - set(TABLES.subjects))
    assert not missing, f"Subjects without a builder in SUBJECTS: {missing}"


# --------------------------------------------------------------------------- URLs


def _named_patterns(resolver=None, namespace=""):  # type: ignore[no-untyped-def]
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield (
                f"{namespace}{pattern.name}"
                if pattern.name
                else f"{namespace}<unnamed {pattern.pattern}>"
            )


def _covered(name: str) -> bool:
    if name in TABLES.urls:
        return True
    return any(
        isinstance(entry, Wildcard) and name.startswith(key.rstrip("*"))
        for key, entry in TABLES.urls.items()
    )


def test_every_url_is_in_the_table():
    """A new page or endpoint fails here until its access row is written."""
    missing = sorted({name for name in _named_patterns() if not _covered(name)})
    assert not missing, (
        "URLs not covered by any access_table.py URLS (add them with their subject and "
        f"verb): {missing}"
    )


def test_every_table_url_exists():
    names = set(_named_patterns())
    stale = [
        key for key, entry in TABLES.urls.items() if isinstance(entry, Url) and key not in names
    ]
    assert not stale, f"URLS entries for patterns that no longer exist: {stale}"


def _call(client: Client, url: Url, path: str, world, obj):  # type: ignore[no-untyped-def]
    method = getattr(client, url.method)
    data = url.data(world, obj) if url.data else None
    if url.content_type == "application/json":
        return method(path, data=json.dumps(data or {}), content_type="application/json")
    if data is None:
        return method(path)
    return method(path, data=data)


@pytest.mark.parametrize("name", sorted(k for k, v in TABLES.urls.items() if isinstance(v, Url)))
def test_url(world, name):
    """Every URL answers each actor as its cell says: the allowed statuses, 404 when the
    object is hidden, the sign-in page (or 401) for anonymous users, 403 otherwise."""
    url = TABLES.urls[name]
    assert isinstance(url, Url)
    obj = build(world, TABLES, url.subject)
    allowed_row = parse_row(TABLES.table[(url.subject, url.verb)])
    view_key = (url.subject, "view")
    view_row = (
        parse_row(TABLES.table[view_key])
        if view_key in TABLES.table
        else dict.fromkeys(ACTORS, True)
    )
    wrong = {}
    for actor in ACTORS:
        user = world.user(actor)
        client = Client()
        if user is not None:
            login_verified(client, user)
        # Each actor's call runs in its own savepoint: a write allowed for one actor does not
        # change what the next one sees.
        with transaction.atomic():
            path = reverse(name, kwargs=url.kwargs(world, obj))
            response = _call(client, url, path, world, obj)
            transaction.set_rollback(True)
        expected = expected_status(allowed_row[actor], view_row[actor], actor, url)
        if response.status_code not in expected:
            wrong[actor] = f"got {response.status_code}, expected {sorted(expected)}"
    assert not wrong, f"{name} ({url.subject} / {url.verb}): {wrong}"


@pytest.mark.parametrize(
    "key", sorted(k for k, v in TABLES.urls.items() if isinstance(v, Wildcard))
)
def test_wildcard_probe(world, key):
    entry = TABLES.urls[key]
    assert isinstance(entry, Wildcard)
    allowed_row = parse_row(TABLES.table[(entry.subject, entry.verb)])
    wrong = {}
    for actor in ACTORS:
        user = world.user(actor)
        client = Client()
        if user is not None:
            login_verified(client, user)
        response = client.get(reverse(entry.probe))
        ok = (
            response.status_code in entry.ok
            if allowed_row[actor]
            else response.status_code in {302, 403, 404}
        )
        if not ok:
            wrong[actor] = response.status_code
    assert not wrong, f"{key}: {wrong}"
