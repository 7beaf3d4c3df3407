"""The network's pages read a constant number of queries whatever the amount of news,
events, co-signers and registrations."""

from django.urls import reverse

from maillage.community import services
from tests.community import builders
from tests.factories import OrganisationFactory
from tests.queries import assert_constant_queries


def _grow_news(world):  # type: ignore[no-untyped-def]
    def grow(n):  # type: ignore[no-untyped-def]
        for i in range(n):
            other = OrganisationFactory(partner_of=[world.territory])
            post = builders.post(
                world.territory, world.org_member, cosigners=[other], publish=True, title=f"N{i}"
            )
            services.sign_post(
                actor=world.users["admin"], post=post, organisation=other, approve=True
            )
            builders.post(world.territory, world.org_member, title=f"Brouillon {i}")

    return grow


def _grow_events(world):  # type: ignore[no-untyped-def]
    def grow(n):  # type: ignore[no-untyped-def]
        for i in range(n):
            event = builders.event(
                world.territory, world.org_member, cosigners=[world.org_other], title=f"E{i}"
            )
            services.register(actor=None, event=event, name="Personne", email=f"p{i}@exemple.test")

    return grow


def test_news_pages_and_feed(world, client_for):
    builders.post(world.territory, world.org_member, cosigners=[world.org_other], publish=True)
    builders.post(world.territory, world.org_member, title="Brouillon")
    grow = _grow_news(world)
    coordinator = client_for(world.users["coordinator"])
    slug = world.territory.slug
    assert_constant_queries(coordinator, reverse("community:posts", args=[slug]), grow, factor=3)
    assert_constant_queries(
        client_for(None), reverse("community:posts_atom", args=[slug]), grow, factor=3
    )
    assert_constant_queries(client_for(None), world.territory.get_absolute_url(), grow, factor=3)


def test_event_pages_and_calendars(world, client_for):
    event = builders.event(world.territory, world.org_member, cosigners=[world.org_other])
    services.register(actor=None, event=event, name="Personne", email="p@exemple.test")
    grow = _grow_events(world)
    member = client_for(world.users["member"])
    slug = world.territory.slug
    assert_constant_queries(member, reverse("community:events", args=[slug]), grow, factor=3)
    assert_constant_queries(member, reverse("community:events_ics", args=[slug]), grow, factor=3)
    assert_constant_queries(
        member, reverse("community:event_registrations", args=[slug, event.pk]), grow, factor=3
    )
    assert_constant_queries(
        member,
        lambda: reverse("governance:calendar", args=[slug]) + "?vue=liste",
        grow,
        factor=3,
    )
