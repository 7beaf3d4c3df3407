"""The veille's pages read a constant number of queries whatever the number of signals."""

import pytest
from django.urls import reverse

from maillage.watch import services
from maillage.watch.models import Signal
from tests.queries import assert_constant_queries
from tests.watch import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def grow(world):  # type: ignore[no-untyped-def]
    builders.cell(world.territory, members=[world.org_member])

    def more(times: int) -> None:
        for index in range(times):
            signal = builders.signal(
                world.territory,
                author=world.users["departement"],
                organisation=world.org_dept,
                title=f"Phénomène observé {index}",
                audience=Signal.Audience.PARTNERS,
            )
            services.corroborate(
                actor=world.users["partner"],
                signal=signal,
                organisation=world.org_other,
                situations_count=2,
            )

    more(2)
    return more


@pytest.mark.parametrize("name", ["watch:signals", "watch:inbox", "watch:mine"])
def test_lists_have_constant_queries(world, client_for, grow, name):
    client = client_for(world.users["member"] if name == "watch:inbox" else world.users["partner"])
    assert_constant_queries(client, reverse(name, args=[world.territory.slug]), grow)


def test_the_api_list_has_constant_queries(world, client_for, grow):
    client = client_for(world.users["partner"])
    assert_constant_queries(client, f"/api/v1/territories/{world.territory.slug}/signals", grow)
