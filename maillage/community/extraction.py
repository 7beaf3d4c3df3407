"""What an uploaded library document is, and the text inside it.

``check_content`` reads the first bytes of a file (and, for the zipped office formats,
its table of contents) and refuses a file whose content does not match its extension —
a program renamed ``.pdf``, a spreadsheet renamed ``.docx`` — with a French message.

``extract_text`` reads the words out of a PDF (pypdf), a DOCX (python-docx) or an ODT
(odfpy), bounded in pages and characters so that a huge or hostile file costs a bounded
time; it runs in the task worker (``community.extract_document_text``), never in a
request. ``excerpt`` is the preview shown beside a document."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Extraction stops here: a document's first 500 pages and 1,000,000 characters are
# searchable, which covers every study a réseau writes.
MAX_PAGES = 500
MAX_CHARS = 1_000_000
# Zipped formats whose contents would unpack to more than this are refused (zip bombs).
MAX_UNZIPPED = 300 * 1024 * 1024
EXCERPT_CHARS = 600


@dataclass(frozen=True)
class Format:
    extension: str
    label: str
    content_type: str
    extractable: bool


FORMATS = {
    f.extension: f
    for f in [
        Format("pdf", "PDF", "application/pdf", True),
        Format(
            "docx",
            "DOCX",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            True,
        ),
        Format("odt", "ODT", "application/vnd.oasis.opendocument.text", True),
        Format(
            "xlsx",
            "XLSX",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            False,
        ),
        Format("ods", "ODS", "application/vnd.oasis.opendocument.spreadsheet", False),
        Format("csv", "CSV", "text/csv", False),
        Format("png", "PNG", "image/png", False),
        Format("jpg", "JPEG", "image/jpeg", False),
        Format("jpeg", "JPEG", "image/jpeg", False),
    ]
}

_OPENDOCUMENT = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}
_OOXML_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def accepted_extensions() -> str:
    return ", ".join(sorted({f.label for f in FORMATS.values()}))


def _read_head(file: IO[bytes], size: int = 4096) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def detect(file: IO[bytes], extension: str) -> bool:
    """Does the content of ``file`` match ``extension``?"""
    head = _read_head(file)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension == "csv":
        return _is_text(head)
    if extension in _OOXML_PART or extension in _OPENDOCUMENT:
        return _zip_matches(file, extension)
    return False


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _zip_matches(file: IO[bytes], extension: str) -> bool:
    if not _read_head(file, 4).startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_UNZIPPED:
                return False
            names = {info.filename for info in infos}
            if extension in _OOXML_PART:
                return "[Content_Types].xml" in names and _OOXML_PART[extension] in names
            if "mimetype" not in names:
                return False
            return archive.read("mimetype").strip() == _OPENDOCUMENT[extension]
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return False
    finally:
        file.seek(0)


def check_content(file: IO[bytes], filename: str) -> Format:
    """The file's format, or a ValidationError in French: an extension the library does
    not take, or a content that is not what the extension says."""
    extension = extension_of(filename)
    fmt = FORMATS.get(extension)
    if fmt is None:
        raise ValidationError(
            _("Ce type de fichier n’est pas accepté. Formats acceptés : %(formats)s.")
            % {"formats": accepted_extensions()},
            code="extension",
        )
    if not detect(file, extension):
        raise ValidationError(
            _(
                "Le contenu du fichier ne correspond pas à son extension « .%(extension)s » : "
                "il n’est pas un fichier %(label)s valide. Enregistrez-le à nouveau au bon "
                "format puis envoyez-le."
            )
            % {"extension": extension, "label": fmt.label},
            code="content",
        )
    return fmt


# --------------------------------------------------------------------------- text


class ExtractionError(Exception):
    """The file could not be read; the message says why (logged on the version)."""


def extract_text(file: IO[bytes], extension: str) -> str:
    """The text of a PDF, DOCX or ODT file ("" for the other formats)."""
    data = _read_head(file, MAX_UNZIPPED)
    try:
        if extension == "pdf":
            text = _pdf_text(data)
        elif extension == "docx":
            text = _docx_text(data)
        elif extension == "odt":
            text = _odt_text(data)
        else:
            return ""
    except ExtractionError:
        raise
    except Exception as exc:
        raise ExtractionError(f"{type(exc).__name__}: {exc}") from exc
    return normalise(text)[:MAX_CHARS]


def normalise(text: str) -> str:
    text = text.replace("\x00", " ")
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader  # heavy: loaded by the worker only

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception as exc:
            raise ExtractionError("encrypted PDF") from exc
    parts: list[str] = []
    size = 0
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES or size >= MAX_CHARS:
            break
        chunk = page.extract_text() or ""
        parts.append(chunk)
        size += len(chunk)
    return "\n\n".join(parts)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _odt_text(data: bytes) -> str:
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    blocks = {(TEXTNS, "p"), (TEXTNS, "h")}
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in getattr(node, "childNodes", ()):
            if getattr(child, "qname", None) in blocks:
                parts.append(teletype.extractText(child))
            else:
                walk(child)

    walk(document.text)
    return "\n".join(parts)


def excerpt(text: str, length: int = EXCERPT_CHARS) -> str:
    """The start of the text, cut at a word, for the preview."""
    flat = " ".join(text.split())
    if len(flat) <= length:
        return flat
    cut = flat[:length].rsplit(" ", 1)[0]
    return cut + " …"
