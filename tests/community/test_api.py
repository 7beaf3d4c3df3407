"""The API: news and events read as the pages read them, events written and registrations
made through the same services."""

import pytest
from django.urls import reverse

from maillage.community.models import Registration
from tests.community import builders
from tests.factories import api_key


def _auth(user):  # type: ignore[no-untyped-def]
    return {"HTTP_AUTHORIZATION": f"Bearer {api_key(user)}"}


def test_lists_answer_only_what_the_reader_sees(world, client):
    builders.post(world.territory, world.org_member, publish=True, title="Publique")
    builders.post(
        world.territory, world.org_member, publish=True, visibility="partners", title="Interne"
    )
    url = f"/api/v1/territories/{world.territory.slug}/news"
    titles = [p["title"] for p in client.get(url).json()["items"]]
    assert titles == ["Publique"]
    as_partner = client.get(url, **_auth(world.users["partner"])).json()
    assert sorted(p["title"] for p in as_partner["items"]) == ["Interne", "Publique"]


def test_an_event_is_created_refused_when_it_ends_first_and_registered_for(world, client):
    url = f"/api/v1/territories/{world.territory.slug}/events"
    payload = {
        "organisation_id": world.org_member.pk,
        "title": "Journée d’étude",
        "summary": "Une journée sur l’accompagnement.",
        "starts_at": "2031-03-04T14:00:00",
        "ends_at": "2031-03-04T09:00:00",
        "place": "Espace 93",
        "registration_open": True,
        "capacity": 1,
    }
    member = _auth(world.users["member"])
    refused = client.post(url, payload, content_type="application/json", **member)
    assert refused.status_code == 422
    assert "doit finir après son début" in refused.json()["errors"]["ends_at"][0]
    payload["ends_at"] = "2031-03-04T17:00:00"
    created = client.post(url, payload, content_type="application/json", **member)
    assert created.status_code == 201, created.content
    event_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    published = client.post(f"{url}/{event_id}/publish", **member)
    assert published.json()["status"] == "published"
    first = client.post(
        f"{url}/{event_id}/registrations",
        {},
        content_type="application/json",
        **_auth(world.users["resident"]),
    )
    assert first.status_code == 201 and first.json()["status"] == "confirmed"
    second = client.post(
        f"{url}/{event_id}/registrations",
        {},
        content_type="application/json",
        **_auth(world.users["partner"]),
    )
    assert second.json()["status"] == "waiting"
    listed = client.get(f"{url}/{event_id}/registrations", **member).json()
    assert [r["status"] for r in listed["items"]] == ["confirmed", "waiting"]
    cancel = client.post(
        f"/api/v1/territories/{world.territory.slug}/registrations/{first.json()['id']}/cancel",
        **_auth(world.users["resident"]),
    )
    assert cancel.json()["status"] == "cancelled"
    assert Registration.objects.get(pk=second.json()["id"]).status == "confirmed"
    detail = client.get(f"{url}/{event_id}").json()
    assert detail["confirmed_count"] == 1 and detail["waiting_count"] == 0


@pytest.mark.parametrize("name", ["community:posts_atom", "community:events_ics"])
def test_the_feeds_answer_signed_out(world, client, name):
    response = client.get(reverse(name, args=[world.territory.slug]))
    assert response.status_code == 200


def test_news_are_written_with_thematiques_and_an_unknown_one_is_refused(world, client):
    url = f"/api/v1/territories/{world.territory.slug}/news"
    payload = {
        "organisation_id": world.org_member.pk,
        "title": "Forum des assistantes maternelles",
        "summary": "Le forum revient au centre social.",
        "themes": ["famille--garde-denfants"],
    }
    auth = _auth(world.users["member"])
    created = client.post(url, payload, content_type="application/json", **auth)
    assert created.status_code == 201, created.content
    assert created.json()["themes"] == ["famille--garde-denfants"]
    bad = client.post(
        url,
        {**payload, "title": "Autre", "themes": ["inconnue"]},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422, bad.content
    assert bad.json()["errors"]["thematiques"] == ["Thématique inconnue : inconnue."]
    from maillage.community.models import Post

    assert list(Post.objects.values_list("title", flat=True)) == [payload["title"]]


def test_co_signers_answer_through_the_api_as_on_the_pages(world, client):
    from maillage.community.models import PostSignatory

    post = builders.post(world.territory, world.org_member, cosigners=[world.org_other])
    url = f"/api/v1/territories/{world.territory.slug}/news/{post.pk}/sign"
    partner = _auth(world.users["partner"])  # acts for org_other
    # The author's organisation is not asked: refused, nothing changes.
    not_asked = client.post(
        url,
        {"organisation_id": world.org_member.pk, "approve": True},
        content_type="application/json",
        **partner,
    )
    assert not_asked.status_code == 422, not_asked.content
    unknown = client.post(
        url,
        {"organisation_id": 999999, "approve": True},
        content_type="application/json",
        **partner,
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"]["organisation_id"] == ["Organisation inconnue."]
    # The member may read the draft but answers for no asked organisation.
    as_member = client.post(
        url,
        {"organisation_id": world.org_other.pk, "approve": True},
        content_type="application/json",
        **_auth(world.users["member"]),
    )
    assert as_member.status_code in (403, 422), as_member.content
    assert PostSignatory.objects.get(post=post, organisation=world.org_other).state == "pending"
    # The co-signer refuses, then approves: its logo is then shown.
    refused = client.post(
        url,
        {"organisation_id": world.org_other.pk, "approve": False},
        content_type="application/json",
        **partner,
    )
    assert refused.status_code == 200 and refused.json()["state"] == "declined"
    approved = client.post(
        url,
        {"organisation_id": world.org_other.pk, "approve": True},
        content_type="application/json",
        **partner,
    )
    assert approved.status_code == 200, approved.content
    assert approved.json()["organisation"]["id"] == world.org_other.pk
    assert approved.json()["state"] == "approved"
    detail = client.get(f"/api/v1/territories/{world.territory.slug}/news/{post.pk}", **partner)
    assert [c["id"] for c in detail.json()["cosigners"]] == [world.org_other.pk]
