"""The commune's sharing setting: its coordinators decide, its partner-level people and
the Département read it (docs/departments.md, "Vue départementale et partage")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.core import sharing
from maillage.core.models import AuditEntry
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def _levels(**changes: str) -> dict[str, str]:
    return {**sharing.everything(sharing.Level.AGGREGATES), **changes}


def test_the_coordinator_changes_the_sharing(scene, client_for) -> None:  # type: ignore[no-untyped-def]
    commune = scene.communes["B"]
    client = client_for(scene.coordinators["B"])
    url = reverse("departments:sharing", args=[commune.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert 'type="radio"' in page.content.decode()
    response = client.post(url, _levels(programme="details"), follow=True)
    assert response.redirect_chain[-1][0] == url
    assert "Le partage avec le Département est enregistré." in response.content.decode()
    commune.refresh_from_db()
    assert sharing.level_of(commune, "programme") == "details"
    assert AuditEntry.objects.filter(action="territory.sharing").count() == 1
    # What the Département then reads: the commune's fiches by name.
    home = client_for(scene.agent).get(reverse("territories:home", args=["dep-essai"]))
    assert "Fiche secrète B" in home.content.decode()


def test_a_bad_level_changes_nothing(scene, client_for) -> None:  # type: ignore[no-untyped-def]
    commune = scene.communes["B"]
    client = client_for(scene.coordinators["B"])
    url = reverse("departments:sharing", args=[commune.slug])
    response = client.post(url, _levels(programme="tout"))
    assert response.status_code == 400
    commune.refresh_from_db()
    assert sharing.level_of(commune, "programme") == "aggregates"
    assert not AuditEntry.objects.filter(action="territory.sharing").exists()


def test_partners_and_the_departement_read_it_but_do_not_change_it(scene, client_for) -> None:  # type: ignore[no-untyped-def]
    commune = scene.communes["B"]
    url = reverse("departments:sharing", args=[commune.slug])
    for user in (scene.partners["B"], scene.agent):
        client = client_for(user)
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert 'type="radio"' not in html and "Chiffres agrégés seulement" in html
        assert client.post(url, _levels(programme="details")).status_code == 403
    commune.refresh_from_db()
    assert sharing.level_of(commune, "programme") == "aggregates"
    # Another commune's coordinator finds nothing to change here.
    assert client_for(scene.coordinators["A"]).get(url).status_code == 403


def test_a_commune_without_departement_has_no_setting(scene, client_for) -> None:  # type: ignore[no-untyped-def]
    alone = TerritoryFactory(name="Commune seule", slug="commune-seule", insee_code="96001")
    url = reverse("departments:sharing", args=[alone.slug])
    assert client_for(scene.coordinators["A"]).get(url).status_code == 403


def test_the_coordination_screen_links_to_the_setting(scene, client_for) -> None:  # type: ignore[no-untyped-def]
    commune = scene.communes["B"]
    home = client_for(scene.coordinators["B"]).get(reverse("territories:home", args=[commune.slug]))
    assert reverse("departments:sharing", args=[commune.slug]) in home.content.decode()
    partner = client_for(scene.partners["B"]).get(reverse("territories:home", args=[commune.slug]))
    assert reverse("departments:sharing", args=[commune.slug]) not in partner.content.decode()


def test_the_api_reads_and_sets_the_sharing(scene, client_for) -> None:  # type: ignore[no-untyped-def]
    commune = scene.communes["B"]
    url = f"/api/v1/territories/{commune.slug}/department-sharing"
    agent = client_for(scene.agent)
    assert agent.get(url).json()["levels"]["programme"] == "aggregates"
    refused = agent.put(url, {"levels": {"programme": "details"}}, content_type="application/json")
    assert refused.status_code == 403
    client = client_for(scene.coordinators["B"])
    bad = client.put(url, {"levels": {"programme": "tout"}}, content_type="application/json")
    assert bad.status_code == 422
    unknown = client.put(url, {"levels": {"budget": "none"}}, content_type="application/json")
    assert unknown.status_code == 422
    done = client.put(url, {"levels": {"watch": "none"}}, content_type="application/json")
    assert done.status_code == 200
    assert done.json()["levels"]["watch"] == "none"
    commune.refresh_from_db()
    assert sharing.level_of(commune, "watch") == "none"
    assert sharing.level_of(commune, "programme") == "aggregates"
