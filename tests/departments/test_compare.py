"""Comparing the communes of a Département: what each reader sees of each commune, on the
page, in the export, in the API and on the map, under statistical secrecy across levels."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from maillage.core import sharing
from maillage.departments import selectors_compare
from maillage.observatory.models import Indicator
from tests.departments import compare_scene
from tests.factories import GeoUnitFactory, OrganisationFactory, TerritoryFactory
from tests.observatory import builders
from tests.queries import assert_constant_queries


@pytest.fixture
def scene(db):  # type: ignore[no-untyped-def]
    return compare_scene.build()


def _page(scene, **query):  # type: ignore[no-untyped-def]
    url = reverse("departments:compare", args=[scene.department.slug])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def _api(client, scene, **query):  # type: ignore[no-untyped-def]
    url = f"/api/v1/departments/{scene.department.slug}/comparisons"
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def _by_code(payload):  # type: ignore[no-untyped-def]
    return {c["code"]: c for c in payload["communes"]}


def test_the_agent_compares_the_poverty_rate(scene, client_for):  # type: ignore[no-untyped-def]
    client = client_for(scene.agent)
    response = client.get(_page(scene, indicateur="taux-pauvrete", commune="aulnay"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Taux de pauvreté" in html
    assert 'id="carte-communes"' in html  # the map
    assert 'id="classement-titre"' in html  # the ranked chart
    assert 'id="compare-table"' in html
    assert 'data-highlight="true"' in html
    assert "43,9" in html  # Clichy shares in detail: its partners' dataset is read
    assert "25,1" in html  # Aulnay's published figure (the Département's file)
    assert "27,7" not in html  # Aulnay's partners-only dataset: not for the Département
    assert "33,3" not in html and "31,2" not in html  # Bondy shares nothing
    assert "Non partagé par la commune" in html
    assert "28,4" in html  # the département's value
    payload = _api(client, scene, indicator="taux-pauvrete", highlight="aulnay")
    communes = _by_code(payload)
    assert communes["93014"]["figure"]["value"] == pytest.approx(43.9)
    assert communes["93014"]["rank"] == 1
    assert communes["93005"]["highlighted"] is True
    assert communes["93010"]["figure"]["value"] is None
    assert communes["93010"]["figure"]["reason"] == "Non partagé par la commune"
    assert communes["93010"]["rank"] is None
    assert payload["department"]["value"] == pytest.approx(28.4)
    assert payload["year"] == 2021


def test_a_commune_sharing_nothing_is_never_read(scene, client_for):  # type: ignore[no-untyped-def]
    client = client_for(scene.agent)
    for code in ("population", "naissances", "taux-pauvrete", "menages-fiscaux"):
        payload = _api(client, scene, indicator=code)
        bondy = _by_code(payload)["93010"]
        assert bondy["figure"] is None or bondy["figure"]["value"] is None, code
    export = client.get(
        reverse("departments:compare_export", args=[scene.department.slug, "csv"])
        + "?indicateur=population"
    )
    text = export.content.decode("utf-8-sig")
    assert "54000" not in text and "54 000" not in text
    assert "Non partagé par la commune" in text


def test_an_aggregates_commune_shows_what_it_published_and_nothing_more(  # type: ignore[no-untyped-def]
    scene, client_for
):
    client = client_for(scene.agent)
    population = _by_code(_api(client, scene, indicator="population"))["93005"]
    # Its own public file (newer than the Département's) is an aggregate it published.
    assert population["figure"]["value"] == 86500
    poverty = _by_code(_api(client, scene, indicator="taux-pauvrete"))["93005"]
    assert poverty["figure"]["value"] == pytest.approx(25.1)  # not its partners' 27,7
    # Its partners read their own dataset on the comparison too.
    partner_view = _by_code(
        _api(client_for(scene.aulnay_coordinator), scene, indicator="taux-pauvrete")
    )
    assert partner_view["93005"]["figure"]["value"] == pytest.approx(27.7)
    # …but not Clichy's partners-only dataset.
    assert partner_view["93014"]["figure"]["value"] == pytest.approx(44.0)


def test_total_minus_the_others_never_reveals_a_hidden_commune(  # type: ignore[no-untyped-def]
    scene, client_for
):
    client = client_for(scene.agent)
    truth = {"population": compare_scene.POPULATION, "naissances": compare_scene.BIRTHS}
    truth["population"] = {**truth["population"], "93005": 86500}
    for code, values in truth.items():
        payload = _api(client, scene, indicator=code)
        communes = _by_code(payload)
        shown = {c: e["figure"]["value"] for c, e in communes.items() if e["figure"]["value"]}
        hidden = [c for c in communes if c not in shown]
        assert "93010" in hidden  # Bondy: withheld
        if payload["department"]["value"] is None:
            continue
        remainder = Decimal(str(payload["department"]["value"])) - sum(
            Decimal(str(v)) for v in shown.values()
        )
        assert len(hidden) >= 2, code
        for commune in hidden:
            assert remainder != values[commune], (code, commune)
    births = _by_code(_api(client, scene, indicator="naissances"))
    assert births["93014"]["figure"]["reason"] == "Secret statistique : effectif trop faible"
    population = _by_code(_api(client, scene, indicator="population"))
    complements = [
        c for c, e in population.items() if e["figure"]["reason"].startswith("Secret statistique")
    ]
    # Bondy's population is withheld (maybe zero, for all the rule knows): two others go.
    assert sorted(complements) == ["93014", "93032"]


def test_communes_of_comparable_size(scene, client_for):  # type: ignore[no-untyped-def]
    payload = _api(client_for(scene.agent), scene, indicator="taux-pauvrete", highlight="93031")
    similar = {c["code"] for c in payload["communes"] if c["similar_size"]}
    # Épinay, 56 000 inhabitants: 39 200 to 72 800. Drancy (72 000) is in; Gagny (39 000)
    # is out; Bondy's population is not shared; Aulnay is too big.
    assert similar == {"93029"}
    response = client_for(scene.agent).get(_page(scene, commune="93031"))
    assert "30 %" in response.content.decode()


def test_exports_carry_the_same_figures(scene, client_for):  # type: ignore[no-untyped-def]
    client = client_for(scene.agent)
    base = reverse("departments:compare_export", args=[scene.department.slug, "csv"])
    response = client.get(base + "?indicateur=naissances")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    by_code = {row[1]: row for row in rows[1:]}
    assert by_code["93014"][5] == ""
    assert by_code["93014"][6].startswith("Secret statistique")
    assert by_code["93005"][5] == "1300"
    assert by_code["93"][2] == "Seine-Saint-Denis"
    xlsx = client.get(
        reverse("departments:compare_export", args=[scene.department.slug, "xlsx"])
        + "?indicateur=naissances"
    )
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        client.get(
            reverse("departments:compare_export", args=[scene.department.slug, "pdf"])
        ).status_code
        == 404
    )


def test_who_compares(scene, client_for):  # type: ignore[no-untyped-def]
    url = _page(scene)
    assert client_for(scene.agent).get(url).status_code == 200
    # A commune's coordinators, from their observatory, where it shares at least aggregates.
    assert client_for(scene.aulnay_coordinator).get(url).status_code == 200
    assert client_for(scene.bondy_coordinator).get(url).status_code == 403
    assert client_for(scene.clichy_resident).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302
    commune_url = reverse("departments:compare", args=[scene.aulnay.slug])
    assert client_for(scene.agent).get(commune_url).status_code in (403, 404)
    portrait = client_for(scene.aulnay_coordinator).get(
        reverse("observatory:portrait", args=[scene.aulnay.slug])
    )
    assert "Comparer avec les autres communes du département" in portrait.content.decode()
    assert "commune=aulnay" in portrait.content.decode()
    closed = client_for(scene.bondy_coordinator).get(
        reverse("observatory:portrait", args=[scene.bondy.slug])
    )
    assert "Comparer avec les autres communes" not in closed.content.decode()
    # The reader's own commune is highlighted without asking.
    own = client_for(scene.aulnay_coordinator).get(url).content.decode()
    assert "Aulnay-sous-Bois (mise en évidence)" in own


def test_bad_choices_are_reported_not_crashed(scene, client_for):  # type: ignore[no-untyped-def]
    client = client_for(scene.agent)
    response = client.get(_page(scene, indicateur="inconnu", annee="abc", commune="nulle-part"))
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    api = client.get(f"/api/v1/departments/{scene.department.slug}/comparisons?indicator=inconnu")
    assert api.status_code == 422
    assert "Indicateur inconnu" in api.content.decode()


def test_an_indicator_without_figures_says_so(scene, client_for):  # type: ignore[no-untyped-def]
    response = client_for(scene.agent).get(_page(scene, indicateur="aah"))
    assert response.status_code == 200
    assert 'id="no-data"' in response.content.decode()


def test_queries_do_not_grow_with_the_communes(scene, client_for):  # type: ignore[no-untyped-def]
    client = client_for(scene.agent)
    org = OrganisationFactory(name="Ville nouvelle")
    counter = iter(range(40, 99))

    def grow(times: int) -> None:
        for _ in range(times):
            number = next(counter)
            code = f"930{number:02d}"
            commune = TerritoryFactory(
                name=f"Commune {number}",
                slug=f"commune-{number}",
                insee_code=code,
                parent=scene.department,
                department_sharing=sharing.everything(sharing.Level.AGGREGATES),
            )
            GeoUnitFactory(
                territory=scene.department,
                kind="commune",
                code=code,
                name=f"Commune {number}",
                geometry=compare_scene.square(number),
            )
            builders.dataset(
                commune,
                org,
                f"CODGEO;LIBGEO;NBMENFISC21;TP6021\n{code};Commune {number};5000;21,5\n",
                title=f"Pauvreté {number}",
            )

    assert_constant_queries(client, _page(scene, indicateur="taux-pauvrete"), grow)


def test_comparable_indicators_are_those_with_commune_values(db):  # type: ignore[no-untyped-def]
    compare_scene.install_catalogue()
    codes = {i.code for i in selectors_compare.comparable_indicators()}
    assert "taux-pauvrete" in codes
    assert codes == {i.code for i in Indicator.objects.all() if "commune" in (i.levels or [])}
