"""The territory's one search: every kind at once, ranked, with facets by kind — built
only from what the reader may see (results, facets and counts)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.community import indexing
from maillage.community.models import SearchEntry
from maillage.community.selectors import search as selectors
from maillage.community.services import events as event_services
from maillage.core import access
from maillage.core.roles import Visibility
from tests.community.library_builders import document
from tests.governance.builders import body, meeting
from tests.network.builders import make_contact, make_procedure, make_service
from tests.programme.factories import action

pytestmark = pytest.mark.django_db

WORD = "quetzal"


@pytest.fixture
def corpus(world, django_capture_on_commit_callbacks):
    t, member_org = world.territory, world.org_member
    with django_capture_on_commit_callbacks(execute=True):
        found = {
            "service": make_service(t, member_org, name=f"Garderie {WORD}"),
            "service_partners": make_service(
                t, member_org, name=f"Service {WORD} partenaires", visibility=Visibility.PARTNERS
            ),
            "contact_point": make_contact(t, member_org, function=f"Référente {WORD}"),
            "procedure": make_procedure(t, member_org, title=f"Démarche {WORD}"),
            "action": action(t, title=f"Fiche {WORD}", pilots=[member_org]),
            "body": body(
                t, name=f"Groupe {WORD}", members=[member_org], visibility=Visibility.MEMBERS
            ),
            "document_public": document(
                t,
                member_org,
                actor=world.user("member"),
                title="Étude publique",
                words=(f"Le mot {WORD} est dans le fichier seulement",),
                visibility=Visibility.PUBLIC,
            ),
            "document_restricted": document(
                t,
                member_org,
                actor=world.user("member"),
                title="Étude restreinte",
                words=(f"{WORD} confidentiel",),
                visibility=Visibility.RESTRICTED,
                restricted_to=[member_org],
            ),
        }
        starts = timezone.now() + datetime.timedelta(days=5)
        event = event_services.create_event(
            actor=world.user("member"),
            territory=t,
            organisation=member_org,
            title=f"Forum {WORD}",
            summary="Un forum pour les familles.",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            place="Centre social",
        )
        found["event_draft"] = event
        found["meeting"] = meeting(found["body"], title=f"Séance {WORD}")
        # Something elsewhere that must never come up.
        found["foreign"] = make_service(world.foreign, world.org_foreign, name=f"Ailleurs {WORD}")
    return found


def _expected(user, corpus, territory):
    """What ``user`` may see among the corpus, asked of the access engine object by object."""
    return {
        key for key, obj in corpus.items() if key != "foreign" and access.can(user, "view", obj)
    }


def _kind_of(obj):
    return indexing.source_for_model(type(obj)).kind


@pytest.mark.parametrize(
    "actor",
    [
        "anonymous",
        "resident",
        "partner",
        "member",
        "coordinator",
        "departement",
        "foreign",
        "admin",
    ],
)
def test_results_facets_and_counts_hold_only_what_the_reader_may_see(world, corpus, actor):
    user = world.user(actor)
    expected = _expected(user, corpus, world.territory)
    rows = list(selectors.results(user, world.territory, WORD))
    got = {(row.kind, row.object_id) for row in rows}
    want = {(_kind_of(corpus[k]), corpus[k].pk) for k in expected}
    assert got == want, actor
    facets = {f.kind: f.count for f in selectors.facets(user, world.territory, WORD)}
    counts: dict[str, int] = {}
    for key in expected:
        counts[_kind_of(corpus[key])] = counts.get(_kind_of(corpus[key]), 0) + 1
    assert facets == counts, actor


def test_the_restricted_and_draft_objects_stay_hidden_from_a_partner(world, corpus, client_for):
    response = client_for(world.user("partner")).get(
        reverse("community:search", args=[world.territory.slug]), {"q": WORD}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Étude publique" in html  # found by a word inside its PDF only
    assert "Étude restreinte" not in html
    assert f"Forum {WORD}" not in html  # a draft
    assert f"Groupe {WORD}" not in html  # a members-only body
    assert f"Ailleurs {WORD}" not in html
    # The facets name no hidden kind and their counts add up to the total shown.
    facets = selectors.facets(world.user("partner"), world.territory, WORD)
    assert "document" in {f.kind for f in facets}
    total = sum(f.count for f in facets)
    assert f"{total} résultats" in html


def test_the_member_finds_the_restricted_document_and_the_anonymous_visitor_does_not(
    world, corpus, client_for
):
    url = reverse("community:search", args=[world.territory.slug])
    assert (
        "Étude restreinte"
        in client_for(world.user("member")).get(url, {"q": WORD}).content.decode()
    )
    assert "Étude restreinte" not in client_for(None).get(url, {"q": WORD}).content.decode()


def test_a_kind_facet_narrows_the_results(world, corpus, client_for):
    url = reverse("community:search", args=[world.territory.slug])
    html = (
        client_for(world.user("coordinator"))
        .get(url, {"q": WORD, "type": "document"})
        .content.decode()
    )
    assert "Étude publique" in html
    assert f"Garderie {WORD}" not in html


def test_a_stale_index_row_never_shows_a_hidden_object(world, corpus):
    """Visibility is asked of the objects, not of the rows: a row about an object made
    restricted after it was indexed is not returned."""
    doc = corpus["document_public"]
    type(doc).objects.filter(pk=doc.pk).update(visibility=Visibility.RESTRICTED)  # no signal
    rows = selectors.results(world.user("partner"), world.territory, WORD)
    assert doc.pk not in {r.object_id for r in rows if r.kind == "document"}


def test_ranking_puts_the_title_first(world, corpus):
    rows = list(selectors.results(world.user("admin"), world.territory, WORD))
    # Every hit has the word in its title except the two documents (in their files only).
    assert {row.title for row in rows[-2:]} == {"Étude publique", "Étude restreinte"}
    assert rows[0].search_rank > rows[-1].search_rank


def test_reindex_rebuilds_the_rows_of_a_territory(world, corpus):
    before = SearchEntry.objects.filter(territory=world.territory).count()
    SearchEntry.objects.filter(territory=world.territory).delete()
    assert indexing.reindex_territory(world.territory) == before
    assert selectors.results(world.user("admin"), world.territory, WORD).count() == before


def test_the_api_search_and_facets(world, corpus, client_for):
    client = client_for(world.user("partner"))
    slug = world.territory.slug
    answer = client.get(f"/api/v1/territories/{slug}/search", {"q": WORD}).json()
    titles = {item["title"] for item in answer["items"]}
    assert "Étude publique" in titles
    assert "Étude restreinte" not in titles
    facets = client.get(f"/api/v1/territories/{slug}/search/facets", {"q": WORD}).json()
    assert facets["count"] == answer["count"] == sum(f["count"] for f in facets["facets"])
    bad = client.get(f"/api/v1/territories/{slug}/search", {"q": WORD, "kind": "nope"})
    assert bad.status_code == 422


def test_the_search_page_has_constant_queries(world, corpus, client_for):
    from tests.queries import assert_constant_queries

    counter = iter(range(1000))

    def grow(times: int) -> None:
        for _ in range(times):
            make_service(world.territory, world.org_member, name=f"Service {WORD} {next(counter)}")

    assert_constant_queries(
        client_for(world.user("partner")),
        reverse("community:search", args=[world.territory.slug]) + f"?q={WORD}",
        grow,
    )


@pytest.mark.parametrize("actor", ["anonymous", "resident", "partner"])
def test_capped_candidates_never_count_an_invisible_item(
    world, django_capture_on_commit_callbacks, monkeypatch, actor
):
    """Access is asked of the matching rows only, at most ``CANDIDATE_LIMIT`` per kind:
    when more rows match, the facet is a lower bound (« N+ ») made of visible objects
    only — never a count that includes what the reader may not see."""
    with django_capture_on_commit_callbacks(execute=True):
        public = [
            make_service(world.territory, world.org_member, name=f"Ocelot {n}") for n in range(3)
        ]
        hidden = [
            make_service(
                world.territory,
                world.org_member,
                name=f"Ocelot réservé {n}",
                visibility=Visibility.PARTNERS,
            )
            for n in range(4)
        ]
    user = world.user(actor)
    visible = {s.pk for s in public + hidden if access.can(user, "view", s)}
    for limit in (2, 5, 100):
        monkeypatch.setattr(selectors, "CANDIDATE_LIMIT", limit)
        facets = {f.kind: f for f in selectors.facets(user, world.territory, "ocelot")}
        found = {row.object_id for row in selectors.results(user, world.territory, "ocelot")}
        assert found <= visible, (actor, limit)
        count = facets["service"].count if "service" in facets else 0
        assert count == len(found) <= len(visible), (actor, limit)
        if limit >= len(public + hidden):
            assert found == visible and not facets["service"].more
        else:
            assert count <= limit and (not count or facets["service"].more)


def test_every_searched_kind_has_its_own_full_text_index():
    """PostgreSQL reads each kind's matches through a partial index (migration 0005): a
    kind added to the sources without its index would fall back to scanning."""
    from importlib import import_module

    migration = import_module("maillage.community.migrations.0005_search_index_per_kind")
    assert {source.kind for source in indexing.SOURCES} <= set(migration.KINDS)
