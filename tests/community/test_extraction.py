"""The library's file checks and text extraction (community/extraction.py)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from maillage.community import extraction
from tests.community.samples import docx_bytes, odt_bytes, pdf_bytes, xlsx_bytes


def test_pdf_text_is_extracted():
    data = pdf_bytes("Diagnostic de la parentalite", "Le mot zygomorphe est dedans.")
    assert extraction.check_content(io.BytesIO(data), "etude.pdf").extension == "pdf"
    text = extraction.extract_text(io.BytesIO(data), "pdf")
    assert "zygomorphe" in text
    assert "Diagnostic" in text


def test_docx_text_is_extracted_with_its_accents():
    data = docx_bytes("Garderie éphémère", "Forum des assistantes maternelles")
    extraction.check_content(io.BytesIO(data), "guide.DOCX")
    text = extraction.extract_text(io.BytesIO(data), "docx")
    assert text.splitlines() == ["Garderie éphémère", "Forum des assistantes maternelles"]


def test_odt_text_is_extracted_in_document_order():
    data = odt_bytes("Première ligne", "Seconde ligne")
    extraction.check_content(io.BytesIO(data), "compte-rendu.odt")
    assert extraction.extract_text(io.BytesIO(data), "odt").splitlines() == [
        "Titre",
        "Première ligne",
        "Seconde ligne",
    ]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"MZ\x90\x00 a Windows program", "etude.pdf"),
        (pdf_bytes("a pdf"), "etude.docx"),
        (None, "tableau.docx"),  # a spreadsheet renamed .docx
        (None, "texte.odt"),  # a DOCX renamed .odt
        (b"PK\x03\x04 not really a zip", "guide.odt"),
        (b"%PDF-1.4", "carte.png"),
        (b"\x00\x01binary", "stats.csv"),
    ],
)
def test_content_not_matching_its_extension_is_refused(data, name):
    if name == "tableau.docx":
        data = xlsx_bytes()
    if name == "texte.odt":
        data = docx_bytes("texte")
    with pytest.raises(ValidationError) as caught:
        extraction.check_content(io.BytesIO(data), name)
    assert "ne correspond pas à son extension" in caught.value.messages[0]


def test_unknown_extension_is_refused_in_french():
    with pytest.raises(ValidationError) as caught:
        extraction.check_content(io.BytesIO(b"#!/bin/sh"), "script.sh")
    assert "Formats acceptés" in caught.value.messages[0]


def test_a_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_UNZIPPED", 1000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "x")
        archive.writestr("word/document.xml", "0" * 5000)
    with pytest.raises(ValidationError):
        extraction.check_content(io.BytesIO(out.getvalue()), "bomb.docx")


def test_a_broken_pdf_raises_an_extraction_error():
    with pytest.raises(extraction.ExtractionError):
        extraction.extract_text(io.BytesIO(b"%PDF-1.4\nnothing else"), "pdf")


def test_excerpt_cuts_at_a_word():
    text = "mot " * 300
    cut = extraction.excerpt(text, 50)
    assert cut.endswith(" …")
    assert len(cut) <= 52
    assert extraction.excerpt("court") == "court"
