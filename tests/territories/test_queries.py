"""The pages' query counts do not grow with the data: the same at 1× and at 10×."""

import itertools

import pytest

from maillage.core import audit
from maillage.core.roles import Role, Visibility
from tests.factories import OrganisationFactory, TerritoryFactory, member
from tests.queries import assert_constant_queries, made_again

pytestmark = pytest.mark.django_db

_counter = itertools.count()


@pytest.fixture
def scene():  # type: ignore[no-untyped-def]
    departement = TerritoryFactory(departement=True, slug="ssd", insee_code="93")
    territory = TerritoryFactory(slug="clichy", insee_code="93014", parent=departement)
    ville = OrganisationFactory(name="Ville", partner_of=[territory])
    focus = OrganisationFactory(
        name="Organisation suivie", partner_of=[territory, departement], parent=ville
    )
    users = {
        "partner": member(territory, Role.PARTNER, focus),
        "coordinator": member(territory, Role.COORDINATOR, ville),
        "departement": member(departement, Role.PARTNER, focus),
        "resident": member(territory, Role.RESIDENT),
    }
    scene = {
        "territory": territory,
        "departement": departement,
        "ville": ville,
        "focus": focus,
        "users": users,
    }
    grow(scene, 1)
    return scene


def grow(scene, times: int) -> None:  # type: ignore[no-untyped-def]
    """More of everything a page could be tempted to fetch row by row."""
    territory, focus = scene["territory"], scene["focus"]
    for _ in range(times):
        n = next(_counter)
        other = TerritoryFactory(slug=f"autre-{n}", insee_code=f"{94000 + n:05d}")
        for visibility in (Visibility.PUBLIC, Visibility.PARTNERS):
            organisation = OrganisationFactory(
                kind="association" if n % 2 else "centre-social",
                visibility=visibility,
                parent=scene["ville"],
                partner_of=[territory, other],
            )
            member(territory, Role.PARTNER, organisation)
        child = OrganisationFactory(parent=focus, partner_of=[territory])
        member(territory, Role.PARTNER, focus)
        member(other, Role.PARTNER, child)
        member(territory, Role.RESIDENT)
        OrganisationFactory(partner_of=[other], parent=focus)
        from maillage.territories.models import Partnership

        Partnership.objects.get_or_create(territory=other, organisation=focus)
        audit.record(
            actor=None,
            action="organisation.update",
            obj=child,
            territory=territory,
            changes={"name": ["a", "b"]},
        )


ACTORS = [None, "resident", "partner", "coordinator", "departement"]


def _client(client_for, scene, actor):  # type: ignore[no-untyped-def]
    return client_for(scene["users"][actor] if actor else None)


@pytest.mark.parametrize("actor", ACTORS)
def test_partners_page(client_for, scene, actor):
    client = _client(client_for, scene, actor)
    path = "/territoires/clichy/partenaires/"
    assert_constant_queries(client, path, lambda k: grow(scene, k))
    # And as made after a write (core/kept_parts.py).
    assert_constant_queries(client, made_again(path), lambda k: grow(scene, k))


@pytest.mark.parametrize("actor", ACTORS)
def test_partners_page_filtered(client_for, scene, actor):
    client = _client(client_for, scene, actor)
    path = "/territoires/clichy/partenaires/?kind=association&q=organisation"
    assert_constant_queries(client, path, lambda k: grow(scene, k))
    assert_constant_queries(client, made_again(path), lambda k: grow(scene, k))


@pytest.mark.parametrize("actor", ACTORS)
def test_organisation_page(client_for, scene, actor):
    client = _client(client_for, scene, actor)
    path = f"/territoires/clichy/partenaires/{scene['focus'].pk}/"
    assert_constant_queries(client, path, lambda k: grow(scene, k))
    # And as made after a write (core/kept_parts.py).
    assert_constant_queries(client, made_again(path), lambda k: grow(scene, k))


@pytest.mark.parametrize("actor", ACTORS)
def test_territory_home(client_for, scene, actor):
    client = _client(client_for, scene, actor)
    assert_constant_queries(client, "/territoires/clichy/", lambda k: grow(scene, k))
    assert_constant_queries(client, made_again("/territoires/clichy/"), lambda k: grow(scene, k))


@pytest.mark.parametrize("actor", ACTORS)
def test_platform_home(client_for, scene, actor):
    client = _client(client_for, scene, actor)
    assert_constant_queries(client, "/", lambda k: grow(scene, k))


def test_audit_log_page(client_for, scene):
    client = client_for(scene["users"]["coordinator"])
    assert_constant_queries(client, "/territoires/clichy/journal/", lambda k: grow(scene, k))


@pytest.mark.parametrize("actor", ACTORS)
def test_api_organisation_list(client_for, scene, actor):
    client = _client(client_for, scene, actor)
    assert_constant_queries(
        client, "/api/v1/territories/clichy/organisations", lambda k: grow(scene, k)
    )


@pytest.mark.parametrize("actor", ACTORS)
def test_api_organisation_members(client_for, scene, actor):
    client = _client(client_for, scene, actor)
    path = f"/api/v1/territories/clichy/organisations/{scene['focus'].pk}/members"
    assert_constant_queries(client, path, lambda k: grow(scene, k))


def test_recent_partners_are_listed_once(client_for, scene):
    response = client_for(None).get("/territoires/clichy/")
    ids = [o.pk for o in response.context["recent_partners"]]
    assert len(ids) == len(set(ids))
