"""The ABS report printed as PDF and DOCX, read back: the same content, and a secret figure
as "Secret statistique", never its value."""

import io
from datetime import date
from decimal import Decimal

import docx
import pypdf

from maillage.observatory.figures import Figure, FigureStatus
from maillage.observatory.report_render import (
    ReportData,
    ReportIndicator,
    ReportSection,
    ReportTheme,
    indicator_table,
    render_docx,
    render_pdf,
)


def figure(code, name, period, value, status=FigureStatus.OK, reason=""):  # type: ignore[no-untyped-def]
    return Figure(
        indicator_code="foyers-rsa",
        level="iris",
        geo_code=code,
        geo_name=name,
        period=period,
        value=Decimal(value) if value is not None else None,
        status=status,
        reason=reason,
        source="CAF, allocataires",
        vintage=str(period),
        unit="foyers",
        decimals=0,
    )


REPORT = ReportData(
    title="Analyse des besoins sociaux 2024",
    territory="Clichy-sous-Bois",
    year=2024,
    generated_on=date(2024, 6, 3),
    introduction="Premier paragraphe.\n\nSecond paragraphe.",
    themes=[
        ReportTheme(
            "Prestations sociales",
            [
                ReportIndicator(
                    "foyers-rsa",
                    "Foyers allocataires du RSA",
                    [
                        figure(
                            "930140101", "Quartier A", 2023, None, FigureStatus.SECRET, "Moins de 5"
                        ),
                        figure("930140102", "Quartier B", 2023, "4017"),
                        figure("930140102", "Quartier B", 2022, "3950"),
                    ],
                    comment="Hausse continue depuis 2020.",
                ),
                ReportIndicator("aah", "Allocataires de l’AAH", []),
            ],
        )
    ],
    sections=[ReportSection("Accès aux droits", "CAF de la Seine-Saint-Denis", "Texte de la CAF.")],
    sources=["INSEE, recensement 2021"],
)


def test_indicator_table_pivots_years_and_prints_secret_as_such():
    table = indicator_table(REPORT.themes[0].indicators[0].figures)
    assert table.periods == [2022, 2023]
    assert table.rows == [
        ("Quartier A", ["—", "Secret statistique"]),
        ("Quartier B", ["3\u202f950\u202ffoyers", "4\u202f017\u202ffoyers"]),
    ]
    assert table.sources == ["CAF, allocataires, 2023", "CAF, allocataires, 2022"]


def test_pdf_holds_the_report_text_and_no_secret_value():
    content = render_pdf(REPORT)
    assert content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    flat = " ".join(text.split())
    for expected in (
        "Analyse des besoins sociaux 2024",
        "Prestations sociales",
        "Foyers allocataires du RSA",
        "Secret statistique",
        "Hausse continue depuis 2020.",
        "Rédigé par CAF de la Seine-Saint-Denis",
        "Texte de la CAF.",
        "Aucune donnée chargée pour cet indicateur.",
        "INSEE, recensement 2021",
        "Analyse des besoins sociaux 2024 · Clichy-sous-Bois 2 / ",  # the page footer
    ):
        assert expected in flat, expected
    assert "Moins de 5" not in flat


def test_docx_holds_the_same_content_in_editable_tables():
    document = docx.Document(io.BytesIO(render_docx(REPORT)))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Analyse des besoins sociaux 2024"
    assert "Clichy-sous-Bois · édition 2024 · générée le 03/06/2024" in paragraphs
    assert "Regards des partenaires" in paragraphs
    assert "Rédigé par CAF de la Seine-Saint-Denis" in paragraphs
    assert "Source : CAF, allocataires, 2023 ; CAF, allocataires, 2022." in paragraphs
    (table,) = document.tables
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells == [
        ["Zone", "2022", "2023"],
        ["Quartier A", "—", "Secret statistique"],
        ["Quartier B", "3\u202f950\u202ffoyers", "4\u202f017\u202ffoyers"],
    ]
    assert document.core_properties.title == "Analyse des besoins sociaux 2024"


def test_partner_text_cannot_inject_markup_or_fetch_urls():
    report = ReportData(
        title="ABS",
        territory="T",
        year=2024,
        themes=[],
        sections=[ReportSection("S", "O", '<img src="http://example.invalid/x.png"> <b>gras</b>')],
    )
    assert render_pdf(report).startswith(b"%PDF")
    document = docx.Document(io.BytesIO(render_docx(report)))
    assert any("<b>gras</b>" in p.text for p in document.paragraphs)
