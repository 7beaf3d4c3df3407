"""The ABS report (analyse des besoins sociaux) as a PDF to publish and a DOCX to edit.

Both are drawn from one plain structure, ``ReportData``, whose figures are ``Figure``
objects built after statistical secrecy was applied for the reader the report is made for:
a secret figure prints as "Secret statistique" and its value is not in the structure.
"""

from __future__ import annotations

import base64
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.observatory.figures import Figure, FigureStatus

logger = logging.getLogger(__name__)

RESERVED_TEXT = gettext_lazy(
    "Réservé aux partenaires : les données de cet indicateur ne sont pas publiques et ne "
    "figurent donc pas dans ce rapport."
)


@dataclass(frozen=True)
class ReportIndicator:
    code: str
    name: str
    figures: Sequence[Figure]
    comment: str = ""
    definition: str = ""
    # A choropleth (svgmap) of the latest IRIS or QPV figures, printed in the PDF only.
    map_svg: str = ""
    map_title: str = ""
    # Figures exist but only in datasets the public may not read: the report says so.
    reserved: bool = False


@dataclass(frozen=True)
class ReportTheme:
    title: str
    indicators: Sequence[ReportIndicator]
    # The coordinators' analysis printed at the head of the chapter (plain text).
    text: str = ""
    key: str = ""


@dataclass(frozen=True)
class ReportLogo:
    """A logo printed on the cover, carried inline (the PDF fetches nothing)."""

    name: str
    content: bytes
    mime: str

    @property
    def data_uri(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.content).decode('ascii')}"


@dataclass(frozen=True)
class ReportSection:
    """A qualitative section written by a partner organisation."""

    title: str
    organisation: str
    text: str


@dataclass(frozen=True)
class ReportData:
    title: str
    territory: str
    year: int
    themes: Sequence[ReportTheme]
    sections: Sequence[ReportSection] = ()
    introduction: str = ""
    generated_on: date = field(default_factory=date.today)
    sources: Sequence[str] = ()
    # The identity of the pages: the territory's logo and colour, its partners' logos.
    territory_logo: ReportLogo | None = None
    partner_logos: Sequence[ReportLogo] = ()
    partners: Sequence[str] = ()
    colour: str = ""


@dataclass(frozen=True)
class IndicatorTable:
    """An indicator's figures as rows (places) and columns (years)."""

    periods: list[int]
    rows: list[tuple[str, list[str]]]
    sources: list[str]


def cell_text(figure: Figure | None) -> str:
    if figure is None:
        return "—"
    if figure.status == FigureStatus.SECRET:
        # Whatever the reason given, the report says only that the value is secret.
        return str(FigureStatus.SECRET.label)
    if figure.status != FigureStatus.OK or figure.value is None:
        return str(figure.reason or FigureStatus.MISSING.label)
    return figure.display()


def indicator_table(figures: Sequence[Figure]) -> IndicatorTable:
    periods = sorted({f.period for f in figures})
    places: dict[tuple[str, str], dict[int, Figure]] = {}
    names: dict[tuple[str, str], str] = {}
    sources: list[str] = []
    for figure in figures:
        key = (figure.level, figure.geo_code)
        places.setdefault(key, {})[figure.period] = figure
        names[key] = figure.geo_name
        line = f"{figure.source}, {figure.vintage}" if figure.vintage else figure.source
        if figure.source and line not in sources:
            sources.append(line)
    rows = [
        (names[key], [cell_text(by_period.get(period)) for period in periods])
        for key, by_period in places.items()
    ]
    return IndicatorTable(periods, rows, sources)


def _context(report: ReportData) -> dict[str, Any]:
    themes = [
        {
            "title": theme.title,
            "anchor": f"theme-{index}",
            "text": theme.text,
            "indicators": [
                {"indicator": indicator, "table": indicator_table(indicator.figures)}
                for indicator in theme.indicators
            ],
        }
        for index, theme in enumerate(report.themes, start=1)
    ]
    return {"report": report, "themes": themes, "colour": report.colour or "#000091"}


