"""The organisation-scoped part of an access filter is compiled once per shape
(core/access.py, ``_scoped_subquery``): a reader's second query with the same shape uses
the cached SQL with its own parameters and keeps exactly the rows the queryset keeps, and
a shape whose parameters Django would order otherwise falls back to the queryset."""

import pytest

from maillage.core import access
from maillage.core.roles import Role, Visibility
from maillage.programme.models import Action
from maillage.programme.services import create_action
from maillage.territories.models import Partnership
from tests.factories import OrganisationFactory, TerritoryFactory, member

pytestmark = pytest.mark.django_db


def _fiche(territory, code, visibility, pilot, restricted_to=None):  # type: ignore[no-untyped-def]
    return create_action(
        actor=None,
        territory=territory,
        title=f"Fiche {code}",
        code=code,
        visibility=visibility,
        pilots=[pilot],
        restricted_to=restricted_to,
    )


@pytest.fixture
def two_towns():  # type: ignore[no-untyped-def]
    """Two towns with the same shape: one partner each, from its own association, a
    members-only and a restricted fiche piloted by that association and one by another."""
    towns = {}
    for name in ("Aubeval", "Bercy-le-Sec"):
        town = TerritoryFactory(name=name, slug=name.lower())
        own, other = OrganisationFactory(name=f"Centre {name}"), OrganisationFactory()
        Partnership.objects.create(territory=town, organisation=other)
        towns[name] = {
            "partner": member(town, Role.PARTNER, own),
            "seen": {
                _fiche(town, "M1", Visibility.MEMBERS, own).pk,
                _fiche(town, "R1", Visibility.RESTRICTED, own, [own]).pk,
            },
            "hidden": {
                _fiche(town, "M2", Visibility.MEMBERS, other).pk,
                _fiche(town, "R2", Visibility.RESTRICTED, other, [other]).pk,
            },
        }
    return towns


def _visible_ids(user):  # type: ignore[no-untyped-def]
    access.forget_actor(user)
    return set(access.visible(user, Action.objects.all()).values_list("pk", flat=True))


def _learn_the_one_organisation_one_territory_shape():  # type: ignore[no-untyped-def]
    """The cache taught by ids that cannot be confused (a test database may give a
    territory and an organisation the same id, which teaches nothing)."""
    access._SCOPED_SQL.clear()
    policy = access.policy_for(Action)
    groups = {frozenset({10**6}): [10**6 + 1]}
    for visibility, path in (
        (Visibility.MEMBERS, "pilots"),
        (Visibility.MEMBERS, "partner_links__organisation"),
        (Visibility.RESTRICTED, "restricted_to"),
    ):
        access._scoped_subquery(policy, visibility, path, groups)
    return dict(access._SCOPED_SQL)


def test_each_reader_of_a_learnt_shape_reads_its_own_rows_through_the_cached_sql(
    two_towns, monkeypatch
):
    learnt = _learn_the_one_organisation_one_territory_shape()
    assert len(learnt) == 3 and all(isinstance(sql, str) for sql in learnt.values())
    assert all("ORDER BY" not in sql for sql in learnt.values())
    built = []
    original = type(access.policy_for(Action))._org_scoped_queryset

    def counted(self, *args):  # type: ignore[no-untyped-def]
        built.append(args)
        return original(self, *args)

    monkeypatch.setattr(type(access.policy_for(Action)), "_org_scoped_queryset", counted)
    for town in two_towns.values():
        assert _visible_ids(town["partner"]) == town["seen"]
    assert not built  # every subquery came from the cache, with each town's parameters
    assert learnt == access._SCOPED_SQL


def test_parameters_in_an_unexpected_order_are_not_cached(two_towns, monkeypatch):
    monkeypatch.setattr(
        access, "_scoped_params", lambda terr_first, visibility, groups, vendor: ["autre ordre"]
    )
    learnt = _learn_the_one_organisation_one_territory_shape()
    assert len(learnt) == 3 and set(learnt.values()) == {None}
    for town in two_towns.values():
        assert _visible_ids(town["partner"]) == town["seen"]


def test_a_shape_learnt_from_ids_that_prove_nothing_is_not_cached(two_towns):
    """A territory and an organisation with the same id: the parameters would match the
    prediction in either order, so the SQL is not kept."""
    access._SCOPED_SQL.clear()
    groups = {frozenset({7}): [7]}
    policy = access.policy_for(Action)
    access._scoped_subquery(policy, Visibility.MEMBERS, "pilots", groups)
    assert not access._SCOPED_SQL
    access._scoped_subquery(policy, Visibility.MEMBERS, "pilots", {frozenset({8}): [7]})
    assert next(iter(access._SCOPED_SQL.values()))


def test_a_reader_of_many_territories_is_cached_too():
    """A Département agent's territories, past the length where PostgreSQL gets one array
    parameter (core/lookups.py), are predicted like Django binds them."""
    access._SCOPED_SQL.clear()
    policy = access.policy_for(Action)
    communes = list(range(10**6 + 1, 10**6 + 41))
    access._scoped_subquery(policy, Visibility.MEMBERS, "pilots", {frozenset({10**6}): communes})
    assert isinstance(next(iter(access._SCOPED_SQL.values())), str)
