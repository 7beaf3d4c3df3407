"""core.replica: with a replica configured (here the test database mirrored as
``replica``), the heavy read-only selectors read from it; writes, and reads that follow a
write in the same request, go to the primary."""

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core import replica
from maillage.territories.models import Organisation, Territory
from tests.factories import OrganisationFactory, TerritoryFactory

BOTH = ["default", "replica"]


@pytest.fixture
def replica_on(settings):  # type: ignore[no-untyped-def]
    settings.REPLICA_READS = True


def _capture():  # type: ignore[no-untyped-def]
    return CaptureQueriesContext(connections["default"]), CaptureQueriesContext(
        connections["replica"]
    )


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_reads_inside_use_replica_go_to_the_replica(replica_on):
    TerritoryFactory(slug="clichy")
    primary, secondary = _capture()
    with replica.request_scope(), primary, secondary:
        with replica.use_replica():
            assert Territory.objects.filter(slug="clichy").exists()
        # Outside the block: the primary.
        assert Territory.objects.count() == 1
    assert len(secondary.captured_queries) == 1
    assert len(primary.captured_queries) == 1


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_read_after_a_write_goes_to_the_primary(replica_on):
    territory = TerritoryFactory(slug="clichy")
    primary, secondary = _capture()
    with replica.request_scope(), primary, secondary, replica.use_replica():
        OrganisationFactory(name="Centre social", partner_of=[territory])
        assert Organisation.objects.filter(name="Centre social").exists()
    assert secondary.captured_queries == []
    assert any("INSERT" in q["sql"] for q in primary.captured_queries)
    assert any(
        "SELECT" in q["sql"] and "Centre social" in q["sql"] for q in primary.captured_queries
    )


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_outside_a_request_and_when_off_everything_reads_the_primary(settings):
    TerritoryFactory(slug="clichy")
    primary, secondary = _capture()
    with primary, secondary:
        with replica.use_replica():  # no request scope: a task, a command
            assert Territory.objects.exists()
        settings.REPLICA_READS = False
        with replica.request_scope(), replica.use_replica():
            assert Territory.objects.exists()
    assert secondary.captured_queries == []
    assert len(primary.captured_queries) == 2


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_network_search_page_reads_the_replica(replica_on):
    territory = TerritoryFactory(slug="clichy")
    primary, secondary = _capture()
    with primary, secondary:
        response = Client().get(reverse("network:search", args=[territory.slug]), {"q": "logement"})
    assert response.status_code == 200
    assert len(secondary.captured_queries) >= 2
    # The primary answered what the middleware read before the view (none here: anonymous).
    assert not any("network_service" in q["sql"] for q in primary.captured_queries)


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_post_reads_the_primary_and_pins_the_next_requests(replica_on):
    territory = TerritoryFactory(slug="clichy")
    client = Client()
    primary, secondary = _capture()
    with primary, secondary:
        response = client.post(reverse("network:search", args=[territory.slug]))
    assert response.status_code == 405
    assert secondary.captured_queries == []
    assert response.cookies[replica.STICKY_COOKIE]["max-age"] == replica.STICKY_SECONDS
    # The page the write redirects to, within the sticky seconds: the primary still.
    primary, secondary = _capture()
    with primary, secondary:
        assert (
            client.get(reverse("network:search", args=[territory.slug]), {"q": "x"}).status_code
            == 200
        )
    assert secondary.captured_queries == []


def test_the_router_never_migrates_the_replica():
    router = replica.ReplicaRouter()
    assert router.allow_migrate("replica", "territories") is False
    assert router.allow_migrate("default", "territories") is None
    assert router.db_for_write(Territory) == "default"


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_observatory_portrait_reads_the_replica(replica_on):
    from maillage.observatory.catalogue import install_catalogue

    install_catalogue()
    territory = TerritoryFactory(slug="clichy")
    primary, secondary = _capture()
    with primary, secondary:
        response = Client().get(reverse("observatory:portrait", args=[territory.slug]))
    assert response.status_code == 200
    assert any("observatory_indicator" in q["sql"] for q in secondary.captured_queries)
    assert not any("observatory_" in q["sql"] for q in primary.captured_queries)


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_access_actor_is_read_from_the_primary_inside_a_replica_scope(replica_on):
    """The actor is kept until the next write (core.access._load_actor): read from a
    lagging replica, it could keep a role just removed."""
    from maillage.accounts.models import User
    from maillage.core import access
    from maillage.core.roles import Role
    from tests.factories import member

    departement = TerritoryFactory(slug="dep", departement=True)
    TerritoryFactory(slug="clichy", parent=departement)
    person = member(departement, Role.PARTNER)
    primary, secondary = _capture()
    with replica.request_scope(), primary, secondary, replica.use_replica():
        access.actor_for(User.objects.using("default").get(pk=person.pk))
    assert not [
        q
        for q in secondary.captured_queries
        if "territories_membership" in q["sql"] or "territories_territory" in q["sql"]
    ]
    assert any("territories_membership" in q["sql"] for q in primary.captured_queries)
