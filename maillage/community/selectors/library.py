"""Reads of the shared library, narrowed by the access engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from maillage.community.models import Document, DocumentVersion, SearchEntry
from maillage.core import access, search
from maillage.network import vocab


@dataclass(frozen=True)
class LibraryFilters:
    q: str = ""
    kind: str = ""
    thematique: str = ""
    axis: int | None = None
    author: int | None = None


def visible_documents(user: Any, territory: Any) -> QuerySet[Document]:
    return access.visible(user, Document.objects.filter(territory=territory))


def documents(user: Any, territory: Any, filters: LibraryFilters) -> QuerySet[Document]:
    """The documents ``user`` sees, filtered; a text query ranks them by the one
    search's index (title, summary, tags and the text inside the files)."""
    qs = visible_documents(user, territory)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.author:
        qs = qs.filter(author_id=filters.author)
    if filters.axis:
        qs = qs.filter(axes__pk=filters.axis)
    if filters.thematique and vocab.is_topic(filters.thematique):
        # JSON lists cannot be searched portably: the index row carries the labels.
        label = vocab.label(vocab.Thematique, filters.thematique) or vocab.label(
            vocab.Categorie, filters.thematique
        )
        rows = search.match(
            SearchEntry.objects.filter(territory=territory, kind="document"), label, rank=False
        )
        qs = qs.filter(pk__in=rows.values("object_id"))
    qs = qs.select_related("author", "territory").prefetch_related(
        Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number"))
    )
    if filters.q:
        rows = search.match(
            SearchEntry.objects.filter(territory=territory, kind="document"), filters.q, rank=False
        )
        qs = qs.filter(pk__in=rows.values("object_id"))
    return qs.distinct().order_by("-created_at", "-pk")


def document_or_404(user: Any, territory: Any, pk: int) -> Document:
    return access.get_visible_or_404(
        user,
        Document.objects.filter(territory=territory)
        .select_related("author", "territory", "created_by")
        .prefetch_related(
            "axes",
            "actions",
            "indicators",
            "restricted_to",
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.select_related("uploaded_by").order_by("-number"),
            ),
        ),
        pk=pk,
    )


def version_or_404(document: Document, number: int) -> DocumentVersion:
    return get_object_or_404(DocumentVersion, document=document, number=number)


def current_version(document: Document) -> DocumentVersion | None:
    versions = list(document.versions.all())
    return versions[0] if versions else None
