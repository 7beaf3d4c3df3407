"""Files attached to a fiche's journal: checked for size and for what they really are
(their first bytes, not their name or the browser's word) before anything is stored."""

from __future__ import annotations

import zipfile
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# extension → (content type, family): the family says how the first bytes are checked.
ALLOWED: dict[str, tuple[str, str]] = {
    ".pdf": ("application/pdf", "pdf"),
    ".png": ("image/png", "png"),
    ".jpg": ("image/jpeg", "jpeg"),
    ".jpeg": ("image/jpeg", "jpeg"),
    ".gif": ("image/gif", "gif"),
    ".webp": ("image/webp", "webp"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "ooxml",
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ooxml"),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "ooxml",
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", "odf"),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", "odf"),
    ".odp": ("application/vnd.oasis.opendocument.presentation", "odf"),
    ".txt": ("text/plain", "text"),
    ".csv": ("text/csv", "text"),
}
ACCEPT = ",".join(sorted(ALLOWED))
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_bytes() -> int:
    return int(getattr(settings, "PROGRAMME_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _head(upload: Any, length: int = 8192) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head


def _looks_like(family: str, upload: Any) -> bool:
    head = _head(upload)
    if family == "pdf":
        return head.startswith(b"%PDF-")
    if family == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if family == "jpeg":
        return head.startswith(b"\xff\xd8\xff")
    if family == "gif":
        return head[:6] in (b"GIF87a", b"GIF89a")
    if family == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if family in ("ooxml", "odf"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return False
        finally:
            upload.seek(0)
        return "[Content_Types].xml" in names if family == "ooxml" else "mimetype" in names
    if family == "text":
        if b"\x00" in head:
            return False
        for encoding in ("utf-8", "cp1252"):
            try:
                head.decode(encoding)
            except UnicodeDecodeError:
                continue
            return True
        return False
    return False


def check_attachment(upload: Any) -> str:
    """Raise a ValidationError in French unless ``upload`` is an allowed document of an
    allowed size; return its content type."""
    name = getattr(upload, "name", "") or ""
    size = getattr(upload, "size", 0) or 0
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            _("« %(name)s » pèse %(size)s Mo ; la limite est de %(limit)s Mo."),
            code="attachment_too_big",
            params={"name": name, "size": _megabytes(size), "limit": _megabytes(limit)},
        )
    if size == 0:
        raise ValidationError(_("« %(name)s » est vide."), params={"name": name})
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED:
        raise ValidationError(
            _(
                "« %(name)s » n’est pas d’un type accepté (PDF, image, document bureautique, "
                "texte ou CSV)."
            ),
            code="attachment_type",
            params={"name": name},
        )
    content_type, family = ALLOWED[extension]
    if not _looks_like(family, upload):
        raise ValidationError(
            _("« %(name)s » ne contient pas ce que son extension annonce."),
            code="attachment_content",
            params={"name": name},
        )
    return content_type
