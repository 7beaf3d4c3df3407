"""Contours imported as a GeoJSON FeatureCollection: matched by code, checked, all or
nothing, audited; and the coordinators' page that does it."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.core.models import AuditEntry
from maillage.core.roles import Role
from maillage.territories import contours, services
from maillage.territories.models import GeoUnit
from tests.factories import GeoUnitFactory, TerritoryFactory, member

pytestmark = pytest.mark.django_db

SQUARE = [[[2.5, 48.9], [2.51, 48.9], [2.51, 48.91], [2.5, 48.91], [2.5, 48.9]]]


def feature(code, coordinates=SQUARE, kind="Polygon", **properties):  # type: ignore[no-untyped-def]
    return {
        "type": "Feature",
        "properties": {"code_iris": code, **properties},
        "geometry": {"type": kind, "coordinates": coordinates},
    }


def collection(*features) -> bytes:  # type: ignore[no-untyped-def]
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


@pytest.fixture
def territory():  # type: ignore[no-untyped-def]
    territory = TerritoryFactory(slug="clichy", insee_code="93014")
    for code in ("930140101", "930140102"):
        GeoUnitFactory(territory=territory, kind=GeoUnit.Kind.IRIS, code=code, name=code)
    return territory


def test_import_sets_each_unit_contour_by_code_and_writes_one_audit_entry(territory):
    result = services.import_contours(
        actor=None,
        territory=territory,
        kind=GeoUnit.Kind.IRIS,
        data=collection(
            feature("930140101"),
            feature("930140102", [SQUARE], kind="MultiPolygon"),
        ),
    )
    assert (result.code_property, result.updated, result.created) == ("code_iris", 2, 0)
    first = GeoUnit.objects.get(code="930140101")
    assert first.geometry == {"type": "Polygon", "coordinates": SQUARE}
    assert GeoUnit.objects.get(code="930140102").geometry["type"] == "MultiPolygon"
    entry = AuditEntry.objects.get()
    assert entry.action == "geounit.contours_import"
    assert entry.changes["updated"] == [None, 2]


def test_import_rounds_coordinates_and_drops_foreign_members(territory):
    precise = [[[2.1234567891, 48.9], [2.51, 48.9], [2.51, 48.91], [2.1234567891, 48.9]]]
    data = collection(feature("930140101", precise))
    services.import_contours(actor=None, territory=territory, kind="iris", data=data)
    geometry = GeoUnit.objects.get(code="930140101").geometry
    assert geometry["coordinates"][0][0] == [2.123457, 48.9]
    assert set(geometry) == {"type", "coordinates"}


def test_unknown_code_refuses_the_whole_file_naming_the_feature(territory):
    data = collection(feature("930140101"), feature("930149999"))
    with pytest.raises(ValidationError) as exc:
        services.import_contours(actor=None, territory=territory, kind="iris", data=data)
    assert exc.value.messages == [
        "Objet n° 2 (code 930149999) : aucune unité de ce code dans le territoire."
    ]
    assert not GeoUnit.objects.filter(geometry__isnull=False).exists()
    assert not AuditEntry.objects.exists()


def test_missing_units_are_created_with_their_name_when_asked(territory):
    data = collection(feature("930140103", nom_iris="Le Chêne Pointu"))
    result = services.import_contours(
        actor=None, territory=territory, kind="iris", data=data, create_missing=True
    )
    assert result.created == 1
    assert GeoUnit.objects.get(code="930140103").name == "Le Chêne Pointu"


def test_control_characters_never_reach_the_database(territory):
    data = collection(feature("930140103\x00", nom_iris="Le\x00 Chêne"))
    services.import_contours(
        actor=None, territory=territory, kind="iris", data=data, create_missing=True
    )
    assert GeoUnit.objects.get(code="930140103").name == "Le Chêne"


def test_created_units_are_validated_like_any_unit(territory):
    data = collection(feature("ABC"))
    with pytest.raises(ValidationError) as exc:
        services.import_contours(
            actor=None, territory=territory, kind="iris", data=data, create_missing=True
        )
    assert exc.value.messages[0].startswith("Objet n° 1 (code ABC) : ")
    assert not GeoUnit.objects.filter(code="ABC").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "Le fichier n’est pas du JSON valide"),
        (b"\xff\xfe\x00", "Le fichier n’est pas encodé en UTF-8."),
        (json.dumps({"type": "Feature"}).encode(), "Le fichier doit être une FeatureCollection"),
        (collection(), "La FeatureCollection ne contient aucun objet"),
        (
            collection(feature("930140101", [[2.5, 48.9]], kind="Point")),
            "Objet n° 1 (code 930140101) : géométrie de type « Point »",
        ),
        (
            collection(
                feature(
                    "930140101",
                    [[[652000, 6862000], [653000, 6862000], [653000, 6863000], [652000, 6862000]]],
                )
            ),
            "Objet n° 1 (code 930140101) : coordonnées hors WGS84 (652000, 6862000) : le fichier "
            "semble projeté (Lambert 93 ?)",
        ),
        (
            collection(feature("930140101", [[[2.5, 48.9], [2.6, 48.9], [2.5, 48.9]]])),
            "Objet n° 1 (code 930140101) : un anneau de polygone doit compter au moins quatre",
        ),
        (
            collection(feature("930140101", [[[2.5, 48.9], [2.6, 48.9], [2.6, 49], [2.5, 49.1]]])),
            "Objet n° 1 (code 930140101) : un anneau de polygone doit être fermé",
        ),
        (
            collection(
                feature("930140101", [[[2.5, "48.9"], [2.6, 48.9], [2.6, 49], [2.5, 48.9]]])
            ),
            "Objet n° 1 (code 930140101) : les coordonnées doivent être des nombres",
        ),
        (
            collection(feature("930140101"), feature("930140101")),
            "Objet n° 2 (code 930140101) : ce code figure déjà à l’objet n° 1.",
        ),
        (
            collection(feature("")),
            "Objet n° 1 : la propriété « code_iris » est absente ou vide.",
        ),
        (
            collection({"type": "Feature", "properties": {"x": 1}, "geometry": None}),
            "Aucune propriété de code reconnue",
        ),
        (b" " * (contours.MAX_CONTOURS_BYTES + 1), "Le fichier dépasse 20 Mo"),
    ],
)
def test_bad_files_are_refused_in_french_and_nothing_changes(territory, data, message):
    with pytest.raises(ValidationError) as exc:
        services.import_contours(actor=None, territory=territory, kind="iris", data=data)
    assert any(m.startswith(message) for m in exc.value.messages), exc.value.messages
    assert not GeoUnit.objects.filter(geometry__isnull=False).exists()
    assert GeoUnit.objects.count() == 2


def test_a_named_code_property_is_used(territory):
    data = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"MY_CODE": 930140101},
                    "geometry": {"type": "Polygon", "coordinates": SQUARE},
                }
            ],
        }
    ).encode()
    result = services.import_contours(
        actor=None, territory=territory, kind="iris", data=data, code_property="MY_CODE"
    )
    assert result.updated == 1


def test_set_geounit_geometry_checks_and_audits(territory):
    unit = GeoUnit.objects.get(code="930140101")
    with pytest.raises(ValidationError):
        services.set_geounit_geometry(
            actor=None, unit=unit, geometry={"type": "Polygon", "coordinates": [[[500, 0]]]}
        )
    services.set_geounit_geometry(
        actor=None, unit=unit, geometry={"type": "Polygon", "coordinates": SQUARE}
    )
    unit.refresh_from_db()
    assert unit.geometry["type"] == "Polygon"
    assert AuditEntry.objects.get().action == "geounit.geometry"


def test_coordinator_imports_contours_from_the_page(client_for, territory):
    coordinator = member(territory, Role.COORDINATOR)
    client = client_for(coordinator)
    url = reverse("territories:contours", args=[territory.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert "Contours géographiques" in page.content.decode()
    upload = SimpleUploadedFile("iris.geojson", collection(feature("930140101")))
    response = client.post(url, {"kind": "iris", "file": upload}, follow=True)
    assert response.status_code == 200
    assert "1 unité mise à jour" in response.content.decode()
    assert GeoUnit.objects.get(code="930140101").geometry is not None


def test_page_rerenders_with_400_and_the_feature_number(client_for, territory):
    client = client_for(member(territory, Role.COORDINATOR))
    url = reverse("territories:contours", args=[territory.slug])
    upload = SimpleUploadedFile("iris.geojson", collection(feature("930140101"), feature("1")))
    response = client.post(url, {"kind": "iris", "file": upload})
    assert response.status_code == 400
    assert "Objet n° 2 (code 1)" in response.content.decode()
    assert not GeoUnit.objects.filter(geometry__isnull=False).exists()


def test_api_imports_contours_and_refuses_bad_ones_with_422(client_for, territory):
    client = client_for(member(territory, Role.COORDINATOR))
    api = f"/api/v1/territories/{territory.slug}/geounits/contours"
    body = {"kind": "iris", "geojson": json.loads(collection(feature("930140101")))}
    response = client.post(api, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json() == {"code_property": "code_iris", "updated": 1, "created": 0}
    bad = {"kind": "iris", "geojson": json.loads(collection(feature("930140101"), feature("9")))}
    response = client.post(api, data=json.dumps(bad), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"]["__all__"] == [
        "Objet n° 2 (code 9) : aucune unité de ce code dans le territoire."
    ]
    partner = client_for(member(territory, Role.PARTNER))
    response = partner.post(api, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 403


def test_contours_page_queries_do_not_grow(client_for, territory):
    from tests.queries import assert_constant_queries

    client = client_for(member(territory, Role.COORDINATOR))
    counter = iter(range(1000, 2000))

    def grow(times: int) -> None:
        for _ in range(2 * times):
            GeoUnitFactory(territory=territory, kind="iris", code=f"93014{next(counter)}")

    assert_constant_queries(client, reverse("territories:contours", args=[territory.slug]), grow)
