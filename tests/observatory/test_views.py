"""Pages, export and API: what each reader receives, through the same selectors."""

import csv
import io

import pytest
from django.urls import reverse

from maillage.core.roles import Visibility
from maillage.observatory.models import Indicator
from tests.observatory import builders

CAF_IRIS = "IRIS;LIBIRIS;CAF_RSA\n930140101;Quartier A;3\n930140102;Quartier B;40\n930140103;Quartier C;25\n"
CAF_COMMUNE = "commune;annee;rsa\n93014;2022;2500\n93014;2023;3\n"
COMMUNE_MAPPING = {
    "geo_column": "commune",
    "level": "commune",
    "period": None,
    "period_column": "annee",
    "variables": {"rsa": "CAF_RSA"},
}


@pytest.fixture
def caf_only(scene):  # type: ignore[no-untyped-def]
    restricted = {"visibility": Visibility.RESTRICTED, "restricted_to": [scene.caf.pk]}
    builders.dataset(scene.territory, scene.caf, CAF_IRIS, period=2023, **restricted)
    builders.dataset(
        scene.territory,
        scene.caf,
        CAF_COMMUNE,
        kind="partner",
        mapping=COMMUNE_MAPPING,
        **restricted,
    )
    return scene


def _pages(client, scene):  # type: ignore[no-untyped-def]
    slug = scene.territory.slug
    page = client.get(reverse("observatory:indicator", args=[slug, "foyers-rsa"]))
    export = client.get(reverse("observatory:indicator_csv", args=[slug, "foyers-rsa"]))
    api = client.get(
        f"/api/v1/territories/{slug}/observatory/indicators/foyers-rsa/figures?level=iris"
    )
    api_commune = client.get(
        f"/api/v1/territories/{slug}/observatory/indicators/foyers-rsa/figures?level=commune"
    )
    portrait = client.get(reverse("observatory:portrait", args=[slug]))
    assert {r.status_code for r in (page, export, api, api_commune, portrait)} == {200}
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    return page, rows, api.json()["items"] + api_commune.json()["items"], portrait


def test_a_count_of_3_restricted_to_the_caf_reaches_the_caf(caf_only, client_for):  # type: ignore[no-untyped-def]
    page, rows, items, portrait = _pages(client_for(caf_only.caf_user), caf_only)
    assert "2023 : 3\u202ffoyers" in page.content.decode()  # the chart's description
    assert any(f.geo_code == "930140101" and f.value == 3 for f in page.context["sub_figures"])
    assert rows[[r[2] for r in rows].index("930140101")][:8] == [
        "foyers-rsa",
        "iris",
        "930140101",
        "Quartier A",
        "2023",
        "3",
        "Valeur",
        "foyers",
    ]
    assert {"geo_code": "930140101", "value": 3.0} in [
        {"geo_code": i["geo_code"], "value": i["value"]} for i in items
    ]
    assert "3\u202ffoyers" in portrait.content.decode()


@pytest.mark.parametrize("who", ["ville_user", "coordinator", None])
def test_a_count_of_3_restricted_to_the_caf_never_reaches_others(caf_only, client_for, who):  # type: ignore[no-untyped-def]
    client = client_for(getattr(caf_only, who)) if who else client_for(None)
    page, rows, items, portrait = _pages(client, caf_only)
    body = page.content.decode()
    assert "930140101" not in body and "2500" not in body
    assert page.context["sub_figures"] == [] and page.context["rows"] == []
    assert rows[1:] == []
    assert items == []
    rsa_row = next(r for r in portrait.context["rows"] if r.indicator.code == "foyers-rsa")
    assert rsa_row.figures == [None, None, None]


def test_shared_dataset_shows_small_counts_as_secret(scene, client_for):  # type: ignore[no-untyped-def]
    builders.dataset(
        scene.territory,
        scene.caf,
        CAF_IRIS,
        period=2023,
        visibility=Visibility.RESTRICTED,
        restricted_to=[scene.caf.pk, scene.ville.pk],
    )
    page, rows, items, _portrait = _pages(client_for(scene.ville_user), scene)
    by_code = {f.geo_code: f for f in page.context["sub_figures"]}
    assert by_code["930140101"].value is None and by_code["930140101"].status == "secret"
    assert by_code["930140103"].status == "secret"  # secondary suppression
    assert "Secret statistique" in page.content.decode()
    row = rows[[r[2] for r in rows].index("930140101")]
    assert row[5] == "" and row[6] == "Secret statistique"
    secret = next(i for i in items if i["geo_code"] == "930140101")
    assert secret["value"] is None and secret["status"] == "secret"