def _fetcher() -> Any:
    """The report carries its styles and logos inline: only ``data:`` URLs (the cover's
    logos, written by the renderer itself) are read, so partners' text cannot make the
    server call a URL or read a file."""
    from weasyprint import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def contents(report: ReportData) -> list[str]:
    """The chapters, in order, as the table of contents lists them."""
    entries = [_("Introduction")] if report.introduction else []
    entries += [theme.title for theme in report.themes]
    if report.sections:
        entries.append(_("Regards des partenaires"))
    if report.sources:
        entries.append(_("Sources"))
    return entries


def render_html(report: ReportData) -> str:
    return render_to_string("observatory/report/report.html", _context(report))


def render_pdf(report: ReportData) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=render_html(report), url_fetcher=_fetcher()).write_pdf())


def render_docx(report: ReportData) -> bytes:
    """An editable Word document with the same content as the PDF: headings, one table per
    indicator, the partners' sections and the sources."""
    from docx import Document
    from docx.shared import Pt

    document = Document()
    document.core_properties.title = report.title
    document.core_properties.subject = report.territory
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(10)
    from docx.shared import Cm

    for logo in [report.territory_logo, *report.partner_logos]:
        if logo is None or logo.mime not in ("image/png", "image/jpeg", "image/gif"):
            continue
        try:
            document.add_picture(io.BytesIO(logo.content), height=Cm(2))
        except Exception:
            logger.info("Logo %s left out of the DOCX", logo.name)
    document.add_heading(report.title, level=0)
    if report.partners:
        document.add_paragraph(
            _("Avec les partenaires : %(names)s.") % {"names": ", ".join(report.partners)}
        )
    document.add_paragraph(
        _("%(territory)s · édition %(year)s · générée le %(date)s")
        % {
            "territory": report.territory,
            "year": report.year,
            "date": report.generated_on.strftime("%d/%m/%Y"),
        }
    )
    document.add_heading(_("Sommaire"), level=1)
    for entry in contents(report):
        document.add_paragraph(entry, style="List Number")
    if report.introduction:
        document.add_heading(_("Introduction"), level=1)
        for paragraph in report.introduction.split("\n\n"):
            document.add_paragraph(paragraph.strip())
    for context_theme in _context(report)["themes"]:
        document.add_heading(context_theme["title"], level=1)
        for paragraph in (context_theme["text"] or "").split("\n\n"):
            if paragraph.strip():
                document.add_paragraph(paragraph.strip())
        for item in context_theme["indicators"]:
            indicator: ReportIndicator = item["indicator"]
            table_data: IndicatorTable = item["table"]
            document.add_heading(indicator.name, level=2)
            if indicator.definition:
                document.add_paragraph(indicator.definition, style="Intense Quote")
            if table_data.rows:
                table = document.add_table(rows=1, cols=1 + len(table_data.periods))
                table.style = "Table Grid"
                header = table.rows[0].cells
                header[0].text = _("Zone")
                for index, period in enumerate(table_data.periods, start=1):
                    header[index].text = str(period)
                for name, cells in table_data.rows:
                    row = table.add_row().cells
                    row[0].text = name
                    for index, text in enumerate(cells, start=1):
                        row[index].text = text
            elif indicator.reserved:
                document.add_paragraph(str(RESERVED_TEXT))
            else:
                document.add_paragraph(_("Aucune donnée chargée pour cet indicateur."))
            if table_data.sources:
                document.add_paragraph(
                    _("Source : %(sources)s.") % {"sources": " ; ".join(table_data.sources)}
                )
            if indicator.comment:
                document.add_paragraph(indicator.comment)
    if report.sections:
        document.add_heading(_("Regards des partenaires"), level=1)
        for section in report.sections:
            document.add_heading(section.title, level=2)
            document.add_paragraph(
                _("Rédigé par %(organisation)s") % {"organisation": section.organisation},
                style="Subtitle",
            )
            for paragraph in section.text.split("\n\n"):
                if paragraph.strip():
                    document.add_paragraph(paragraph.strip())
    if report.sources:
        document.add_heading(_("Sources"), level=1)
        for source in report.sources:
            document.add_paragraph(source, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
