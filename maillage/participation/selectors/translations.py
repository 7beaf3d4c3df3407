from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from maillage.core import access
from maillage.participation import translations
from maillage.participation.models import (
    Consultation,
    ConsultationState,
    ContentTranslation,
    Contribution,
    TranslationStatus,
)
from maillage.participation.models.translations import SHOWN, target_languages


def translations_for(objects: Iterable[Any], language: str) -> dict[tuple[int, int, str], Any]:
    """The done translations into ``language`` of ``objects`` (of any registered models),
    keyed by (content type id, object id, field): one query whatever their number."""
    if language == settings.LANGUAGE_CODE:
        return {}
    ids: dict[int, set[int]] = defaultdict(set)
    for obj in objects:
        if obj is not None and translations.for_model(type(obj)) is not None:
            ids[ContentType.objects.get_for_model(type(obj)).pk].add(obj.pk)
    if not ids:
        return {}
    where = Q()
    for content_type_id, pks in ids.items():
        where |= Q(content_type_id=content_type_id, object_id__in=pks)
    rows = ContentTranslation.objects.filter(where, language=language, status__in=SHOWN).exclude(
        text=""
    )
    return {(row.content_type_id, row.object_id, row.field): row for row in rows}


def all_translations_of(obj: Any) -> dict[tuple[str, str], ContentTranslation]:
    """Every translation of ``obj``, whatever its state, keyed by (field, language)."""
    content_type = ContentType.objects.get_for_model(type(obj))
    rows = ContentTranslation.objects.filter(content_type=content_type, object_id=obj.pk)
    return {(row.field, row.language): row for row in rows}


def to_translate(user: Any, territory: Any) -> QuerySet[Contribution]:
    """The published contributions of the territory, for the translators' list (their
    states come from ``progress``, one query per page)."""
    return access.visible(
        user, Contribution.objects.published().filter(territory=territory)
    ).order_by("-created_at", "-id")


def progress(objects: list[Any]) -> dict[int, dict[str, str]]:
    """For each object (one model) the state of its translations per language: the least
    advanced state among its fields, one query."""
    if not objects:
        return {}
    model = type(objects[0])
    registered = translations.for_model(model)
    if registered is None:
        return {}
    content_type = ContentType.objects.get_for_model(model)
    rows = ContentTranslation.objects.filter(
        content_type=content_type, object_id__in=[o.pk for o in objects]
    ).values_list("object_id", "field", "language", "status")
    states: dict[tuple[int, str, str], str] = {(o, f, lang): s for o, f, lang, s in rows}
    order = [
        TranslationStatus.TO_TRANSLATE,
        TranslationStatus.TRANSLATED,
        TranslationStatus.REVIEWED,
    ]
    result: dict[int, dict[str, str]] = {}
    for obj in objects:
        fields = [f for f in registered.fields if getattr(obj, f, "")]
        per_language = {}
        for code, _name in target_languages():
            found = [states.get((obj.pk, f, code), "") for f in fields]
            if not fields or any(s == "" for s in found):
                per_language[code] = ""
            else:
                per_language[code] = min(found, key=lambda s: order.index(TranslationStatus(s)))
        result[obj.pk] = per_language
    return result


def consultations_to_translate(user: Any, territory: Any, limit: int = 20) -> list[Any]:
    """The territory's most recent consultations that residents see (not drafts), with
    their questions and choices, and the state of the consultation's own translations
    (``c.states``, per language): four queries whatever their number."""
    items = list(
        access.visible(
            user,
            Consultation.objects.filter(territory=territory).exclude(state=ConsultationState.DRAFT),
        )
        .prefetch_related("questions__options")
        .order_by("-opens_on", "-id")[:limit]
    )
    states = progress(items)
    for item in items:
        item.states = [states[item.pk][code] for code, _name in target_languages()]
    return items
