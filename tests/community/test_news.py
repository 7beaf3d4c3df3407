"""News: co-signers shown once they approve, the coordination's validation, the Atom feed
linked from the page, the territory home's latest news."""

import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.community import services
from maillage.community.models import Post
from tests.community import builders

ATOM = "{http://www.w3.org/2005/Atom}"


def test_a_cosigner_is_shown_only_once_it_approves(world, client, client_for):
    post = builders.post(
        world.territory, world.org_member, cosigners=[world.org_other], publish=True
    )
    page = client.get(post.get_absolute_url()).content.decode()
    assert world.org_other.name not in page
    partner = client_for(world.users["partner"])
    response = partner.post(
        reverse("community:post_sign", args=[world.territory.slug, post.pk]),
        {"organisation": world.org_other.pk, "decision": "approve"},
    )
    assert response.status_code == 302
    page = client.get(post.get_absolute_url()).content.decode()
    assert world.org_other.name in page


def test_an_organisation_answers_only_for_itself(world):
    post = builders.post(world.territory, world.org_member, cosigners=[world.org_other])
    with pytest.raises(ValidationError, match="au nom de votre organisation"):
        services.sign_post(
            actor=world.users["member"], post=post, organisation=world.org_other, approve=True
        )


def test_with_validation_a_partner_submits_and_a_coordinator_publishes(world, client_for):
    services.set_validation(
        actor=world.users["coordinator"], territory=world.territory, coordinator_validation=True
    )
    post = builders.post(world.territory, world.org_member, actor=world.users["member"])
    member = client_for(world.users["member"])
    member.post(reverse("community:post_publish", args=[world.territory.slug, post.pk]))
    assert Post.objects.get(pk=post.pk).status == "review"
    coordinator = client_for(world.users["coordinator"])
    coordinator.post(reverse("community:post_validate", args=[world.territory.slug, post.pk]))
    post.refresh_from_db()
    assert post.status == "published" and post.validated_by == world.users["coordinator"]


def test_without_validation_the_author_publishes(world):
    post = builders.post(world.territory, world.org_member, actor=world.users["member"])
    services.publish_post(actor=world.users["member"], post=post)
    assert Post.objects.get(pk=post.pk).status == "published"


def test_one_writes_only_for_ones_own_organisation(world):
    with pytest.raises(ValidationError) as caught:
        services.create_post(
            actor=world.users["member"],
            territory=world.territory,
            organisation=world.org_other,
            title="Titre",
            summary="Résumé.",
        )
    assert "au nom de votre organisation" in caught.value.message_dict["organisation"][0]


def test_the_atom_feed_has_public_published_news_only(world, client):
    public = builders.post(world.territory, world.org_member, publish=True, title="Publique")
    builders.post(
        world.territory, world.org_member, publish=True, visibility="partners", title="Interne"
    )
    builders.post(world.territory, world.org_member, title="Brouillon")
    page = client.get(reverse("community:posts", args=[world.territory.slug])).content.decode()
    feed_url = reverse("community:posts_atom", args=[world.territory.slug])
    assert 'rel="alternate" type="application/atom+xml"' in page and feed_url in page
    response = client.get(feed_url)
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Publique"]
    assert entries[0].findtext(f"{ATOM}summary") == public.summary


def test_the_territory_home_shows_the_latest_news_and_events(world, client):
    builders.post(world.territory, world.org_member, publish=True, title="Garderie ouverte")
    builders.event(world.territory, world.org_member, title="Forum des familles")
    page = client.get(world.territory.get_absolute_url()).content.decode()
    assert "Garderie ouverte" in page and "Forum des familles" in page


def test_links_to_other_objects_of_the_territory_only(world):
    from maillage.governance.models import Body
    from tests.factories import TerritoryFactory

    elsewhere = Body.objects.create(
        territory=TerritoryFactory(), kind="technical", name="Comité ailleurs"
    )
    with pytest.raises(ValidationError, match="autre territoire"):
        services.create_post(
            actor=world.users["admin"],
            territory=world.territory,
            organisation=world.org_member,
            title="Titre",
            summary="Résumé.",
            bodies=[elsewhere],
        )


def test_the_news_form_refuses_a_missing_summary_with_a_400(world, client_for):
    response = client_for(world.users["member"]).post(
        reverse("community:post_create", args=[world.territory.slug]),
        {"organisation": world.org_member.pk, "title": "Titre", "visibility": "public"},
    )
    assert response.status_code == 400
    assert not Post.objects.exists()


def test_a_post_s_thematiques_from_the_form_reach_the_page_and_their_followers(
    world, client_for, django_capture_on_commit_callbacks
):
    from maillage.community.models import Notice
    from maillage.community.selectors import notifications
    from maillage.community.services import notifications as notification_services

    follower = world.users["partner"]
    notification_services.follow(
        actor=follower, territory=world.territory, kind="thematique", target="famille"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.users["member"]).post(
            reverse("community:post_create", args=[world.territory.slug]),
            {
                "organisation": world.org_member.pk,
                "title": "Ouverture de la garderie éphémère",
                "summary": "Une garderie ouvre pour les parents en démarches.",
                "visibility": "public",
                "thematiques": ["famille--garde-denfants"],
            },
        )
    assert response.status_code == 302, response.content.decode()[:500]
    post = Post.objects.get()
    assert post.thematiques == ["famille--garde-denfants"]
    services.publish_post(actor=world.users["member"], post=post)
    page = client_for(None).get(post.get_absolute_url()).content.decode()
    assert "Garde d" in page  # the sous-thématique's label, as a tag
    # A follower of the category hears of it (a category catches its sous-thématiques).
    assert Notice.objects.filter(topic="thematique:famille").exists()
    titles = [o.title for o in notifications.notifications_for(follower).objects]
    assert "Ouverture de la garderie éphémère" in titles


def test_an_unknown_thematique_is_refused_and_nothing_is_stored(world, client_for):
    response = client_for(world.users["member"]).post(
        reverse("community:post_create", args=[world.territory.slug]),
        {
            "organisation": world.org_member.pk,
            "title": "Titre",
            "summary": "Résumé.",
            "visibility": "public",
            "thematiques": ["pas-une-thematique"],
        },
    )
    assert response.status_code == 400
    assert not Post.objects.exists()


def test_a_hard_news_summary_is_held_until_confirmed(world, client_for):
    from tests.core.test_plain_language import JARGON

    client = client_for(world.users["member"])
    url = reverse("community:post_create", args=[world.territory.slug])
    data = {
        "organisation": world.org_member.pk,
        "title": "La parentalité",
        "summary": JARGON[:600],
        "visibility": "public",
    }
    held = client.post(url, data)
    assert held.status_code == 400
    page = held.content.decode()
    assert "Le texte est difficile à lire pour certains habitants." in page
    assert "<strong>dispositif</strong>" in page and 'type="checkbox"' in page
    assert not Post.objects.exists()
    checked = client.post(url, {**data, "verifier_lisibilite": "1"})
    assert checked.status_code == 200 and "Score de lisibilité" in checked.content.decode()
    assert not Post.objects.exists()
    assert client.post(url, {**data, "publish_anyway": "on"}).status_code == 302
    post = Post.objects.get()
    assert post.summary == JARGON[:600]
    # An edit is checked the same way.
    edit = reverse("community:post_update", args=[world.territory.slug, post.pk])
    plain = "Un atelier pour les parents. Il a lieu le mardi, à la maison des familles."
    assert client.post(edit, {**data, "summary": plain}).status_code == 302
    assert client.post(edit, data).status_code == 400
    post.refresh_from_db()
    assert post.summary == plain
