"""The rows of the territory's one search (``SearchEntry``), kept in step with the objects.

Each searched kind is a ``Source``: its model, how to read its territory, its title, its
excerpt and its words, and the URL name of its page. A row is rewritten when its object
is saved (``post_save``) and removed when it is deleted; bulk writes (the réseau's and
the programme's imports) are followed by ``reindex_territory``, run by the task worker
once their audit entry says they are done (``community/receivers.py``), and
``manage.py reindex_search`` rebuilds everything.

The rows are derived data, like a database index: they hold no decision about who may
see what — the search asks the access engine about the objects themselves."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Model, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from maillage.community.extraction import excerpt
from maillage.community.models import SearchEntry
from maillage.core.text import fold
from maillage.network import vocab

BATCH = 1000
BODY_CHARS = 200_000  # the words of a document beyond this are not indexed


@dataclass(frozen=True)
class Source:
    kind: str
    model_label: str
    label: Promise  # plural, for the facets
    url_name: str
    territory_lookup: str
    text: Callable[[Any], tuple[str, str, str]]  # (title, excerpt, body)
    related: tuple[str, ...] = field(default=())

    @property
    def model(self) -> type[Model]:
        return apps.get_model(self.model_label)

    def territory_id(self, obj: Any) -> int:
        target = obj
        parts = self.territory_lookup.split("__")
        for part in parts[:-1]:
            target = getattr(target, part)
        return getattr(target, f"{parts[-1]}_id")

    def of_territory(self, territory: Any) -> QuerySet:
        return self.model._default_manager.filter(**{self.territory_lookup: territory})

    def url(self, territory_slug: str, object_id: int) -> str:
        try:
            return reverse(
                self.url_name, kwargs={"territory_slug": territory_slug, "pk": object_id}
            )
        except NoReverseMatch:
            return ""


def _thematique_words(values: Iterable[str] | None) -> str:
    words = []
    for value in values or []:
        words.append(vocab.label(vocab.Thematique, value) or vocab.label(vocab.Categorie, value))
        words.append(vocab.label(vocab.Categorie, vocab.category_of(value)))
    return " ".join(dict.fromkeys(w for w in words if w))


def _action(obj: Any) -> tuple[str, str, str]:
    return (
        f"{obj.code} {obj.title}",
        obj.summary,
        " ".join([obj.summary, obj.constat, obj.goals, obj.public_precision]),
    )


def _body(obj: Any) -> tuple[str, str, str]:
    return (
        obj.name if not obj.short_name else f"{obj.name} ({obj.short_name})",
        obj.mandate,
        " ".join([obj.theme, obj.mandate, obj.get_kind_display()]),
    )


def _meeting(obj: Any) -> tuple[str, str, str]:
    return (
        f"{obj.body.label} — {obj.title}",
        obj.description,
        " ".join([obj.description, obj.place, obj.body.name]),
    )


def _searchable(obj: Any) -> tuple[str, str, str]:
    """The réseau's kinds already say what they are searched by (``search_parts``)."""
    title, body = obj.search_parts()
    summary = getattr(obj, "description", "") or getattr(obj, "summary", "") or ""
    return title, summary, body


def _document(obj: Any) -> tuple[str, str, str]:
    return (
        obj.title,
        obj.summary,
        " ".join(
            [
                obj.summary,
                obj.get_kind_display(),
                obj.author.name,
                obj.author.acronym,
                _thematique_words(obj.thematiques),
                obj.text[:BODY_CHARS],
            ]
        ),
    )


def _post(obj: Any) -> tuple[str, str, str]:
    return (
        obj.title,
        obj.summary,
        " ".join([obj.summary, obj.body, _thematique_words(getattr(obj, "thematiques", None))]),
    )


def _event(obj: Any) -> tuple[str, str, str]:
    return (
        obj.title,
        obj.summary,
        " ".join(
            [
                obj.summary,
                obj.description,
                obj.place,
                obj.audience,
                _thematique_words(getattr(obj, "thematiques", None)),
            ]
        ),
    )


SOURCES: list[Source] = [
    Source(
        "action", "programme.Action", _("Fiches actions"), "programme:action", "territory", _action
    ),
    Source("body", "governance.Body", _("Instances"), "governance:body", "territory", _body),
    Source(
        "meeting",
        "governance.Meeting",
        _("Séances"),
        "governance:meeting",
        "body__territory",
        _meeting,
        related=("body",),
    ),
    Source(
        "service",
        "network.Service",
        _("Services"),
        "network:service",
        "territory",
        _searchable,
        related=("organisation",),
    ),
    Source(
        "contact_point",
        "network.ContactPoint",
        _("Interlocuteurs"),
        "network:contact_point",
        "territory",
        _searchable,
        related=("organisation",),
    ),
    Source(
        "procedure",
        "network.Procedure",
        _("Démarches"),
        "network:procedure",
        "territory",
        _searchable,
    ),
    Source(
        "document",
        "community.Document",
        _("Documents"),
        "community:library_document",
        "territory",
        _document,
        related=("author",),
    ),
    Source("post", "community.Post", _("Actualités"), "community:post", "territory", _post),
    Source("event", "community.Event", _("Événements"), "community:event", "territory", _event),
]
BY_KIND = {source.kind: source for source in SOURCES}


def source_for_model(model: type[Model]) -> Source | None:
    label = model._meta.label
    for source in SOURCES:
        if source.model_label == label:
            return source
    return None


def entry_values(source: Source, obj: Any) -> dict[str, Any]:
    title, summary, body = source.text(obj)
    return {
        "territory_id": source.territory_id(obj),
        "title": str(title)[:255],
        "summary": excerpt(summary or "", 290),
        "search_title": fold(str(title)),
        "search_body": fold(body or ""),
    }


def index_object(obj: Any) -> None:
    source = source_for_model(type(obj))
    if source is None or obj.pk is None:
        return
    values = entry_values(source, obj)
    updated = SearchEntry.objects.filter(kind=source.kind, object_id=obj.pk).update(**values)
    if not updated:
        SearchEntry.objects.create(kind=source.kind, object_id=obj.pk, **values)


def unindex_object(obj: Any) -> None:
    source = source_for_model(type(obj))
    if source is not None and obj.pk is not None:
        SearchEntry.objects.filter(kind=source.kind, object_id=obj.pk).delete()


@transaction.atomic
def reindex_territory(territory: Any, kinds: Iterable[str] | None = None) -> int:
    """Rewrite the rows of ``territory`` (of ``kinds``, or all): the objects' pages are
    read in batches, the rows replaced in bulk. Returns the number of rows written."""
    written = 0
    for source in SOURCES:
        if kinds is not None and source.kind not in kinds:
            continue
        SearchEntry.objects.filter(territory=territory, kind=source.kind).delete()
        queryset = source.of_territory(territory).select_related(*source.related).order_by("pk")
        batch: list[SearchEntry] = []
        for obj in queryset.iterator(chunk_size=BATCH):
            batch.append(
                SearchEntry(kind=source.kind, object_id=obj.pk, **entry_values(source, obj))
            )
            if len(batch) >= BATCH:
                SearchEntry.objects.bulk_create(batch)
                written += len(batch)
                batch = []
        if batch:
            SearchEntry.objects.bulk_create(batch)
            written += len(batch)
    return written
