"""The "Bilan annuel du PST" and the resident summary, drawn from a frozen snapshot only
(so that a report of a closed year never changes), in PDF (WeasyPrint, charts as SVG),
DOCX (python-docx) and ODT (odfpy).

The report is a list of sections, each built by a function of the snapshot's data into
plain blocks (headings, paragraphs, tables, charts) that each format renders. Another
part of the evaluation adds or replaces a section with ``register_section(key, builder,
order)``: the conférence sociale's proceedings replace the default "conference" section,
which says when there is none.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"


@dataclass
class Heading:
    kind: ClassVar[str] = "heading"
    text: str
    level: int = 2


@dataclass
class Para:
    kind: ClassVar[str] = "para"
    text: str


@dataclass
class Table:
    kind: ClassVar[str] = "table"
    headers: list[str]
    rows: list[list[str]]
    caption: str = ""


@dataclass
class Chart:
    """A bar chart: drawn as SVG in the PDF, its data table beside it everywhere."""

    kind: ClassVar[str] = "chart"
    title: str
    bars: list[tuple[str, int]]

    def svg(self) -> SafeString:
        width, bar_h, gap, label_w = 480, 18, 6, 180
        top = max((n for _l, n in self.bars), default=0) or 1
        height = len(self.bars) * (bar_h + gap) + gap
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}"><title>{escape(self.title)}</title>'
        ]
        for i, (label, n) in enumerate(self.bars):
            y = gap + i * (bar_h + gap)
            w = int((width - label_w - 40) * n / top)
            parts.append(
                f'<text x="0" y="{y + 13}" font-size="11">{escape(label[:30])}</text>'
                f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="#000091"/>'
                f'<text x="{label_w + w + 4}" y="{y + 13}" font-size="11">{n}</text>'
            )
        parts.append("</svg>")
        return mark_safe("".join(parts))


Block = Heading | Para | Table | Chart
Builder = Callable[[dict[str, Any]], list[Block]]


@dataclass
class _Section:
    key: str
    order: int
    builder: Builder


_SECTIONS: dict[str, _Section] = {}


def register_section(key: str, builder: Builder, order: int) -> None:
    """Add a section, or replace the one of the same key."""
    _SECTIONS[key] = _Section(key, order, builder)


def sections() -> list[_Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def _dash(value: Any) -> str:
    return "—" if value in (None, "") else str(value).replace(".", ",")


# --------------------------------------------------------------------------- sections


def synthesis(data: dict[str, Any]) -> list[Block]:
    bilans = {b["action"]: b for b in data.get("bilans", [])}
    by_axis: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for action in data.get("programme", []):
        by_axis[action["axis"] or _("Sans axe")].append(action)
    rows = []
    for axis, actions in by_axis.items():
        written = [bilans[a["code"]] for a in actions if a["code"] in bilans]
        validated = sum(1 for b in written if b["state"] == "validated")
        follow = Counter(b["follow_up_label"] for b in written if b["follow_up_label"])
        ratings = [b["rating"] for b in written if b["rating"]]
        rows.append(
            [
                axis,
                str(len(actions)),
                str(validated),
                ", ".join(f"{k} : {v}" for k, v in sorted(follow.items())) or "—",
                _dash(round(sum(ratings) / len(ratings), 1) if ratings else None),
            ]
        )
    follow_all = Counter(
        b["follow_up_label"] for b in data.get("bilans", []) if b["follow_up_label"]
    )
    total = len(data.get("programme", []))
    return [
        Heading(_("Synthèse par axe")),
        Para(
            ngettext(
                "%(n)s fiche action évaluée en %(year)s.",
                "%(n)s fiches actions évaluées en %(year)s.",
                total,
            )
            % {"n": total, "year": data.get("year")}
        ),
        Table(
            [
                _("Axe"),
                _("Fiches"),
                _("Bilans validés"),
                _("Suites proposées"),
                _("Avancement moyen (1 à 4)"),
            ],
            rows,
        ),
        Chart(_("Suites proposées par les pilotes"), sorted(follow_all.items())),
    ]


def fiches(data: dict[str, Any]) -> list[Block]:
    blocks: list[Block] = [Heading(_("Bilan de chaque fiche action"))]
    questions = {q["key"]: q["label"] for q in data.get("campaign", {}).get("questions", [])}
    for b in data.get("bilans", []):
        blocks.append(Heading(f"{b['action']} — {b['title']}", 3))
        blocks.append(Para(_("État du bilan : %(state)s.") % {"state": b["state_label"]}))
        for label, key in (
            (_("Réalisations"), "achievements"),
            (_("Publics touchés"), "publics_reached"),
            (_("Difficultés"), "difficulties"),
            (_("Leviers"), "levers"),
        ):
            if b.get(key):
                blocks.append(Para(f"{label} : {b[key]}"))
        if b.get("follow_up_label"):
            note = f" — {b['follow_up_note']}" if b.get("follow_up_note") else ""
            blocks.append(Para(_("Suite proposée : %(f)s") % {"f": b["follow_up_label"]} + note))
        for key, answer in sorted((b.get("answers") or {}).items()):
            blocks.append(Para(f"{questions.get(key, key)} : {answer}"))
        if b.get("indicators"):
            blocks.append(
                Table(
                    [_("Indicateur"), _("Unité"), _("Cible de l’année"), _("Valeur de l’année")],
                    [
                        [i["name"], i["unit"], _dash(i.get("target")), _dash(i.get("value"))]
                        for i in b["indicators"]
                    ],
                )
            )
        if b.get("means"):
            blocks.append(
                Table(
                    [_("Moyens"), _("Prévus"), _("Utilisés")],
                    [
                        [m["label"], _dash(m.get("planned")), _dash(m.get("used"))]
                        for m in b["means"]
                    ],
                )
            )
        for c in b.get("comments", []):
            signed = _(" (cosigne le bilan)") if c["cosigned"] else ""
            blocks.append(Para(f"{c['organisation']}{signed} : {c['text']}".rstrip(" :")))
    return blocks


def indicators(data: dict[str, Any]) -> list[Block]:
    rows = [
        [a["code"], i["name"], i["unit"], _dash(i.get("target")), _dash(i.get("value"))]
        for a in data.get("programme", [])
        for i in a.get("indicators", [])
    ]
    figures = [
        [f["indicator"], f["place"], str(f["period"]), f["display"]]
        for f in data.get("observatory", [])
    ]
    blocks: list[Block] = [Heading(_("Indicateurs"))]
    blocks.append(
        Table([_("Fiche"), _("Indicateur"), _("Unité"), _("Cible"), _("Valeur")], rows)
        if rows
        else Para(_("Aucun indicateur n’est suivi sur ces fiches."))
    )
    if figures:
        blocks.append(Heading(_("Chiffres clés du territoire"), 3))
        blocks.append(Table([_("Indicateur"), _("Lieu"), _("Année"), _("Valeur")], figures))
    return blocks


def partnership(data: dict[str, Any]) -> list[Block]:
    p = data.get("partnership", {})
    labels = {
        "knowledge": _("Interconnaissance"),
        "trust": _("Confiance"),
        "practices": _("Pratiques transformées"),
    }
    blocks: list[Block] = [
        Heading(_("Résultats du partenariat")),
        Para(
            ngettext(
                "%(n)s organisation a répondu au questionnaire partenarial.",
                "%(n)s organisations ont répondu au questionnaire partenarial.",
                p.get("answers", 0),
            )
            % {"n": p.get("answers", 0)}
        ),
        Table(
            [_("Échelle (1 à 5)"), _("Moyenne")],
            [[labels.get(k, k), _dash(v)] for k, v in (p.get("means") or {}).items()],
        ),
    ]
    coop = p.get("cooperation") or {}
    if coop:
        blocks.append(
            Para(
                _(
                    "Coopérations mesurées dans les données : %(pairs)s paires d’organisations liées, %(orgs)s organisations."
                )
                % {"pairs": coop.get("pairs", 0), "orgs": coop.get("organisations", 0)}
            )
        )
    for item in p.get("to_change", []):
        blocks.append(Para(f"{item['organisation']} : {item['text']}"))
    return blocks


def _proceedings(conference: dict[str, Any] | None) -> list[Block]:
    """The conférence sociale's proceedings, as frozen in the snapshot."""
    if not conference:
        return [Para(_("Aucune conférence sociale n’est enregistrée pour cette année."))]
    attendance = conference.get("attendance", {})
    blocks: list[Block] = [
        Heading(conference["title"], 3),
        Para(
            _("Le %(date)s, %(place)s : %(headcount)s participants comptés.")
            % {
                "date": conference["date"],
                "place": conference.get("place") or _("lieu non précisé"),
                "headcount": attendance.get("headcount") or 0,
            }
        ),
    ]
    if conference.get("programme"):
        blocks.append(
            Table(
                [_("Séquence"), _("Axe"), _("Intervenants")],
                [[s["title"], s["axis"], s["speakers"]] for s in conference["programme"]],
                caption=_("Programme"),
            )
        )
    proposals = conference.get("proposals", [])
    if proposals:
        blocks.append(
            Table(
                [_("N°"), _("Proposition"), _("Atelier"), _("Points"), _("Réponse"), _("Pourquoi")],
                [
                    [
                        str(p["number"]),
                        p["title"],
                        p["workshop"],
                        str(p["score"] or 0),
                        p["answer_label"] or _("sans réponse"),
                        p["reason"],
                    ]
                    for p in proposals
                ],
                caption=_("Propositions, classées par le vote"),
            )
        )
    for decision in conference.get("decisions", []):
        blocks.append(
            Para(
                _("Proposition n° %(n)s : décision %(ref)s — %(text)s")
                % {
                    "n": decision["proposal"],
                    "ref": decision["reference"],
                    "text": decision["text"],
                }
            )
        )
    return blocks