def _population_here_in_the_departement_and_in_france(scene) -> None:  # type: ignore[no-untyped-def]
    text = "CODGEO;P21_POP;P21_POP0014;P21_POP1529\n93014;29000;7500;7000\n"
    builders.dataset(scene.territory, scene.ville, text)
    builders.dataset(
        scene.departement,
        scene.ville,
        "DEP;P21_POP;P21_POP0014;P21_POP1529\n93;1650000;350000;330000\n",
    )
    france = "code;pop;p0014;p1529\nFR;68000000;11800000;11600000\n"
    builders.dataset(
        scene.territory,
        scene.ville,
        france,
        kind="partner",
        mapping={
            "geo_column": "code",
            "level": "france",
            "period": 2021,
            "period_column": "",
            "variables": {"pop": "P_POP", "p0014": "P_POP0014", "p1529": "P_POP1529"},
        },
    )


def test_portrait_compares_with_departement_and_france(scene, client_for):  # type: ignore[no-untyped-def]
    _population_here_in_the_departement_and_in_france(scene)
    response = client_for(None).get(reverse("observatory:portrait", args=[scene.territory.slug]))
    assert response.context["place_names"] == ["Clichy-sous-Bois", "Seine-Saint-Denis", "France"]
    body = response.content.decode()
    assert (
        "29\u202f000\u202fhabitants" in body
        and "50,0\u202f%" in body
        and "1\u202f650\u202f000" in body
    )
    assert "34,4\u202f%" in body  # France: (11.8 + 11.6) / 68


