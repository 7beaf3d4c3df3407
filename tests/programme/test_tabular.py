"""French spreadsheets: numbers, dates, BOM, separators, and formula neutralisation."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from maillage.core import exports
from maillage.programme import tabular


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 234,5", Decimal("1234.5")),
        ("1\u202f234,5", Decimal("1234.5")),
        ("1\u00a0234", Decimal("1234")),
        ("1234.5", Decimal("1234.5")),
        ("1.234,5", Decimal("1234.5")),
        ("-3,25", Decimal("-3.25")),
        ("", None),
        (12, Decimal(12)),
        (0.1, Decimal("0.1")),
    ],
)
def test_numbers_as_french_users_type_them(text, value):
    assert tabular.parse_decimal(text) == value


@pytest.mark.parametrize("text", ["abc", "12 kg", "1,2,3", "--1", "1e5"])
def test_what_is_not_a_number_says_so(text):
    with pytest.raises(ValueError, match="n’est pas un nombre"):
        tabular.parse_decimal(text)


def test_dates():
    assert tabular.parse_date("31/12/2024") == datetime.date(2024, 12, 31)
    assert tabular.parse_date("2024-12-31") == datetime.date(2024, 12, 31)
    assert tabular.parse_date(datetime.datetime(2024, 12, 31, 0, 0)) == datetime.date(2024, 12, 31)
    assert tabular.parse_date(" ") is None
    with pytest.raises(ValueError, match="JJ/MM/AAAA"):
        tabular.parse_date("31 décembre")


def test_csv_has_bom_semicolons_and_neutralised_formulas():
    data = exports.write_csv(
        ["Code", "Intitulé", "Valeur", "Date"],
        [
            ["=1+1", "+33 1 00", Decimal("1234.50"), datetime.date(2024, 1, 2)],
            ["@SUM(A1)", "-moins", Decimal("-3"), None],
        ],
    )
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "Code;Intitulé;Valeur;Date"
    assert lines[1] == "'=1+1;'+33 1 00;1234,5;02/01/2024"
    # Numbers are numbers, not text: a negative value is not quoted.
    assert lines[2] == "'@SUM(A1);'-moins;-3;"
    table = tabular.read_table(data, "export.csv", {"code": "Code", "title": "Intitulé"})
    assert table.rows[0].values == {"code": "=1+1", "title": "+33 1 00"}
    assert table.rows[0].line == 2


def test_xlsx_cells_are_text_not_formulas():
    data = exports.write_xlsx("Actions", ["Code", "Valeur"], [["=HYPERLINK(1)", Decimal("2.5")]])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A2"].value == "'=HYPERLINK(1)"
    assert sheet["A2"].data_type == "s"
    assert sheet["B2"].value == 2.5
    table = tabular.read_table(data, "export.xlsx", {"code": "Code", "value": "Valeur"})
    assert table.rows[0].values == {"code": "=HYPERLINK(1)", "value": 2.5}


def test_headers_match_loosely_and_unknown_ones_are_reported():
    data = "code;INTITULE;Remarque\n1.1;Titre;x\n;;\n".encode("cp1252")
    table = tabular.read_table(data, "a.csv", {"code": "Code", "title": "Intitulé"})
    assert table.ignored == ["Remarque"]
    assert table.columns["title"] == ("INTITULE", "B")
    assert [r.line for r in table.rows] == [2]


def test_files_that_cannot_be_read():
    with pytest.raises(tabular.TableError, match="vide"):
        tabular.read_table(b"", "a.csv", {})
    with pytest.raises(tabular.TableError, match="CSV ou XLSX"):
        tabular.read_table(b"x", "a.ods", {})
    with pytest.raises(tabular.TableError, match="XLSX"):
        tabular.read_table(b"PK\x03\x04broken", "a.xlsx", {})