def conference(data: dict[str, Any]) -> list[Block]:
    decisions = data.get("decisions", {})
    blocks: list[Block] = [Heading(_("Conférence sociale et décisions"))]
    blocks += _proceedings(data.get("conference"))
    blocks += [
        Para(
            ngettext(
                "%(n)s décision a été prise dans l’année.",
                "%(n)s décisions ont été prises dans l’année.",
                decisions.get("count", 0),
            )
            % {"n": decisions.get("count", 0)}
        ),
    ]
    if decisions.get("public"):
        blocks.append(
            Table(
                [_("Instance"), _("N°"), _("Date"), _("Décision")],
                [
                    [d["body"], str(d["number"]), d["decided_on"], d["text"]]
                    for d in decisions["public"]
                ],
            )
        )
    return blocks


register_section("synthesis", synthesis, 10)
register_section("fiches", fiches, 20)
register_section("indicators", indicators, 30)
register_section("partnership", partnership, 40)
register_section("conference", conference, 50)


def blocks(data: dict[str, Any]) -> list[Block]:
    found: list[Block] = []
    for section in sections():
        found.extend(section.builder(data))
    return found


def title(data: dict[str, Any]) -> str:
    return _("Bilan annuel du PST %(year)s — %(territory)s") % {
        "year": data.get("year"),
        "territory": data.get("territory", {}).get("name", ""),
    }


