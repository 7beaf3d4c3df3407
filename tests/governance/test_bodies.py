"""Bodies: creation and their rules, the list of bodies, and the body's page."""

import pytest
from django.urls import reverse

from maillage.governance.models import Body, BodyMembership
from tests.governance import builders

pytestmark = pytest.mark.django_db


def test_coordinator_creates_a_body_and_its_members(world, client_for):
    client = client_for(world.users["coordinator"])
    response = client.post(
        reverse("governance:body_create", args=[world.territory.slug]),
        {
            "kind": "technical",
            "name": "Comité technique Santé",
            "short_name": "CT Santé",
            "secretary": world.users["partner"].pk,
            "visibility": "public",
            "documents_visibility": "members",
        },
    )
    assert response.status_code == 302, response.content.decode()
    body = Body.objects.get()
    response = client.post(
        reverse("governance:member_add", args=[world.territory.slug, body.pk]),
        {
            "organisation": world.org_member.pk,
            "titular": world.users["member"].pk,
            "started_on": "2024-01-01",
        },
    )
    assert response.status_code == 302
    page = client.get(body.get_absolute_url()).content.decode()
    assert "Organisation membre" in page and world.users["member"].full_name in page


def test_documents_cannot_be_more_public_than_the_body(world, client_for):
    response = client_for(world.users["coordinator"]).post(
        reverse("governance:body_create", args=[world.territory.slug]),
        {
            "kind": "network",
            "name": "Réseau",
            "visibility": "members",
            "documents_visibility": "public",
        },
    )
    assert response.status_code == 400
    assert "plus largement visibles que l’instance" in response.content.decode()
    assert not Body.objects.exists()


def test_a_secretary_must_work_in_the_territory_and_members_are_partners(world, client_for):
    response = client_for(world.users["coordinator"]).post(
        reverse("governance:body_create", args=[world.territory.slug]),
        {
            "kind": "technical",
            "name": "CT",
            "secretary": world.users["foreign"].pk,
            "visibility": "public",
            "documents_visibility": "members",
        },
    )
    assert response.status_code == 400  # not even offered: a choice error
    assert not Body.objects.exists()
    body = builders.body(world.territory, name="CT Emploi")
    response = client_for(world.users["coordinator"]).post(
        reverse("governance:member_add", args=[world.territory.slug, body.pk]),
        {"organisation": world.org_foreign.pk, "started_on": "2024-01-01"},
    )
    assert response.status_code == 400
    assert not BodyMembership.objects.exists()


def test_the_list_shows_who_sits_where(world, committee, client_for):
    builders.body(world.territory, name="Réseau IRIS", kind=Body.Kind.NETWORK)
    page = (
        client_for(None)
        .get(reverse("governance:bodies", args=[world.territory.slug]))
        .content.decode()
    )
    assert "Comité technique" in page and "Réseau" in page
    assert world.org_member.name in page
    filtered = (
        client_for(None)
        .get(reverse("governance:bodies", args=[world.territory.slug]) + "?type=network")
        .content.decode()
    )
    assert "Réseau IRIS" in filtered and "Comité technique Familles" not in filtered


def test_a_member_proposes_a_subject_for_the_backlog(world, committee, client_for):
    client = client_for(world.users["member"])
    response = client.post(
        reverse("governance:item_propose", args=[world.territory.slug, committee.pk]),
        {"title": "Forum des assistantes maternelles", "duration_minutes": 20},
    )
    assert response.status_code == 302
    assert committee.items.get().proposed_by == world.users["member"]
    response = client.post(
        reverse("governance:item_propose", args=[world.territory.slug, committee.pk]),
        {"title": "", "duration_minutes": 20},
    )
    assert response.status_code == 400
