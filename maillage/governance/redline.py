"""An avenant's text with its changes visible: a word-level diff per article, and the
documents made from it.

- **DOCX**: real tracked changes (``w:ins`` / ``w:del`` with ``w:delText``): Word and
  LibreOffice show them as revisions (inserted words underlined, deleted ones struck
  through, in the reviewer's colour) that the signatories may accept or reject.
- **ODT**: real tracked changes, the way LibreOffice writes them: ``text:tracked-changes``
  holds one ``text:changed-region`` per change (``text:insertion`` or ``text:deletion``
  with its ``office:change-info``; a deletion keeps the deleted words there); the body
  marks an insertion with ``text:change-start`` / ``text:change-end`` and a deletion's
  place with ``text:change``.
  The runs carry no formatting of their own: accepting the changes leaves a clean text.
- **PDF**: WeasyPrint, ``<ins>`` underlined and ``<del>`` struck through.
"""

from __future__ import annotations

import datetime
import difflib
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.governance.models import (
    Amendment,
    AmendmentSignatory,
    ArticleChange,
    CouncilResolution,
    MeansChange,
)
from maillage.programme.models import Action

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
LEGEND_TRACKED = gettext_lazy(
    "Les modifications apparaissent en suivi des modifications : ajouts soulignés, "
    "suppressions barrées."
)
TOKENS = re.compile(r"\s+|[^\s]+")


def word_segments(old: str, new: str) -> list[tuple[str, str]]:
    """``old`` turned into ``new`` as (kind, text) segments, word by word; the spaces
    stay with the text around them so that joining the equal and inserted segments gives
    ``new`` back, and the equal and deleted ones ``old``."""
    a, b = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    segments: list[tuple[str, str]] = []

    def add(kind: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1][0] == kind:
            segments[-1] = (kind, segments[-1][1] + text)
        else:
            segments.append((kind, text))

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            add(EQUAL, "".join(a[i1:i2]))
            continue
        if op in ("delete", "replace"):
            add(DELETE, "".join(a[i1:i2]))
        if op in ("insert", "replace"):
            add(INSERT, "".join(b[j1:j2]))
    return segments


@dataclass
class ArticleRedline:
    number: int
    operation: str  # "" (unchanged), or an ArticleChange.Operation value
    title: str
    old_title: str
    segments: list[tuple[str, str]] = field(default_factory=list)

    @property
    def operation_label(self) -> str:
        if not self.operation:
            return ""
        return str(ArticleChange.Operation(self.operation).label)

    @property
    def changed(self) -> bool:
        return bool(self.operation)


def redline(amendment: Amendment, with_unchanged: bool = False) -> list[ArticleRedline]:
    """The articles the avenant touches (all of them with ``with_unchanged``), in order,
    each with its word diff against the version the avenant amends."""
    base = {a.number: a for a in amendment.base_version.articles.all()}
    changes = {c.number: c for c in amendment.changes.all()}
    out: list[ArticleRedline] = []
    for number in sorted(set(base) | set(changes)):
        old = base.get(number)
        change = changes.get(number)
        old_text, old_title = (old.text, old.title) if old else ("", "")
        if change is None:
            if with_unchanged and old is not None:
                out.append(ArticleRedline(number, "", old_title, old_title, [(EQUAL, old_text)]))
            continue
        new_text = "" if change.operation == ArticleChange.Operation.REMOVE else change.text
        out.append(
            ArticleRedline(
                number,
                change.operation,
                change.title or old_title,
                old_title,
                word_segments(old_text, new_text),
            )
        )
    return out


@dataclass
class AmendmentDocument:
    """What the three documents say, read once."""

    amendment: Amendment
    articles: list[ArticleRedline]
    means: list[MeansChange]
    annexed: list[Action]
    signatories: list[AmendmentSignatory]
    resolutions: list[CouncilResolution]
    author: str
    date: datetime.datetime

    @property
    def heading(self) -> str:
        return _("Avenant n° %(n)s à la convention « %(title)s »") % {
            "n": self.amendment.number,
            "title": self.amendment.agreement.title,
        }


def document_data(amendment: Amendment) -> AmendmentDocument:
    return AmendmentDocument(
        amendment=amendment,
        articles=redline(amendment),
        means=list(amendment.means_changes.select_related("axis", "action", "funder")),
        annexed=list(amendment.annexed_actions.order_by("code", "title")),
        signatories=list(amendment.signatories.select_related("organisation")),
        resolutions=list(amendment.resolutions.select_related("organisation")),
        author=_("Coordination du projet social de territoire"),
        date=timezone.now().replace(microsecond=0),
    )


def _money(amount: Any) -> str:
    from django.utils.formats import number_format

    return f"{number_format(amount, 2, force_grouping=True)} €"


def _means_lines(doc: AmendmentDocument) -> list[str]:
    lines = []
    for m in doc.means:
        target = m.action.title if m.action else (m.axis.title if m.axis else "")
        lines.append(
            _("%(target)s — %(funder)s, %(year)s : %(amount)s%(note)s")
            % {
                "target": target,
                "funder": m.funder.name,
                "year": m.year,
                "amount": ("+" if m.amount > 0 else "") + _money(m.amount),
                "note": f" ({m.note})" if m.note else "",
            }
        )
    return lines


