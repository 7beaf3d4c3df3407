"""Library documents for tests, built through the services."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.community.services import library as services
from maillage.core.roles import Visibility
from tests.community.samples import pdf_bytes


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def document(
    territory: Any,
    author: Any,
    *,
    actor: Any,
    title: str = "Diagnostic petite enfance",
    words: tuple[str, ...] = ("Diagnostic des modes d accueil",),
    visibility: str = Visibility.PARTNERS,
    thematiques: list[str] | None = None,
    restricted_to: list[Any] | None = None,
    **fields: Any,
) -> Any:
    return services.create_document(
        actor=actor,
        territory=territory,
        file=upload("etude.pdf", pdf_bytes(*words)),
        title=title,
        kind=fields.pop("kind", "study"),
        summary=fields.pop("summary", "Une étude partagée par les partenaires."),
        author=author,
        licence="etalab-2.0",
        thematiques=thematiques or [],
        visibility=visibility,
        restricted_to=restricted_to or [],
        **fields,
    )
