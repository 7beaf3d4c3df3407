"""Issue 11, the observatory's portrait and maps: key figures with their small charts and
table, the portrait's map, a map link only where the level has data, and "Réservé aux
partenaires" where data exists but is hidden from the reader."""

import re
from itertools import count

from django.urls import reverse

from maillage.core.roles import Visibility
from maillage.observatory import selectors
from maillage.observatory.models import Indicator
from maillage.territories.models import GeoUnit
from tests.observatory import builders
from tests.queries import assert_constant_queries

numbers = count(1)

IRIS_POPULATION = (
    "IRIS;P21_POP;P21_POP0014;P21_POP1529;P21_POP75P\n"
    "930140101;4000;900;1100;150\n"
    "930140102;3000;600;700;260\n"
    "930140103;3500;800;800;170\n"
    "930140104;2500;500;600;210\n"
)
COMMUNE_RSA = "commune;rsa\n93014;2400\n"
RSA_MAPPING = {
    "geo_column": "commune",
    "level": "commune",
    "period": 2021,
    "period_column": "",
    "variables": {"rsa": "CAF_RSA"},
}


def square(index: int) -> dict:
    west = 2.54 + 0.01 * index
    return {
        "type": "Polygon",
        "coordinates": [
            [[west, 48.9], [west + 0.01, 48.9], [west + 0.01, 48.91], [west, 48.91], [west, 48.9]]
        ],
    }


def draw(territory) -> None:  # type: ignore[no-untyped-def]
    for index, unit in enumerate(GeoUnit.objects.filter(territory=territory).order_by("code")):
        unit.geometry = square(index)
        unit.save(update_fields=["geometry"])


def indicator_url(scene, code: str) -> str:  # type: ignore[no-untyped-def]
    return reverse("observatory:indicator", args=[scene.territory.slug, code])


def map_url(scene, code: str) -> str:  # type: ignore[no-untyped-def]
    return reverse("observatory:indicator_map", args=[scene.territory.slug, code])


def test_no_map_link_for_a_level_without_data(scene, client):  # type: ignore[no-untyped-def]
    builders.dataset(scene.territory, scene.ville, builders.INSEE_COMMUNES)
    draw(scene.territory)
    html = client.get(indicator_url(scene, "part-75-ans-plus")).content.decode()
    assert "Évolution" in html and 'id="series"' in html
    assert 'id="map-link"' not in html
    assert map_url(scene, "part-75-ans-plus") not in html
    assert (
        selectors.map_levels_with_data(
            None, scene.territory, Indicator.objects.get(code="part-75-ans-plus")
        )
        == []
    )
    page = client.get(map_url(scene, "part-75-ans-plus"))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="no-map"' in text and "<path" not in text and 'id="map-form"' not in text


def test_map_link_offered_when_the_level_has_data(scene, client):  # type: ignore[no-untyped-def]
    builders.dataset(scene.territory, scene.ville, builders.INSEE_COMMUNES)
    builders.dataset(scene.territory, scene.ville, IRIS_POPULATION)
    draw(scene.territory)
    html = client.get(indicator_url(scene, "part-75-ans-plus")).content.decode()
    assert 'id="map-link"' in html
    assert 'id="carte-iris"' in html
    # The QPV level has no data: only IRIS is offered on the map page.
    page = client.get(map_url(scene, "part-75-ans-plus")).content.decode()
    assert '<option value="iris"' in page and '<option value="qpv"' not in page
    assert re.search(r'aria-label="Quartier B : 8,7\u202f%"', page)


def test_restricted_data_reads_reserved_not_no_data(scene, client_for):  # type: ignore[no-untyped-def]
    builders.dataset(
        scene.territory,
        scene.caf,
        COMMUNE_RSA,
        kind="partner",
        mapping=RSA_MAPPING,
        visibility=Visibility.RESTRICTED,
        restricted_to=[scene.caf.pk],
    )
    builders.dataset(
        scene.territory,
        scene.caf,
        builders.IRIS_CAF,
        visibility=Visibility.PARTNERS,
    )
    draw(scene.territory)
    for user in (None, scene.ville_user):
        client = client_for(user)
        indicator = client.get(indicator_url(scene, "foyers-rsa")).content.decode()
        assert "Réservé aux partenaires" in indicator
        assert "Aucune donnée chargée pour cet indicateur" not in indicator
        portrait = client.get(
            reverse("observatory:portrait", args=[scene.territory.slug])
        ).content.decode()
        row = re.search(r"Foyers allocataires du RSA</a></th>(.*?)</tr>", portrait, re.S)
        assert row and "Réservé aux partenaires" in row.group(1)
        assert "2\u202f400" not in portrait
    # The public cannot read the partners' IRIS dataset either: the map page says so.
    public_map = client_for(None).get(map_url(scene, "foyers-rsa")).content.decode()
    assert 'id="reserved"' in public_map and "<path" not in public_map
    # A partner reads the IRIS figures: the map is offered.
    partner_map = client_for(scene.ville_user).get(map_url(scene, "foyers-rsa")).content.decode()
    assert 'data-code="930140102"' in partner_map
    # The producer reads everything: no "réservé" anywhere.
    caf = client_for(scene.caf_user).get(indicator_url(scene, "foyers-rsa")).content.decode()
    assert "Réservé aux partenaires" not in caf and "2\u202f400" in caf


def test_portrait_shows_key_figure_charts_and_the_map(scene, client):  # type: ignore[no-untyped-def]
    builders.dataset(scene.territory, scene.ville, builders.INSEE_COMMUNES)
    builders.dataset(scene.territory, scene.ville, IRIS_POPULATION)
    draw(scene.territory)
    html = client.get(reverse("observatory:portrait", args=[scene.territory.slug])).content.decode()
    assert 'id="key-figures"' in html
    assert 'class="obs-bars"' in html and "Clichy-sous-Bois : 29\u202f000" in html
    assert 'id="portrait"' in html  # the table behind the charts
    assert 'id="carte-portrait"' in html
    assert re.search(r'data-code="930140101"[^>]*tabindex="0"', html)
    assert "Quartier A" in html


def test_portrait_with_its_map_queries_do_not_grow(scene, client):  # type: ignore[no-untyped-def]
    builders.dataset(scene.territory, scene.ville, builders.INSEE_COMMUNES)
    builders.dataset(scene.territory, scene.ville, IRIS_POPULATION)
    draw(scene.territory)

    def grow(times: int) -> None:
        for _ in range(4 * times):
            n = next(numbers)
            GeoUnit.objects.create(
                territory=scene.territory,
                kind="iris",
                code=f"93014{n + 2000:04d}",
                name=f"Zone {n}",
                geometry=square(n + 10),
            )
            builders.dataset(
                scene.territory,
                scene.ville,
                f"IRIS;P21_POP;P21_POP75P\n93014{n + 2000:04d};900;80\n",
            )

    assert_constant_queries(
        client, reverse("observatory:portrait", args=[scene.territory.slug]), grow
    )
