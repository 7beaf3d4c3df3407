"""Imports: INSEE layouts as downloaded, partners' layouts with a mapping, and every kind
of bad input refused with a French message and nothing stored."""

import io
import zipfile

import pytest
from openpyxl import Workbook

from maillage.observatory import reading
from maillage.observatory.models import Dataset, ImportJob, PartnerMapping, Value
from tests.observatory import builders


def _failed(scene, content, **kwargs):  # type: ignore[no-untyped-def]
    mapping = kwargs.pop("mapping", None)
    job = builders.run(builders.upload(scene.territory, scene.ville, content, **kwargs), mapping)
    assert job.state == ImportJob.State.FAILED
    assert not Dataset.objects.exists()
    assert not Value.objects.exists()
    return " ".join(job.errors)


def test_utf8_with_bom_and_latin1(scene):  # type: ignore[no-untyped-def]
    text = "CODGEO;LIBGEO;P21_POP\n93014;Clichy-sous-Bois;29 000\n93005;Aulnay-sous-Bois;86000\n"
    builders.dataset(scene.territory, scene.ville, "\ufeff" + text)
    latin = "CODGEO;LIBGEO;P21_POP\n93014;Clichy-sous-Bois;28 500\n93045;Épinay-sur-Seine;55000\n"
    dataset = builders.dataset(scene.territory, scene.ville, latin.encode("latin-1"))
    assert Value.objects.get(dataset=dataset, geo_code="93014").value == 28500


def test_decimal_comma_and_missing_reasons(scene):  # type: ignore[no-untyped-def]
    text = "IRIS;TP6021;MED21;NBMENFISC21\n930140101;40,5;nd;ns\n930140102;so;;1200\n"
    dataset = builders.dataset(scene.territory, scene.ville, text)
    values = {(v.geo_code, v.variable): v for v in Value.objects.filter(dataset=dataset)}
    assert values[("930140101", "TP60")].value == pytest.approx(40.5)
    assert values[("930140101", "MED")].missing == "nd"
    assert values[("930140101", "NBMENFISC")].missing == "ns"
    assert values[("930140102", "TP60")].missing == "so"
    assert values[("930140102", "MED")].missing == "b"
    assert all(v.period == 2021 for v in values.values())


def test_xlsx_with_title_rows(scene):  # type: ignore[no-untyped-def]
    book = Workbook()
    sheet = book.active
    sheet.append(["Base communale : population en 2021"])
    sheet.append(["Source : Insee, RP2021"])
    sheet.append([])
    sheet.append(["Code géographique", "Libellé", "Population"])
    sheet.append(["CODGEO", "LIBGEO", "P21_POP"])
    sheet.append(["93014", "Clichy-sous-Bois", 29000])
    sheet.append(["93005", "Aulnay-sous-Bois", "s"])
    buffer = io.BytesIO()
    book.save(buffer)
    dataset = builders.dataset(
        scene.territory, scene.ville, buffer.getvalue(), filename="base.xlsx"
    )
    assert Value.objects.get(dataset=dataset, geo_code="93014").value == 29000
    assert Value.objects.get(dataset=dataset, geo_code="93005").missing == "s"


def test_partner_layout_with_a_remembered_mapping(scene):  # type: ignore[no-untyped-def]
    text = "commune,annee,foyers rsa,allocataires\n93014,2022,2500,9000\n93014,2023,2400,9100\n"
    mapping = {
        "geo_column": "commune",
        "level": "commune",
        "period": None,
        "period_column": "annee",
        "variables": {"foyers rsa": "CAF_RSA", "allocataires": "CAF_ALLOC"},
    }
    dataset = builders.dataset(scene.territory, scene.caf, text, kind="partner", mapping=mapping)
    assert sorted(
        Value.objects.filter(dataset=dataset, variable="CAF_RSA").values_list("period", flat=True)
    ) == [2022, 2023]
    assert PartnerMapping.objects.get(organisation=scene.caf).mapping == mapping
    job = builders.upload(scene.territory, scene.caf, text, kind="partner")
    assert job.mapping == mapping


def test_wrong_separator(scene):  # type: ignore[no-untyped-def]
    message = _failed(scene, "CODGEO,LIBGEO,P21_POP\n93014,Clichy,29000\n")
    assert "points-virgules" in message


def test_malformed_geographic_code(scene):  # type: ignore[no-untyped-def]
    message = _failed(scene, "CODGEO;P21_POP\n93014;29000\n9301;12\n")
    assert "Ligne 3" in message and "9301" in message


def test_unknown_qpv_code(scene):  # type: ignore[no-untyped-def]
    mapping = {
        "geo_column": "qpv",
        "level": "qpv",
        "period": 2023,
        "period_column": "",
        "variables": {"rsa": "CAF_RSA"},
    }
    message = _failed(
        scene, "qpv;rsa\nQN09301M;120\nQN07501A;30\n", kind="partner", mapping=mapping
    )
    assert "Ligne 3" in message and "inconnu" in message


def test_duplicate_key(scene):  # type: ignore[no-untyped-def]
    message = _failed(scene, "CODGEO;P21_POP\n93014;29000\n93005;86000\n93014;1\n")
    assert "Ligne 4" in message and "ligne 2" in message


def test_text_in_a_number_column(scene):  # type: ignore[no-untyped-def]
    message = _failed(scene, "CODGEO;P21_POP\n93014;29000\n93005;beaucoup\n")
    assert "Ligne 3, colonne P21_POP" in message and "beaucoup" in message


def test_file_over_the_size_limit_is_refused_unread(scene, settings):  # type: ignore[no-untyped-def]
    settings.OBSERVATORY_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(reading.FileRefused) as refused:
        reading.open_table(io.BytesIO(b""), size=200 * 1024 * 1024)
    assert "200,0 Mo" in str(refused.value) or "200.0 Mo" in str(refused.value)
    with pytest.raises(reading.FileRefused):
        builders.upload(scene.territory, scene.ville, "CODGEO;P21_POP\n" + "93014;1\n" * 200)
    assert not ImportJob.objects.exists()


def test_xlsx_zip_bomb_is_refused_before_opening(scene):  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * (50 * 1024 * 1024))
    message = _failed(scene, buffer.getvalue(), filename="bombe.xlsx")
    assert "décompression" in message


def test_too_many_errors_stop_early(scene):  # type: ignore[no-untyped-def]
    rows = "".join(f"9301{i % 10};x\n" for i in range(100))
    message = _failed(scene, "CODGEO;P21_POP\n" + rows)
    assert message.count("Ligne") == 20


def test_value_out_of_bounds(scene):  # type: ignore[no-untyped-def]
    message = _failed(scene, "CODGEO;P21_POP\n93014;1e30\n")
    assert "Ligne 2, colonne P21_POP" in message and "hors des bornes" in message


def test_partner_mapping_with_a_bad_variable_code(scene):  # type: ignore[no-untyped-def]
    mapping = {
        "geo_column": "c",
        "level": "commune",
        "period": 2021,
        "period_column": "",
        "variables": {"v": "bad code"},
    }
    message = _failed(scene, "c;v\n93014;1\n", kind="partner", mapping=mapping)
    assert "Code de variable invalide" in message


def test_nul_bytes_are_refused(scene):  # type: ignore[no-untyped-def]
    message = _failed(scene, b"CODGEO;P21_POP\n93014;1\n93005;\x002\n")
    assert "caractères nuls" in message