def _closing_lines(doc: AmendmentDocument) -> list[tuple[str, list[str]]]:
    sections: list[tuple[str, list[str]]] = []
    if doc.means:
        sections.append((_("Moyens"), _means_lines(doc)))
    if doc.annexed:
        sections.append(
            (
                _("Fiches actions annexées"),
                [f"{a.code} {a.title}".strip() for a in doc.annexed],
            )
        )
    if doc.resolutions:
        sections.append(
            (
                _("Délibérations"),
                [
                    _("%(org)s : délibération n° %(ref)s du %(day)s")
                    % {
                        "org": r.organisation.name,
                        "ref": r.reference,
                        "day": f"{r.adopted_on:%d/%m/%Y}",
                    }
                    for r in doc.resolutions
                ],
            )
        )
    sections.append(
        (
            _("Signataires"),
            [
                " — ".join(
                    part
                    for part in (
                        s.organisation.name,
                        s.signed_by,
                        _("signé le %(day)s") % {"day": f"{s.signed_on:%d/%m/%Y}"}
                        if s.signed_on
                        else _("à signer"),
                    )
                    if part
                )
                for s in doc.signatories
            ]
            or [_("Aucun signataire indiqué.")],
        )
    )
    return sections


# --------------------------------------------------------------------------- DOCX


def docx_bytes(amendment: Amendment) -> bytes:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = document_data(amendment)
    document = Document()
    document.core_properties.title = doc.heading
    document.add_heading(doc.heading, level=1)
    if amendment.preamble:
        document.add_paragraph(amendment.preamble)
    stamp = doc.date.strftime("%Y-%m-%dT%H:%M:%SZ")
    revision = [0]

    def tracked(paragraph: Any, kind: str, text: str) -> None:
        revision[0] += 1
        wrapper = OxmlElement("w:ins" if kind == INSERT else "w:del")
        wrapper.set(qn("w:id"), str(revision[0]))
        wrapper.set(qn("w:author"), doc.author)
        wrapper.set(qn("w:date"), stamp)
        run = OxmlElement("w:r")
        node = OxmlElement("w:t" if kind == INSERT else "w:delText")
        node.set(qn("xml:space"), "preserve")
        node.text = text
        run.append(node)
        wrapper.append(run)
        paragraph._p.append(wrapper)

    for article in doc.articles:
        document.add_heading(
            _("Article %(n)s — %(title)s (%(op)s)")
            % {"n": article.number, "title": article.title, "op": article.operation_label},
            level=2,
        )
        paragraph = document.add_paragraph()
        for kind, text in article.segments:
            if kind == EQUAL:
                paragraph.add_run(text)
            else:
                tracked(paragraph, kind, text)
    for title, lines in _closing_lines(doc):
        document.add_heading(title, level=2)
        for line in lines:
            document.add_paragraph(line)
    document.add_paragraph(str(LEGEND_TRACKED))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- ODT


def odt_bytes(amendment: Amendment) -> bytes:
    from odf import dc
    from odf.element import Element
    from odf.namespaces import DCNS, TEXTNS, XMLNS
    from odf.office import ChangeInfo
    from odf.opendocument import OpenDocumentText
    from odf.text import (
        Change,
        ChangedRegion,
        ChangeEnd,
        ChangeStart,
        Deletion,
        H,
        Insertion,
        P,
        Span,
        TrackedChanges,
    )

    doc = document_data(amendment)
    odt = OpenDocumentText()
    odt.meta.addElement(dc.Title(text=doc.heading))
    changes = TrackedChanges()
    stamp = doc.date.strftime("%Y-%m-%dT%H:%M:%S")
    counter = [0]

    def region(kind: str, text: str) -> str:
        counter[0] += 1
        ident = f"ct{counter[0]}"
        # ODF 1.2 names a region by xml:id; LibreOffice reads (and writes) text:id.
        changed = ChangedRegion(qattributes={(XMLNS, "id"): ident, (TEXTNS, "id"): ident})
        change = Insertion() if kind == INSERT else Deletion()
        info = ChangeInfo()
        creator = Element(qname=(DCNS, "creator"))
        creator.addText(doc.author)
        date = Element(qname=(DCNS, "date"))
        date.addText(stamp)
        info.appendChild(creator)
        info.appendChild(date)
        change.appendChild(info)
        if kind == DELETE:
            change.appendChild(P(text=text))
        changed.appendChild(change)
        changes.appendChild(changed)
        return ident

    odt.text.addElement(changes)
    odt.text.addElement(H(outlinelevel=1, text=doc.heading))
    if amendment.preamble:
        odt.text.addElement(P(text=amendment.preamble))
    for article in doc.articles:
        odt.text.addElement(
            H(
                outlinelevel=2,
                text=_("Article %(n)s — %(title)s (%(op)s)")
                % {"n": article.number, "title": article.title, "op": article.operation_label},
            )
        )
        paragraph = P()
        for kind, text in article.segments:
            if kind == EQUAL:
                paragraph.addElement(Span(text=text))
            elif kind == INSERT:
                ident = region(INSERT, text)
                paragraph.addElement(ChangeStart(changeid=ident))
                paragraph.addElement(Span(text=text))
                paragraph.addElement(ChangeEnd(changeid=ident))
            else:
                paragraph.addElement(Change(changeid=region(DELETE, text)))
        odt.text.addElement(paragraph)
    for title, lines in _closing_lines(doc):
        odt.text.addElement(H(outlinelevel=2, text=title))
        for line in lines:
            odt.text.addElement(P(text=line))
    odt.text.addElement(P(text=str(LEGEND_TRACKED)))
    out = io.BytesIO()
    odt.write(out)
    return out.getvalue()


# --------------------------------------------------------------------------- PDF


def pdf_bytes(amendment: Amendment) -> bytes:
    from weasyprint import HTML

    doc = document_data(amendment)
    html = render_to_string(
        "governance/pdf/amendment.html", {"doc": doc, "closing": _closing_lines(doc)}
    )
    return HTML(string=html).write_pdf()
