"""A signed-in person's actor (their roles, organisations and the territories they read
below their own) is kept until the next write (core.access._load_actor): read once for
many requests, and made again as soon as a membership — or anything — is written."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.accounts.models import User
from maillage.core import access
from maillage.core.roles import Role
from tests.clock import frozen
from tests.factories import MembershipFactory, TerritoryFactory, member

pytestmark = pytest.mark.django_db


def _fresh(user: User) -> User:
    # Each request has its own user object, and so its own actor.
    return User.objects.get(pk=user.pk)


def test_the_actor_is_read_once_until_the_next_write() -> None:
    territory = TerritoryFactory()
    person = member(territory, Role.PARTNER)
    assert access.actor_for(_fresh(person)).roles_in(territory.pk) == {Role.PARTNER}
    user = _fresh(person)
    with CaptureQueriesContext(connection) as again:
        assert access.actor_for(user).roles_in(territory.pk) == {Role.PARTNER}
    assert not [q for q in again.captured_queries if "territories_membership" in q["sql"]]
    other = TerritoryFactory()
    MembershipFactory(user=person, territory=other, role=Role.COORDINATOR)
    assert access.actor_for(_fresh(person)).roles_in(other.pk) == {Role.COORDINATOR}


def test_a_membership_ended_is_gone_the_next_day_without_a_write() -> None:
    territory = TerritoryFactory()
    person = member(territory, Role.PARTNER)
    person.memberships.update(ended_on=datetime.date(2026, 3, 3))
    with frozen(datetime.date(2026, 3, 2)):
        assert access.actor_for(_fresh(person)).roles_in(territory.pk) == {Role.PARTNER}
    with frozen(datetime.date(2026, 3, 3)):
        assert not access.actor_for(_fresh(person)).roles_in(territory.pk)


def test_a_removed_membership_takes_effect_at_once() -> None:
    territory = TerritoryFactory()
    person = member(territory, Role.COORDINATOR)
    assert access.actor_for(_fresh(person)).is_coordinator(territory.pk)
    person.memberships.all().delete()
    assert not access.actor_for(_fresh(person)).is_coordinator(territory.pk)
