"""Contributions for the tests, made through the services."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from maillage.participation import services
from maillage.participation.models import Contribution, Kind, ModerationState


def contribution(
    territory: Any,
    author: Any,
    *,
    title: str = "Une crèche ouverte le soir",
    kind: str = Kind.NEED,
    category: str = "childcare",
    moderation: str = ModerationState.PENDING,
    moderator: Any = None,
    reason: str = "off_topic",
    **extra: Any,
) -> Contribution:
    made = services.create_contribution(
        actor=author,
        territory=territory,
        kind=kind,
        category=category,
        title=title,
        text="Je travaille tôt le matin. Il n’y a pas de garde avant 7 heures.",
        display_name="Samia",
        **extra,
    )
    if moderation != ModerationState.PENDING:
        services.moderate_contribution(
            actor=moderator,
            contribution=made,
            decision=moderation,
            reason="" if moderation == ModerationState.PUBLISHED else reason,
        )
    return made


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": Kind.NEED,
        "category": "childcare",
        "quartier": "",
        "title": "Une crèche ouverte le soir",
        "text": "Je finis à 20 heures. Je n’ai personne pour garder mes enfants.",
        "display_name": "Samia",
    }
    data.update(overrides)
    return data


def photo(
    *, image_format: str = "JPEG", name: str = "photo.jpg", gps: bool = False, size=(40, 30)
) -> SimpleUploadedFile:
    """An uploaded image; with ``gps``, a JPEG whose EXIF gives where it was taken."""
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 80, 40))
    options: dict[str, Any] = {}
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "Fabricant"  # Make
        exif[0x8825] = {1: "N", 2: (48.0, 54.0, 30.0), 3: "E", 4: (2.0, 33.0, 10.0)}
        options["exif"] = exif.tobytes()
    image.save(buffer, format=image_format, **options)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