def test_upload_mapping_preview_and_confirm(scene, client_for, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(scene.caf_user)
    slug = scene.territory.slug
    upload = SimpleUploadedFile("caf.csv", CAF_COMMUNE.encode(), content_type="text/csv")
    response = client.post(
        reverse("observatory:import", args=[slug]),
        {
            "file": upload,
            "kind": "partner",
            "producer": scene.caf.pk,
            "title": "RSA",
            "source": "CAF",
            "vintage": "2023",
            "licence": "Convention",
            "visibility": "restricted",
            "restricted_to": [scene.caf.pk],
            "min_count": 5,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    mapping_url = response["Location"]
    assert client.get(mapping_url).status_code == 200
    bad = client.post(
        mapping_url, {"geo_column": "commune", "level": "commune", "var_2": "rsa minuscule"}
    )
    assert bad.status_code == 400
    response = client.post(
        mapping_url,
        {"geo_column": "commune", "level": "commune", "period_column": "annee", "var_2": "CAF_RSA"},
    )
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200 and preview.context["outcome"].rows == 2
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(response["Location"])
    assert done.status_code == 302
    status = client.get(done["Location"])
    assert "Importé" in status.content.decode()
    assert (
        "3\u202ffoyers" in client.get(reverse("observatory:portrait", args=[slug])).content.decode()
    )


def test_upload_errors_rerender_with_400(scene, client_for):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(scene.caf_user)
    url = reverse("observatory:import", args=[scene.territory.slug])
    response = client.post(url, {"kind": "insee", "title": "", "visibility": "restricted"})
    assert response.status_code == 400
    upload = SimpleUploadedFile("x.csv", b"CODGEO,P21_POP\n93014,1\n")
    response = client.post(
        url,
        {
            "file": upload,
            "kind": "insee",
            "producer": scene.caf.pk,
            "title": "T",
            "source": "S",
            "vintage": "2021",
            "licence": "L",
            "visibility": "public",
            "min_count": 5,
        },
    )
    preview = client.get(response["Location"])
    assert preview.status_code == 400 and "points-virgules" in preview.content.decode()
    assert client.post(response["Location"]).status_code == 400


def test_huge_upload_refused_before_reading(scene, client_for, settings):  # type: ignore[no-untyped-def]
    settings.OBSERVATORY_MAX_UPLOAD_BYTES = 10
    client = client_for(scene.caf_user)
    url = reverse("observatory:import", args=[scene.territory.slug])
    # Above the platform's limit (UPLOAD_MAX_BYTES), the upload guard (core/uploads.py)
    # answers 413 before any view runs and before the body is read.
    response = client.post(url, {"x": "y"}, CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert response.status_code == 413
    assert "Fichier trop volumineux" in response.content.decode()


def test_action_targets_indicators(scene, client_for):  # type: ignore[no-untyped-def]
    from tests.programme import factories

    action = factories.action(
        scene.territory, "1.1.1", title="Accès aux droits", pilots=[scene.ville]
    )
    client = client_for(scene.coordinator)
    rsa = Indicator.objects.get(code="foyers-rsa")
    url = reverse("observatory:action_indicators", args=[scene.territory.slug, action.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"indicators": [rsa.pk]}).status_code == 302
    detail = client.get(action.get_absolute_url()).content.decode()
    assert "Indicateurs du territoire visés" in detail and "Foyers allocataires du RSA" in detail
    page = client.get(reverse("observatory:indicator", args=[scene.territory.slug, "foyers-rsa"]))
    assert [a.pk for a in page.context["actions"]] == [action.pk]
    assert client_for(scene.caf_user).post(url, {"indicators": []}).status_code == 403


def test_large_file_runs_in_a_task_with_progress(
    scene, client_for, monkeypatch, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from maillage.observatory import services, views
    from maillage.observatory.models import ImportJob

    monkeypatch.setattr(services, "INLINE_BYTES", 10)
    monkeypatch.setattr(views, "PREVIEW_FULL_BYTES", 10)
    monkeypatch.setattr(views, "PREVIEW_ROWS_BIG", 3)
    monkeypatch.setattr("maillage.observatory.importing.PREVIEW_ROWS", 3)
    rows = "".join(f"93014{n:04d};{n}\n" for n in range(1, 2501))
    client = client_for(scene.ville_user)
    response = client.post(
        reverse("observatory:import", args=[scene.territory.slug]),
        {
            "file": SimpleUploadedFile("iris.csv", ("IRIS;P21_POP\n" + rows).encode()),
            "kind": "insee",
            "producer": scene.ville.pk,
            "title": "IRIS",
            "source": "INSEE",
            "vintage": "2021",
            "licence": "LO",
            "visibility": "public",
            "min_count": 5,
        },
    )
    preview = client.get(response["Location"])
    assert preview.context["outcome"].rows == 3 and not preview.context["outcome"].complete
    assert "la suite sera vérifiée pendant l’import" in preview.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"])
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.DONE
    assert job.total_rows == 2500 and job.processed_rows == 2500 and job.progress == 100
    partial = client.get(
        reverse("observatory:import_status", args=[scene.territory.slug, job.pk]),
        HTTP_HX_REQUEST="true",
    )
    assert 'value="100"' in partial.content.decode() and "hx-get" not in partial.content.decode()


def test_dataset_page_log_and_deletion(scene, client_for):  # type: ignore[no-untyped-def]
    from maillage.core.models import AuditEntry
    from maillage.observatory.models import Dataset, Value

    dataset = builders.dataset(scene.territory, scene.caf, CAF_IRIS, period=2023)
    assert (
        AuditEntry.objects.filter(action="observatory.import", object_id=str(dataset.pk)).count()
        == 1
    )
    url = reverse("observatory:dataset", args=[scene.territory.slug, dataset.pk])
    own = client_for(scene.caf_user).get(url)
    assert own.context["raw"] and "valeurs brutes" in own.content.decode()
    assert "donnees.csv" in own.content.decode()  # the import log
    other = client_for(scene.ville_user)
    assert not other.get(url).context["raw"]
    delete = reverse("observatory:dataset_delete", args=[scene.territory.slug, dataset.pk])
    assert other.post(delete).status_code == 403
    assert client_for(scene.caf_user).post(delete).status_code == 302
    assert not Dataset.objects.exists() and not Value.objects.exists()
    assert AuditEntry.objects.filter(action="observatory.dataset_delete").count() == 1


def test_the_first_screen_key_figures_compare_with_the_departement_only(scene, client_for):  # type: ignore[no-untyped-def]
    """The home's key figures: the commune's and its Département's, not France's, which
    the portrait adds (observatory/home.py reads two places, not three)."""
    _population_here_in_the_departement_and_in_france(scene)
    html = client_for(None).get(scene.territory.get_absolute_url()).content.decode()
    block = html[html.index("Chiffres clés") :]
    block = block[: block.index("Le portrait du territoire et ses sources")]
    assert "29\u202f000\u202fhabitants" in block
    assert "Seine-Saint-Denis : 1\u202f650\u202f000\u202fhabitants" in block
    assert "68\u202f000\u202f000" not in block
