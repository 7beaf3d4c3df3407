"""The departmental home and its API show of each commune only what it shares with the
Département (docs/departments.md, "Vue départementale et partage")."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import reverse

from maillage.core import sharing
from maillage.core.roles import Role
from tests.departments.home.conftest import POPULATION, fill
from tests.factories import TerritoryFactory, member
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db

SECRETS = ("Fiche secrète", "Décision secrète", "Comité secret", "Axe secret", "Séance secrète")


def _card(html: str, slug: str) -> str:
    start = html.index(f'data-commune="{slug}"')
    end = html.find("data-commune=", start + 20)
    return html[start : end if end != -1 else len(html)]


def _home(client: Any, scene: Any) -> str:
    response = client.get(reverse("territories:home", args=[scene.departement.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_agent_sees_each_commune_as_far_as_it_shares(scene, client_for) -> None:  # type: ignore[no-untyped-def]
    html = _home(client_for(scene.agent), scene)
    assert 'id="carte-communes"' in html
    assert html.count('data-pst="1"') == 3 and html.count('data-pst="0"') == 1
    # Details: names and links, a partner's reading.
    a = _card(html, "commune-a")
    assert "Axe secret A" in a and "Comité secret A" in a
    assert reverse("programme:actions", args=["commune-a"]) in a
    # Aggregates: counts and dates only; no title, no link into the commune.
    b = _card(html, "commune-b")
    assert 'data-status="ongoing">1<' in b
    assert "1 axe" in b and "dernière séance le" in b and "Prochaine révision" in b
    assert "Comité technique" in b  # the body's kind, not its name
    assert "href=" not in b
    for secret in SECRETS:
        assert f"{secret} B" not in html
    # Nothing.
    c = _card(html, "commune-c")
    assert "ne partage pas son programme d’actions" in c
    assert "ne partage pas sa gouvernance" in c
    assert "ne partage pas son observatoire" in c
    assert "data-status" not in c and "dernière séance" not in c
    for secret in SECRETS:
        assert f"{secret} C" not in html
    assert "33" not in re.sub(r"\D", "", re.sub(r"<[^>]+>", "", c))


def test_the_across_blocks_list_rows_only_where_shared_in_detail(scene, client_for) -> None:  # type: ignore[no-untyped-def]
    html = _home(client_for(scene.agent), scene)
    # The fiches and séances of the agent's organisation (programme and governance blocks).
    assert "Fiche secrète A" in html and "Séance secrète A" in html
    assert "Fiche secrète B" not in html and "Séance secrète B" not in html


def test_the_api_has_the_same_bounds(scene, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for(scene.agent).get(f"/api/v1/departments/{scene.departement.slug}/overview")
    assert response.status_code == 200, response.content
    body = response.json()
    by_slug = {c["slug"]: c for c in body["communes"]}
    a, b, c = by_slug["commune-a"], by_slug["commune-b"], by_slug["commune-c"]
    assert a["programme"]["axes"] == ["1. Axe secret A"]
    assert a["governance"]["bodies"][0]["name"] == "Comité secret A"
    assert b["sharing"]["programme"] == "aggregates"
    assert b["programme"]["axes"] == [] and b["programme"]["axes_count"] == 1
    assert b["programme"]["actions_by_status"]["ongoing"] == 1
    assert b["governance"]["bodies"][0]["name"] is None
    assert b["governance"]["bodies"][0]["last_meeting"] is not None
    assert b["governance"]["next_review"] is not None
    figures = {f["indicator"]: f for f in b["key_figures"]}
    assert figures["population"]["value"].startswith(str(POPULATION["B"]))
    assert c["programme"] is None and c["governance"] is None and c["key_figures"] is None
    text = json.dumps(body, ensure_ascii=False)
    for secret in SECRETS:
        assert f"{secret} B" not in text and f"{secret} C" not in text
    assert str(POPULATION["C"]) not in text


def test_the_overview_is_refused_to_a_commune_partner(scene, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(scene.partners["A"])
    url = f"/api/v1/departments/{scene.departement.slug}/overview"
    assert client.get(url).status_code == 403
    assert client_for(None).get(url).status_code == 401


def test_the_public_sees_the_communes_and_nothing_counted(scene, client_for) -> None:  # type: ignore[no-untyped-def]
    html = _home(client_for(None), scene)
    assert reverse("territories:home", args=["commune-b"]) in html
    assert 'id="carte-communes"' in html
    assert "data-commune=" not in html and "data-status" not in html
    for secret in ("Axe secret", "Comité secret", "Décision secrète", "Convention secrète"):
        assert secret not in html


def test_no_contour_no_map_but_the_list(scene, client_for) -> None:  # type: ignore[no-untyped-def]
    scene.departement.geounits.all().delete()
    html = _home(client_for(None), scene)
    assert "<svg" not in html.split("Les communes qui conduisent")[1].split("</section>")[0]
    assert reverse("territories:home", args=["commune-a"]) in html
    agent = _home(client_for(scene.agent), scene)
    assert 'id="carte-communes"' not in agent and 'data-commune="commune-b"' in agent


def test_the_departement_coordinator_sees_the_overview(scene, client_for) -> None:  # type: ignore[no-untyped-def]
    chief = member(scene.departement, Role.COORDINATOR, scene.focus)
    html = _home(client_for(chief), scene)
    assert 'data-commune="commune-b"' in html and "Fiche secrète B" not in html


def _grow(scene: Any):  # type: ignore[no-untyped-def]
    def grow(times: int) -> None:
        for _ in range(times):
            for level in sharing.ORDER:
                n = TerritoryFactory._meta.model.objects.count()
                commune = TerritoryFactory(
                    name=f"Commune {n}",
                    slug=f"commune-{n}",
                    insee_code=f"97{n:03d}",
                    parent=scene.departement,
                    department_sharing=sharing.everything(level),
                )
                fill(commune, str(n), scene.focus, scene.agent)

    return grow


def test_the_query_count_does_not_grow_with_the_communes(scene, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(scene.agent)
    assert_constant_queries(
        client, reverse("territories:home", args=[scene.departement.slug]), _grow(scene)
    )


def test_the_api_query_count_does_not_grow_with_the_communes(scene, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(scene.agent)
    assert_constant_queries(
        client, f"/api/v1/departments/{scene.departement.slug}/overview", _grow(scene)
    )


def test_key_figures_read_the_communes_own_datasets(scene, client_for) -> None:  # type: ignore[no-untyped-def]
    from tests.observatory import builders as obs

    a, c = scene.communes["A"], scene.communes["C"]
    obs.dataset(a, scene.focus, f"CODGEO;P21_POP\n{a.insee_code};55555\n", period=2023)
    obs.dataset(c, scene.focus, f"CODGEO;P21_POP\n{c.insee_code};66666\n", period=2023)
    body = (
        client_for(scene.agent).get(f"/api/v1/departments/{scene.departement.slug}/overview").json()
    )
    by_slug = {row["slug"]: row for row in body["communes"]}
    figures = {f["indicator"]: f for f in by_slug["commune-a"]["key_figures"]}
    assert figures["population"]["value"].startswith("55555")
    assert "66666" not in json.dumps(body)


def test_the_communes_cards_come_a_page_at_a_time(scene, client_for, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A Département of hundreds of communes: a card per commune, a page at a time (the
    count and the map keep them all), under its own page parameter."""
    from maillage.departments import overview

    monkeypatch.setattr(overview, "COMMUNES_PER_PAGE", 2)
    _grow(scene)(1)
    client = client_for(scene.agent)
    first = _home(client, scene)
    slugs = re.findall(r'data-commune="([^"]+)"', first)
    assert len(slugs) == 2
    total = int(re.search(r"(\d+) communes conduisent", first).group(1))  # type: ignore[union-attr]
    assert total > 2
    assert 'href="?communes=2#communes"' in first
    seen = list(slugs)
    for number in range(2, (total + 1) // 2 + 1):
        html = client.get(
            reverse("territories:home", args=[scene.departement.slug]), {"communes": number}
        ).content.decode()
        seen += re.findall(r'data-commune="([^"]+)"', html)
    assert len(seen) == len(set(seen)) == total


def test_the_map_table_names_each_commune_and_whether_it_runs_a_pst(scene, client_for) -> None:  # type: ignore[no-untyped-def]
    """The map's accessible twin (its rows written in Python): a row per commune of the
    département, « Oui » where the commune runs its PST here, « pas de contour » where the
    commune has none to draw; names escaped."""
    from maillage.territories.models import GeoUnit
    from tests.factories import GeoUnitFactory

    GeoUnitFactory(
        territory=scene.departement,
        kind=GeoUnit.Kind.COMMUNE,
        code="97098",
        name="Commune <E> & fils",
        geometry=None,
    )
    for client in (client_for(None), client_for(scene.agent)):
        html = _home(client, scene)
        assert '<tr><th scope="row">Commune A</th><td>97001</td><td>Oui</td></tr>' in html
        assert '<tr><th scope="row">Commune D</th><td>97099</td><td>Non</td></tr>' in html
        assert (
            '<tr><th scope="row">Commune &lt;E&gt; &amp; fils</th><td>97098</td><td>Non '
            '<span class="fr-text--xs">(pas de contour)</span></td></tr>'
        ) in html


def test_a_card_names_its_first_bodies_and_counts_the_others(scene, client_for) -> None:  # type: ignore[no-untyped-def]
    """A commune running eighty bodies does not fill the Département's first screen: its
    card names the first ``BODIES_SHOWN`` (in the order of its list) and says how many
    more it runs; the names stay bounded by what the commune shares."""
    from maillage.departments.selectors_overview import BODIES_SHOWN
    from tests.governance import builders as gov

    for key in ("A", "B"):
        for n in range(BODIES_SHOWN + 2):
            gov.body(scene.communes[key], name=f"Groupe {n:02d} {key}")
    html = _home(client_for(scene.agent), scene)
    a = _card(html, "commune-a")
    assert a.count("dernière séance le") + a.count("aucune séance tenue") == BODIES_SHOWN
    assert "et 3 autres instances" in a
    assert "Comité secret A" in a  # the strategic and technical ones come first
    b = _card(html, "commune-b")
    assert "et 3 autres instances" in b and "Groupe" not in b
    c = _card(html, "commune-c")
    assert "autre instance" not in c
    # The API lists every body (a card is a first screen, the API an export).
    api = client_for(scene.agent).get(f"/api/v1/departments/{scene.departement.slug}/overview")
    by_slug = {row["slug"]: row for row in api.json()["communes"]}
    assert len(by_slug["commune-a"]["governance"]["bodies"]) == BODIES_SHOWN + 3


def test_the_map_is_drawn_once_until_the_next_write(scene, client_for, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Drawing four hundred contours is kept until something is written: a second visit
    does not draw it again; a commune added to the département's contours shows at once."""
    from maillage.departments import overview
    from maillage.territories.models import GeoUnit
    from tests.departments.home.conftest import square
    from tests.factories import GeoUnitFactory

    drawn: list[int] = []
    draw = overview.communes_map

    def counting(*args: Any, **kwargs: Any) -> Any:
        drawn.append(1)
        return draw(*args, **kwargs)

    monkeypatch.setattr(overview, "communes_map", counting)
    client = client_for(scene.agent)
    _home(client, scene)
    _home(client, scene)
    assert len(drawn) == 1
    GeoUnitFactory(
        territory=scene.departement,
        kind=GeoUnit.Kind.COMMUNE,
        code="97097",
        name="Commune nouvelle",
        geometry=square(4.0, 48.5),
    )
    html = _home(client, scene)
    assert len(drawn) == 2
    assert '<tr><th scope="row">Commune nouvelle</th><td>97097</td><td>Non</td></tr>' in html


def test_the_communes_one_works_in_are_read_once_until_the_next_write(scene, client_for) -> None:  # type: ignore[no-untyped-def]
    """The communes where the agent's organisation is a partner (hundreds for a
    Département-wide one) are read once until the next write; a new partnership shows at
    once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from maillage.territories.models import Partnership

    client = client_for(scene.agent)

    def communes_read() -> int:
        with CaptureQueriesContext(connection) as captured:
            html = _home(client, scene)
        assert "Ouvrir Commune A" in html
        return sum(
            '"territories_partnership"' in q["sql"] and "communes" not in q["sql"]
            for q in captured.captured_queries
        )

    assert communes_read() == 1
    assert communes_read() == 0
    commune = TerritoryFactory(
        name="Commune E", slug="commune-e", insee_code="97005", parent=scene.departement
    )
    Partnership.objects.create(territory=commune, organisation=scene.focus)
    assert communes_read() == 1
    assert "Ouvrir Commune E" in _home(client, scene)
