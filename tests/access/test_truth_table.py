"""The access truth table, run cell by cell, and the proof that every URL is in it.

The harness (tests/access/harness.py) does the calling and judging; these tests assert
that it found nothing wrong. ``test_the_table_catches_*`` break a policy on purpose and
assert that the harness reports it: the table cannot pass by accident."""

import pytest

from maillage.core import access
from tests.access import harness
from tests.access.table import Url, Wildcard, build, discover, kind_of, parse_row
from tests.access.world import ACTORS
from tests.conftest import login_verified

TABLES = discover()


# --------------------------------------------------------------------------- can()


@pytest.mark.parametrize(("subject", "verb"), sorted(TABLES.table), ids=lambda v: str(v))
def test_cell(world, subject, verb):
    """Every cell: ``can(actor, verb, subject)`` answers what the table says."""
    report = harness.check_cell(world, TABLES, subject, verb)
    assert not report.failures, f"{report.name}: {report.failures}"


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


def test_visible_in_agrees_with_can_view(world):
    """``visible_in(user, queryset, territory)`` keeps, of the objects of one territory,
    exactly those ``can(view)`` allows, whether the policy builds its filter or knows the
    reader sees the whole territory (``Policy.sees_whole_territory``); an object of
    another territory is never kept."""
    shortcuts = 0
    for subject in sorted(TABLES.subjects):
        obj = build(world, TABLES, subject)
        policy = access.policy_for(obj)
        if policy.territory_path is None or "view" not in policy.all_verbs():
            continue
        territory = obj
        for part in policy.territory_path.split("__"):
            territory = getattr(territory, part)
        one = type(obj)._default_manager.filter(pk=obj.pk)
        for actor in ACTORS:
            user = world.user(actor)
            scoped = access.actor_for(user).scoped(policy.capability_name)
            shortcuts += policy.sees_whole_territory(scoped, territory.pk)
            kept = access.visible_in(user, one, territory.pk).exists()
            assert kept == access.can(user, "view", obj), (subject, actor)
            assert not access.visible_in(user, one, world.foreign.pk).exists(), (subject, actor)
    assert shortcuts, "no policy said a reader sees a whole territory: the shortcut is untested"


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


def _named_patterns():  # type: ignore[no-untyped-def]
    return (name for name, _pattern in harness.named_patterns())


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


@pytest.mark.parametrize("name", sorted(k for k, v in TABLES.urls.items() if isinstance(v, Url)))
def test_url(world, name):
    """Every URL answers each actor as its cell says: the success status for allowed actors
    (having reached the view, not bounced to sign in), 404 when the object is hidden, the
    sign-in page (or 401) for anonymous users, 403 otherwise; refused writes write nothing;
    form pages take their POST the same way."""
    report = harness.check_url(world, TABLES, name, login=login_verified)
    url = TABLES.urls[name]
    assert not report.failures, f"{name} ({url.subject} / {url.verb}): {report.failures}"


@pytest.mark.parametrize(
    "key", sorted(k for k, v in TABLES.urls.items() if isinstance(v, Wildcard))
)
def test_wildcard_probe(world, key):
    entry = TABLES.urls[key]
    assert isinstance(entry, Wildcard)
    allowed_row = parse_row(TABLES.table[(entry.subject, entry.verb)])
    wrong = {}
    for actor in ACTORS:
        client = harness.client_for(world.user(actor), login_verified)
        response = client.get(harness.reverse(entry.probe))
        ok = (
            response.status_code in entry.ok
            if allowed_row[actor]
            else response.status_code in {302, 403, 404}
        )
        if not ok:
            wrong[actor] = response.status_code
    assert not wrong, f"{key}: {wrong}"


@pytest.mark.parametrize("label", harness.admin_models())
def test_admin_model(world, label):
    """The Django admin, model by model: changelist, add and change pages answer 200 to
    the platform admins only; everyone else is sent to sign in."""
    report = harness.check_admin_model(world, TABLES, label, login=login_verified)
    assert not report.failures, f"admin {label}: {report.failures}"
