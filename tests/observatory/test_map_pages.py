"""The map page: a choropleth by IRIS or QPV drawn only from the figures the reader may see,
with its data table and source line."""

import re

import pytest
from django.urls import reverse

from maillage.core.roles import Visibility
from maillage.territories.models import GeoUnit
from tests.observatory import builders
from tests.queries import assert_constant_queries


def square(index: int) -> dict:
    west = 2.54 + 0.01 * index
    return {
        "type": "Polygon",
        "coordinates": [
            [[west, 48.9], [west + 0.01, 48.9], [west + 0.01, 48.91], [west, 48.91], [west, 48.9]]
        ],
    }


@pytest.fixture
def drawn(scene):  # type: ignore[no-untyped-def]
    for index, unit in enumerate(GeoUnit.objects.filter(territory=scene.territory)):
        unit.geometry = square(index)
        unit.save(update_fields=["geometry"])
    return scene


def map_url(scene, code="foyers-rsa", **params) -> str:  # type: ignore[no-untyped-def]
    url = reverse("observatory:indicator_map", args=[scene.territory.slug, code])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def area_title(html: str, code: str) -> str:
    match = re.search(rf'data-code="{code}"[^>]*><title>([^<]*)</title>', html)
    assert match, f"no area {code}"
    return match.group(1)


def caf_only(scene) -> None:  # type: ignore[no-untyped-def]
    builders.dataset(
        scene.territory,
        scene.caf,
        builders.IRIS_CAF,
        visibility=Visibility.RESTRICTED,
        restricted_to=[scene.caf.pk],
        source="CAF93, fichier RSA",
    )


def test_map_shows_the_producer_its_own_small_count(client_for, drawn):
    caf_only(drawn)
    html = client_for(drawn.caf_user).get(map_url(drawn)).content.decode()
    assert area_title(html, "930140101") == "Quartier A : 3\u202ffoyers"
    assert 'role="img"' in html
    assert "Source : CAF93, fichier RSA, 2021." in html


@pytest.mark.parametrize("who", ["ville_user", "coordinator", None])
def test_a_count_restricted_to_the_caf_never_reaches_another_organisation_on_the_map(
    client_for, drawn, who
):
    caf_only(drawn)
    user = getattr(drawn, who) if who else None
    response = client_for(user).get(map_url(drawn))
    assert response.status_code == 200
    html = response.content.decode()
    # No IRIS figure at all for this reader: no map, and the page says why.
    assert 'data-code="930140101"' not in html
    assert "Réservé aux partenaires" in html
    assert "3\u202ffoyers" not in html
    assert "CAF93, fichier RSA" not in html


def test_secret_cells_are_hatched_for_partners_of_a_shared_dataset(client_for, drawn):
    builders.dataset(
        drawn.territory,
        drawn.caf,
        builders.IRIS_CAF,
        visibility=Visibility.RESTRICTED,
        restricted_to=[drawn.caf.pk, drawn.ville.pk],
    )
    html = client_for(drawn.ville_user).get(map_url(drawn)).content.decode()
    assert area_title(html, "930140101") == "Quartier A : Secret statistique"
    assert 'data-code="930140101"' in html and "url(#carte-secret)" in html
    assert area_title(html, "930140102") == "Quartier B : 40\u202ffoyers"
    assert "3\u202ffoyers" not in html


QPV_RSA = {
    "geo_column": "qpv",
    "level": "qpv",
    "period": 2021,
    "period_column": "",
    "variables": {"rsa": "CAF_RSA"},
}


def test_map_by_qpv_and_bad_parameters(client_for, drawn):
    builders.dataset(drawn.territory, drawn.caf, builders.IRIS_CAF)
    builders.dataset(
        drawn.territory, drawn.caf, "qpv;rsa\nQN09301M;120\n", kind="partner", mapping=QPV_RSA
    )
    client = client_for(None)
    page = client.get(map_url(drawn, niveau="qpv"))
    assert page.status_code == 200
    assert "Grand Ensemble" in page.content.decode()
    assert client.get(map_url(drawn, annee="1850")).status_code == 400
    assert client.get(map_url(drawn, code="inconnu")).status_code == 404


def test_map_page_queries_do_not_grow_with_areas(client, drawn):
    caf_only(drawn)
    counter = iter(range(1000, 2000))

    def grow(times: int) -> None:
        for _ in range(4 * times):
            n = next(counter)
            GeoUnit.objects.create(
                territory=drawn.territory,
                kind="iris",
                code=f"93014{n:04d}",
                name=f"Zone {n}",
                geometry=square(n),
            )

    assert_constant_queries(client, map_url(drawn), grow)


def test_indicator_page_draws_the_map_of_its_sub_areas(client_for, drawn):
    builders.dataset(drawn.territory, drawn.caf, builders.IRIS_CAF)
    url = reverse("observatory:indicator", args=[drawn.territory.slug, "allocataires-caf"])
    html = client_for(None).get(url).content.decode()
    assert 'id="carte-iris"' in html
    assert area_title(html, "930140104") == "Quartier D : 400\u202ffoyers"
    assert (
        reverse("observatory:indicator_map", args=[drawn.territory.slug, "allocataires-caf"])
        in html
    )
