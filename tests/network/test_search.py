"""The réseau's search: French, insensitive to accents and plurals, ranked, on SQLite
(FTS5) and PostgreSQL (tsvector); hidden services never show, not even in counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from maillage.core import search
from maillage.core.roles import Visibility
from maillage.network import selectors
from maillage.network.models import Service
from tests.network.builders import make_contact, make_procedure, make_service


def _names(qs):  # type: ignore[no-untyped-def]
    return [s.name for s in qs]


@pytest.fixture
def services_of(world):  # type: ignore[no-untyped-def]
    t, org = world.territory, world.org_member
    return {
        "maintien": make_service(t, org, name="Aide au maintien dans le logement"),
        "garderie": make_service(
            t,
            org,
            name="Garderie éphémère",
            description="Un mode de garde ponctuel pour les parents en démarche d’insertion.",
            thematiques=["famille--garde-denfants"],
        ),
        "pmi": make_service(
            t,
            org,
            name="Consultations de PMI",
            description="Suivi médical des enfants de moins de six ans.",
            thematiques=["sante--acces-aux-soins"],
        ),
        "hidden": make_service(
            t,
            world.org_member,
            name="Logement d’urgence confidentiel",
            description="Hébergement d’urgence pour les femmes victimes de violences.",
            visibility=Visibility.MEMBERS,
        ),
    }


def test_terms_drop_stop_words_and_fold_accents():
    assert search.terms("Je cherche un interlocuteur pour l’Hébergement") == [
        "interlocuteur",
        "hebergement",
    ]
    assert search.terms("le la les") == []


def test_housing_word_finds_the_housing_maintenance_services(world, services_of):
    found = _names(search.match(Service.objects.all(), "logement"))
    assert "Aide au maintien dans le logement" in found
    assert "Garderie éphémère" not in found


def test_accents_plurals_and_prefixes(world, services_of):
    for query in ("logements", "LOGEMENT", "hébergement maintien", "ephemere", "garderies"):
        assert _names(search.match(Service.objects.exclude(pk=services_of["hidden"].pk), query)), (
            query
        )
    assert _names(search.match(Service.objects.all(), "garde enfant")) == ["Garderie éphémère"]


def test_title_matches_rank_first(world, services_of):
    make_service(
        world.territory,
        world.org_member,
        name="Atelier budget",
        description="Pour éviter les impayés : logement, énergie, téléphone.",
        thematiques=["difficultes-financieres--ameliorer-sa-gestion-budgetaire"],
    )
    ranked = search.match(
        Service.objects.exclude(pk=services_of["hidden"].pk), "logement"
    ).order_by("-search_rank")
    assert _names(ranked)[0] == "Aide au maintien dans le logement"


def test_updates_and_deletes_reach_the_index(world, services_of):
    service = services_of["pmi"]
    service.name = "Consultations de protection infantile"
    service.save()
    assert _names(search.match(Service.objects.all(), "protection infantile")) == [service.name]
    service.delete()
    assert _names(search.match(Service.objects.all(), "protection infantile")) == []


def test_the_search_page_garde_enfant_finds_the_garderie(world, services_of, client):  # type: ignore[no-untyped-def]
    response = client.get(
        reverse("network:search", args=[world.territory.slug]), {"q": "garde enfant"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Garderie éphémère" in body
    assert "Consultations de PMI" not in body


def test_hidden_services_never_appear_in_results_counts_or_suggestions(
    world, services_of, client_for
):
    url = reverse("network:search", args=[world.territory.slug])
    for actor in ("anonymous", "partner", "elected", "departement"):
        client = client_for(world.user(actor))
        results = selectors.search_network(
            world.user(actor), world.territory, selectors.Filters(q="logement urgence")
        )
        assert "Logement d’urgence confidentiel" not in _names(results.services.object_list)
        body = client.get(url, {"q": "logement"}).content.decode()
        assert "confidentiel" not in body
        assert "1 service" in body  # only the maintenance service is counted
        counts = selectors.category_counts(
            world.user(actor), world.territory, selectors.Filters(q="logement")
        )
        assert counts == {"logement-hebergement": 1}
        entries = {
            e["value"]: e["services"]
            for e in selectors.problem_entries(world.user(actor), world.territory)
        }
        assert entries["logement-hebergement"] == 1
        suggestions = client.get(
            reverse("network:suggest", args=[world.territory.slug]), {"q": "confid"}
        ).content.decode()
        assert "confidentiel" not in suggestions
        api = client.get(
            f"/api/v1/territories/{world.territory.slug}/network/search", {"q": "urgence"}
        ).json()
        assert api["services_total"] == 0
    for actor in ("member", "coordinator"):
        client = client_for(world.users[actor])
        assert "confidentiel" in client.get(url, {"q": "urgence"}).content.decode()


def test_contacts_and_procedures_answer_a_housing_problem(world, services_of, client_for):
    make_contact(world.territory, world.org_member, notes="À saisir dès le premier impayé.")
    make_procedure(world.territory, world.org_member)
    client = client_for(world.users["partner"])
    body = client.get(
        reverse("network:search", args=[world.territory.slug]), {"q": "expulsions"}
    ).content.decode()
    assert "Référente prévention des expulsions" in body
    body = client.get(
        reverse("network:search", args=[world.territory.slug]),
        {"thematique": "logement-hebergement--se-maintenir-dans-le-logement"},
    ).content.decode()
    assert "Référente prévention des expulsions" in body  # a contact for the whole category
    assert "Demander une aide au maintien dans le logement" in body
    assert "Aide au maintien dans le logement" in body


def test_filters_combine_with_the_text(world, services_of):
    make_service(
        world.territory,
        world.org_other,
        name="Logement des jeunes",
        publics=["jeunes"],
        frais="payant",
        modes_accueil=["a-distance"],
    )
    user = world.users["coordinator"]

    def names(**filters):  # type: ignore[no-untyped-def]
        return sorted(
            _names(
                selectors.search_network(
                    user, world.territory, selectors.Filters(**filters)
                ).services.object_list
            )
        )

    assert names(q="logement", public="jeunes") == ["Logement des jeunes"]
    assert names(q="logement", frais="gratuit") == [
        "Aide au maintien dans le logement",
        "Logement d’urgence confidentiel",
    ]
    assert names(q="logement", mode_accueil="a-distance") == ["Logement des jeunes"]
    assert "Garderie éphémère" in names(thematique="famille")
    assert names(thematique="famille--garde-denfants") == ["Garderie éphémère"]


def test_no_result_with_every_word_falls_back_to_any_word(world, services_of):
    results = selectors.search_network(
        world.users["partner"], world.territory, selectors.Filters(q="garderie zygomatique")
    )
    assert results.broadened
    assert _names(results.services.object_list) == ["Garderie éphémère"]


def test_search_page_query_count_does_not_grow(world, client):  # type: ignore[no-untyped-def]
    from tests.queries import assert_constant_queries

    make_service(world.territory, world.org_member)
    make_contact(world.territory, world.org_member, visibility=Visibility.PUBLIC)
    make_procedure(world.territory, world.org_member)

    def grow(n: int) -> None:
        for i in range(n):
            make_service(world.territory, world.org_other, name=f"Logement {i}")
            make_contact(
                world.territory,
                world.org_other,
                function=f"Conseiller logement {i}",
                visibility=Visibility.PUBLIC,
            )
            make_procedure(world.territory, world.org_other, title=f"Démarche logement {i}")

    url = reverse("network:search", args=[world.territory.slug])
    assert_constant_queries(client, f"{url}?q=logement", grow, factor=3)
    from django.core.cache import cache

    def cold_entry_page() -> str:
        cache.clear()  # the entry page's counts are cached: count them uncached
        return url

    assert_constant_queries(client, cold_entry_page, grow, factor=2)


@pytest.mark.postgres_only
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="exercises the PostgreSQL path of search.py; the SQLite path runs in every other test of this module",
)
def test_postgres_uses_the_french_configuration(world, services_of):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('maillage_fr', 'Hébergements éphémères')::text, "
            "to_tsvector('maillage_fr', 'hebergement ephemere')::text"
        )
        accented, plain = cursor.fetchone()
    # Accents and plurals reach the same stems.
    assert accented == plain == "'ephemer':2 'heberg':1"
    sql = str(search.match(Service.objects.all(), "logement").query)
    assert "search_vector" in sql and "maillage_fr" in sql


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="exercises the SQLite path of search.py; the PostgreSQL leg runs the other one",
)
def test_sqlite_uses_fts5(world, services_of):
    sql = str(search.match(Service.objects.all(), "logement").query)
    assert "network_service_fts" in sql and "MATCH" in sql


def test_problem_entries_are_cached_per_kind_of_reader_until_a_write(world, services_of):
    partner, anonymous = world.users["partner"], None
    first = {e["value"]: e["services"] for e in selectors.problem_entries(partner, world.territory)}
    assert first["famille"] == 1
    assert {
        e["value"]: e["services"] for e in selectors.problem_entries(anonymous, world.territory)
    }["famille"] == 1
    make_service(
        world.territory,
        world.org_other,
        name="Relais assistantes maternelles",
        thematiques=["famille--garde-denfants"],
    )
    after = {e["value"]: e["services"] for e in selectors.problem_entries(partner, world.territory)}
    assert after["famille"] == 2
    member = {
        e["value"]: e["services"]
        for e in selectors.problem_entries(world.users["member"], world.territory)
    }
    assert (
        member["logement-hebergement"] == 2
    )  # the members-only service counts for its organisation


def test_renaming_an_organisation_reaches_the_search(world, services_of):
    from maillage.territories.services import update_organisation

    update_organisation(actor=None, organisation=world.org_member, acronym="ASSOQ")
    found = _names(search.match(Service.objects.all(), "assoq"))
    assert "Garderie éphémère" in found


def test_a_query_without_searchable_words_finds_nothing_without_error(world, client_for):
    """One letter or a control character leaves no word to search: an empty answer, not a
    500 (found by schemathesis: ``?q=È%19``)."""
    client = client_for(world.users["partner"])
    for q in ("a", "È\x19", "le"):
        response = client.get(
            f"/api/v1/territories/{world.territory.slug}/network/search", {"q": q}
        )
        assert response.status_code == 200, (q, response.content[:200])
        assert response.json()["services"] == []