# --------------------------------------------------------------------------- formats


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"External resource refused in a printed document: {url}")


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html, url_fetcher=_no_fetch).write_pdf())


def report_pdf(data: dict[str, Any], sha256: str) -> bytes:
    html = render_to_string(
        "evaluation/reports/report_pdf.html",
        {"title": title(data), "blocks": blocks(data), "sha256": sha256},
    )
    return _pdf(html)


def report_docx(data: dict[str, Any], sha256: str) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = title(data)
    document.add_heading(title(data), level=0)
    document.add_paragraph(_("Empreinte SHA-256 de l’instantané : %(h)s") % {"h": sha256})
    for block in blocks(data):
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level - 1)
        elif isinstance(block, Para):
            document.add_paragraph(block.text)
        elif isinstance(block, Table):
            table = document.add_table(rows=1, cols=len(block.headers))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
                cell.text = text
            for row in block.rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
        elif isinstance(block, Chart):
            document.add_paragraph(block.title)
            for label, n in block.bars:
                document.add_paragraph(f"{label} : {n}", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_odt(data: dict[str, Any], sha256: str) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.table import Table as OdfTable
    from odf.table import TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    bold = Style(name="Heading", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold", fontsize="13pt"))
    document.styles.addElement(bold)
    document.text.addElement(H(outlinelevel=1, stylename=bold, text=title(data)))
    document.text.addElement(P(text=_("Empreinte SHA-256 de l’instantané : %(h)s") % {"h": sha256}))
    count = 0
    for block in blocks(data):
        if isinstance(block, Heading):
            document.text.addElement(H(outlinelevel=block.level, stylename=bold, text=block.text))
        elif isinstance(block, Para):
            document.text.addElement(P(text=block.text))
        elif isinstance(block, Table):
            count += 1
            table = OdfTable(name=f"Tableau{count}")
            table.addElement(TableColumn(numbercolumnsrepeated=len(block.headers)))
            for row in [block.headers, *block.rows]:
                tr = TableRow()
                for text in row:
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=text))
                    tr.addElement(cell)
                table.addElement(tr)
            document.text.addElement(table)
        elif isinstance(block, Chart):
            document.text.addElement(P(text=block.title))
            items = List()
            for label, n in block.bars:
                item = ListItem()
                item.addElement(P(text=f"{label} : {n}"))
                items.addElement(item)
            document.text.addElement(items)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- residents


