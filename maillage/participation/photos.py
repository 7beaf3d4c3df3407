"""A contribution's photo: checked by its content and re-encoded without its metadata.

The browser's content type and the file's extension are not trusted: Pillow opens the
content, which must be a JPEG, PNG or WebP image of at most ``PHOTO_MAX_BYTES``. The
image is then drawn again into a new file, turned upright from its EXIF orientation, so
that nothing of the camera's metadata (GPS position, date, device) is kept."""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

PHOTO_MAX_BYTES = 5 * 1024 * 1024
# Pillow's format → the stored file's extension.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def _refused() -> ValidationError:
    return ValidationError(
        {"photo": _("La photo doit être une image JPEG, PNG ou WebP.")}, code="photo_not_image"
    )


def clean_photo(upload: Any) -> ContentFile[bytes]:
    """The photo to store, re-encoded without metadata; a ValidationError on ``photo``
    when it is too big or not a JPEG, PNG or WebP image."""
    size = getattr(upload, "size", None)
    if size is not None and size > PHOTO_MAX_BYTES:
        raise ValidationError(
            {
                "photo": _("La photo pèse %(size)s Mo ; la limite est de 5 Mo.")
                % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ",")}
            },
            code="photo_too_big",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            probe.verify()
        if image_format not in FORMATS:
            raise _refused()
        upload.seek(0)
        with Image.open(upload) as opened:
            image = ImageOps.exif_transpose(opened)
            image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise _refused() from exc
    extension = FORMATS[image_format]
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = io.BytesIO()
    # A new image carries no ``exif``/``info`` unless given: nothing of the original's.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    if image.mode == "P" and image.getpalette():
        clean.putpalette(image.getpalette() or [])
    options: dict[str, Any] = {"quality": 85} if image_format in ("JPEG", "WEBP") else {}
    clean.save(out, format=image_format, **options)
    return ContentFile(out.getvalue(), name=f"photo.{extension}")
