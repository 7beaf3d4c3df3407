"""Engagements of a Département across its communes, and of an organisation across its
territories: sharing respected in the page, the CSV and the API; filters; order; queries
(docs/departments.md, "Engagements")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.core import sharing
from maillage.core.roles import Role
from tests.departments import engagements_world
from tests.factories import OrganisationFactory, TerritoryFactory, UserFactory, api_key, member
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def dep():  # type: ignore[no-untyped-def]
    return engagements_world.build()


def _url(dep, **params):  # type: ignore[no-untyped-def]
    base = reverse("departments:engagements", args=[dep.department.slug])
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{base}?{query}" if query else base


def test_rows_come_only_from_communes_sharing_details(dep, client_for):  # type: ignore[no-untyped-def]
    response = client_for(dep.agent).get(_url(dep))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Aubeville", "Brissac"):
        for title in ("Fiche PMI", "Décision service social", "Tâche PMI", "Convention"):
            assert f"{title} {name}" in html
    # Cormeil shares aggregates: its counts, never a row; Damery shares nothing.
    assert "Tâche PMI Cormeil" not in html
    assert "Fiche PMI Cormeil" not in html
    assert "Cormeil" in html and "détail non partagé" in html
    assert "Damery" not in html.split("Communes qui ne partagent")[-1]
    assert "Tâche PMI Damery" not in html


def test_aggregates_count_per_commune(dep, client_for):  # type: ignore[no-untyped-def]
    response = client_for(dep.agent).get(_url(dep))
    entry = next(e for e in response.context["aggregates"] if e.territory.name == "Cormeil")
    assert entry.counts == {"action": 1, "decision": 1, "task": 2, "agreement": 1}
    assert entry.late == {"action": 1, "decision": 0, "task": 1, "agreement": 0}
    assert [e.territory.name for e in response.context["aggregates"]] == ["Cormeil"]


def test_overdue_first_then_by_due_date(dep, client_for):  # type: ignore[no-untyped-def]
    rows = client_for(dep.agent).get(_url(dep)).context["rows"]
    flags = [row.overdue for row in rows]
    assert flags == sorted(flags, reverse=True)
    assert flags[0] and not flags[-1]
    late_dates = [row.due_date for row in rows if row.overdue]
    assert late_dates == sorted(late_dates)
    dated = [row.due_date for row in rows if not row.overdue and row.due_date]
    assert dated == sorted(dated)


def test_filters_pmi_overdue_tasks(dep, client_for):  # type: ignore[no-untyped-def]
    url = _url(dep, service=dep.pmi.pk, kind="task", overdue="on")
    rows = client_for(dep.agent).get(url).context["rows"]
    assert sorted(row.label for row in rows) == ["Tâche PMI Aubeville", "Tâche PMI Brissac"]
    assert all(row.organisations == ["PMI"] and row.role == "responsable" for row in rows)


def test_service_filter_includes_children_and_commune_filter(dep, client_for):  # type: ignore[no-untyped-def]
    client = client_for(dep.agent)
    everything = client.get(_url(dep, service=dep.council.pk)).context["rows"]
    assert len(everything) == 10  # 5 engagements in each of the two detailed communes
    aubeville = dep.communes["Aubeville"]
    rows = client.get(_url(dep, commune=aubeville.pk, service=dep.social.pk)).context["rows"]
    assert sorted(r.label for r in rows) == [
        "Décision service social Aubeville",
        "Tâche sociale Aubeville",
    ]


def test_bad_filter_is_refused_in_french(dep, client_for):  # type: ignore[no-untyped-def]
    stranger = OrganisationFactory(name="Ailleurs")
    response = client_for(dep.agent).get(_url(dep, service=stranger.pk, kind="nimporte"))
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_csv_follows_the_sharing(dep, client_for):  # type: ignore[no-untyped-def]
    url = reverse("departments:engagements_export", args=[dep.department.slug])
    response = client_for(dep.agent).get(url + "?kind=task")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Tâche PMI Aubeville" in text and "Tâche sociale Brissac" in text
    assert "Cormeil" not in text and "Damery" not in text
    assert "Fiche PMI" not in text


def test_api_follows_the_sharing_and_filters(dep, client_for):  # type: ignore[no-untyped-def]
    url = f"/api/v1/departments/{dep.department.slug}/engagements"
    client = client_for(dep.agent)
    body = client.get(url).json()
    assert body["count"] == 10
    communes = {item["territory"] for item in body["items"]}
    assert communes == {"Aubeville", "Brissac"}
    assert body["items"][0]["overdue"] is True
    filtered = client.get(url, {"service": dep.pmi.pk, "kind": "task", "overdue": "true"}).json()
    assert sorted(i["title"] for i in filtered["items"]) == [
        "Tâche PMI Aubeville",
        "Tâche PMI Brissac",
    ]
    refused = client.get(url, {"territory": dep.communes["Damery"].pk + 10_000})
    assert refused.status_code == 422
    assert refused.json()["errors"]["territory"]


def test_api_by_token_and_refusals(dep, client_for):  # type: ignore[no-untyped-def]
    url = f"/api/v1/departments/{dep.department.slug}/engagements"
    key = api_key(dep.agent, scope="read")
    from django.test import Client

    assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {key}").json()["count"] == 10
    assert Client().get(url).status_code == 401
    commune_partner = member(dep.communes["Aubeville"], Role.PARTNER, dep.pmi)
    assert client_for(commune_partner).get(url).status_code == 403


def test_commune_changing_its_sharing_hides_its_rows(dep, client_for):  # type: ignore[no-untyped-def]
    from maillage.territories.services import set_department_sharing

    aubeville = dep.communes["Aubeville"]
    set_department_sharing(
        actor=UserFactory(admin=True),
        territory=aubeville,
        levels=sharing.everything(sharing.Level.AGGREGATES),
    )
    response = client_for(dep.agent).get(_url(dep))
    html = response.content.decode()
    assert "Tâche PMI Aubeville" not in html
    assert {e.territory.name for e in response.context["aggregates"]} == {"Aubeville", "Cormeil"}


def test_queries_constant_in_communes_and_rows(dep, client_for):  # type: ignore[no-untyped-def]
    client = client_for(dep.agent)
    counter = iter(range(1000))

    def grow(n: int) -> None:
        for _ in range(n):
            i = next(counter)
            level = (sharing.Level.DETAILS, sharing.Level.AGGREGATES)[i % 2]
            engagements_world.add_commune(dep, f"Commune ajoutée {i}", level)

    assert_constant_queries(client, _url(dep), grow, factor=3)
    api = f"/api/v1/departments/{dep.department.slug}/engagements"
    assert_constant_queries(client, api, grow, factor=2)


def test_organisation_engagements_across_territories(dep, client_for):  # type: ignore[no-untyped-def]
    """A CAF present in two communes of different départements: its own people read its
    engagements in both; a partner of another organisation may not open the page."""
    aubeville = dep.communes["Aubeville"]
    elsewhere = TerritoryFactory(name="Ville lointaine")
    caf = OrganisationFactory(name="CAF d’essai", kind="caf", partner_of=[aubeville, elsewhere])
    from maillage.programme import services as programme
    from tests.programme.factories import objective

    for territory in (aubeville, elsewhere):
        programme.create_action(
            actor=None,
            territory=territory,
            title=f"Fiche CAF {territory.name}",
            objective=objective(territory, code="9.1"),
            pilots=[caf],
        )
    agent = member(aubeville, Role.PARTNER, caf)
    member(elsewhere, Role.PARTNER, caf, email=agent.email)
    url = reverse("departments:organisation_engagements", args=[aubeville.slug, caf.pk])
    response = client_for(agent).get(url)
    assert response.status_code == 200
    labels = sorted(row.label for row in response.context["rows"])
    assert labels == ["Fiche CAF Aubeville", "Fiche CAF Ville lointaine"]
    export = client_for(agent).get(
        reverse("departments:organisation_engagements_export", args=[aubeville.slug, caf.pk])
    )
    assert "Fiche CAF Ville lointaine" in export.content.decode("utf-8-sig")
    other = member(aubeville, Role.PARTNER, dep.pmi)
    assert client_for(other).get(url).status_code == 403


def test_merged_windows_follow_the_union_order(dep, monkeypatch):  # type: ignore[no-untyped-def]
    """Each window, the CSV's stream and the counts read per kind and merged give exactly
    what the database's ordered UNION of the four kinds gives."""
    from maillage.departments import selectors_engagements as selectors

    for i in range(6):
        level = (sharing.Level.DETAILS, sharing.Level.AGGREGATES)[i % 3 == 2]
        engagements_world.add_commune(dep, f"Commune ajoutée {i}", level)
    organisations = selectors.department_organisations(dep.agent, dep.department)
    communes = selectors.communes_of(dep.department)
    for filters in (selectors.Filters(), selectors.Filters(overdue=True, service=dep.pmi.pk)):
        rows = selectors.department_engagements(dep.agent, organisations, communes, filters).rows
        expected = list(rows.union())
        assert len(expected) > 10
        assert rows.count() == len(expected) == len(rows)
        assert rows.count(cap=3) == 3
        for start, stop in ((0, 5), (3, 9), (7, len(expected) + 4), (0, len(expected))):
            assert rows[start:stop] == expected[start:stop]
        assert list(rows.stream(limit=len(expected), chunk=4)) == expected
        assert list(rows.stream(limit=7, chunk=3)) == expected[:7]
        # Deep windows are read from the UNION itself.
        monkeypatch.setattr(selectors, "MERGE_DEPTH", 4)
        assert rows[3:9] == expected[3:9]
        monkeypatch.undo()