def summary(data: dict[str, Any]) -> list[str]:
    """The year in a few short sentences, in plain French, for residents."""
    year = data.get("year")
    bilans = data.get("bilans", [])
    follow = Counter(b["follow_up"] for b in bilans if b["follow_up"])
    total = len(data.get("programme", []))
    done = data.get("statuses", {}).get("done", 0)
    sentences = [
        ngettext(
            "En %(year)s, %(n)s action du projet social a été évaluée.",
            "En %(year)s, %(n)s actions du projet social ont été évaluées.",
            total,
        )
        % {"year": year, "n": total},
        ngettext("%(n)s action est terminée.", "%(n)s actions sont terminées.", done) % {"n": done},
    ]
    if follow.get("continue"):
        sentences.append(
            ngettext(
                "%(n)s action va continuer.", "%(n)s actions vont continuer.", follow["continue"]
            )
            % {"n": follow["continue"]}
        )
    if follow.get("adjust"):
        sentences.append(
            ngettext("%(n)s action va changer.", "%(n)s actions vont changer.", follow["adjust"])
            % {"n": follow["adjust"]}
        )
    if follow.get("spread"):
        sentences.append(
            ngettext(
                "%(n)s action va s’étendre à d’autres lieux.",
                "%(n)s actions vont s’étendre à d’autres lieux.",
                follow["spread"],
            )
            % {"n": follow["spread"]}
        )
    if follow.get("stop"):
        sentences.append(
            ngettext("%(n)s action va s’arrêter.", "%(n)s actions vont s’arrêter.", follow["stop"])
            % {"n": follow["stop"]}
        )
    contributions = data.get("participation", {}).get("published", 0)
    if contributions:
        sentences.append(
            ngettext(
                "Les habitants ont donné %(n)s avis sur le site.",
                "Les habitants ont donné %(n)s avis sur le site.",
                contributions,
            )
            % {"n": contributions}
        )
    answers = data.get("partnership", {}).get("answers", 0)
    if answers:
        sentences.append(
            ngettext(
                "%(n)s partenaire a dit comment il travaille avec les autres.",
                "%(n)s partenaires ont dit comment ils travaillent ensemble.",
                answers,
            )
            % {"n": answers}
        )
    return sentences


def summary_pdf(data: dict[str, Any]) -> bytes:
    html = render_to_string(
        "evaluation/reports/summary_pdf.html",
        {
            "title": _("Le projet social en %(year)s, en bref") % {"year": data.get("year")},
            "territory": data.get("territory", {}).get("name", ""),
            "sentences": summary(data),
        },
    )
    return _pdf(html)
