"""The API answers each actor exactly what the pages show them: same territories, same
partners, same organisations hidden, same contact details."""

import pytest
from django.test import Client
from django.urls import reverse

from maillage.core.roles import Visibility
from tests.access.world import ACTORS
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db


def _client(world, actor) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    user = world.user(actor)
    if user is not None:
        login_verified(client, user)
    return client


def _hide(world) -> None:  # type: ignore[no-untyped-def]
    world.org_member.visibility = Visibility.PARTNERS
    world.org_member.save()
    world.foreign.visibility = Visibility.PARTNERS
    world.foreign.save()


@pytest.mark.parametrize("actor", ACTORS)
def test_api_and_pages_agree(world, actor):
    _hide(world)
    client = _client(world, actor)
    slug = world.territory.slug

    page_territories = {t.pk for t in client.get(reverse("core:home")).context["territories"]}
    api_territories = {
        t["id"] for t in client.get("/api/v1/territories", {"page_size": 200}).json()["items"]
    }
    assert api_territories == page_territories

    for territory in (world.territory, world.foreign, world.departement):
        page = client.get(reverse("territories:home", args=[territory.slug])).status_code
        api = client.get(f"/api/v1/territories/{territory.slug}").status_code
        assert page == api, (territory.slug, page, api)

    page_partners = {
        o.pk
        for o in client.get(reverse("territories:partners", args=[slug]))
        .context["page"]
        .object_list
    }
    api_partners = {
        o["id"] for o in client.get(f"/api/v1/territories/{slug}/organisations").json()["items"]
    }
    assert api_partners == page_partners

    for organisation in (world.org_member, world.org_other, world.org_dept, world.org_foreign):
        page = client.get(reverse("territories:organisation", args=[slug, organisation.pk]))
        api = client.get(f"/api/v1/territories/{slug}/organisations/{organisation.pk}")
        assert page.status_code == api.status_code, (
            organisation.name,
            page.status_code,
            api.status_code,
        )
        if page.status_code != 200:
            continue
        members = client.get(
            f"/api/v1/territories/{slug}/organisations/{organisation.pk}/members"
        ).json()["items"]
        page_members = page.context["members"]
        assert sorted(m["name"] for m in members) == sorted(m.user.full_name for m in page_members)
        shows_contacts = page.context["may_see_contacts"]
        assert all((m["email"] is not None) == shows_contacts for m in members)
