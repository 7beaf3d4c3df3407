"""Translations of what people wrote: entered or reviewed by a territory's coordinators
and moderators, or filled by the machine translation backend (``tasks.py``)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from maillage.core import access, audit, queue
from maillage.participation import machine_translation, translations
from maillage.participation.models import (
    ContentTranslation,
    TranslationOrigin,
    TranslationStatus,
)
from maillage.participation.models.translations import target_languages


def _checked(obj: Any, field: str, language: str) -> None:
    registered = translations.for_model(type(obj))
    if registered is None or field not in registered.fields:
        raise ValidationError(_("Ce texte ne se traduit pas ici."))
    if language not in {code for code, _name in target_languages()}:
        raise ValidationError(_("Cette langue n’est pas proposée."))


def _owner(obj: Any) -> Any:
    """The object that carries the territory and the access rule of ``obj``."""
    registered = translations.for_model(type(obj))
    return registered.owner_of(obj) if registered is not None else obj


@transaction.atomic
def save_translations(*, actor: Any, obj: Any, entries: list[dict[str, str]]) -> list[Any]:
    """Each entry: ``field``, ``language``, ``text``, ``status``. A translation marked
    traduit or relu needs a text; the person who saves it becomes its translator and its
    origin human (a machine translation they review becomes theirs). Unchanged entries
    are left as they are."""
    owner = _owner(obj)
    if not access.can(actor, "translate_contents", owner.territory) or not access.can(
        actor, "view", owner
    ):
        raise PermissionDenied
    content_type = ContentType.objects.get_for_model(type(obj))
    existing = {
        (row.field, row.language): row
        for row in ContentTranslation.objects.select_for_update().filter(
            content_type=content_type, object_id=obj.pk
        )
    }
    errors: dict[str, list[str]] = {}
    saved = []
    for entry in entries:
        field, language = entry["field"], entry["language"]
        text, status = entry["text"].strip(), entry["status"]
        _checked(obj, field, language)
        if status not in TranslationStatus.values:
            raise ValidationError(_("Choisissez un état dans la liste."))
        row = existing.get((field, language))
        if row is None and not text and status == TranslationStatus.TO_TRANSLATE:
            continue
        if not text and status != TranslationStatus.TO_TRANSLATE:
            errors.setdefault(f"{field}__{language}__text", []).append(
                _("Écrivez la traduction, ou laissez l’état « à traduire »."),
            )
            continue
        if row is not None and row.text == text and row.status == status:
            continue
        row = row or ContentTranslation(
            territory_id=_owner(obj).territory_id,
            content_type=content_type,
            object_id=obj.pk,
            field=field,
            language=language,
        )
        before = {"text": row.text, "status": row.status} if row.pk else {}
        row.text, row.status = text, status
        row.origin = TranslationOrigin.HUMAN
        row.translator = actor
        row.full_clean()
        row.save()
        audit.record(
            actor=actor,
            action="translation.save",
            obj=row,
            territory=_owner(obj).territory,
            changes={
                "language": [None, language],
                "field": [None, field],
                "status": [before.get("status"), status],
            },
        )
        saved.append(row)
    if errors:
        raise ValidationError(errors)
    return saved


@transaction.atomic
def save_machine_translation(*, obj: Any, field: str, language: str, text: str) -> Any:
    """A machine translation, only where nobody translated yet: shown "traduit
    automatiquement" until a person reviews it. Never replaces a person's work."""
    _checked(obj, field, language)
    if not text.strip():
        return None
    content_type = ContentType.objects.get_for_model(type(obj))
    row = (
        ContentTranslation.objects.select_for_update()
        .filter(content_type=content_type, object_id=obj.pk, field=field, language=language)
        .first()
    )
    if row is not None and (
        row.text
        or (row.origin == TranslationOrigin.HUMAN and row.status != TranslationStatus.TO_TRANSLATE)
    ):
        return None
    row = row or ContentTranslation(
        territory_id=_owner(obj).territory_id,
        content_type=content_type,
        object_id=obj.pk,
        field=field,
        language=language,
    )
    row.text = text.strip()
    row.status = TranslationStatus.TRANSLATED
    row.origin = TranslationOrigin.MACHINE
    row.translator = None
    row.full_clean()
    row.save()
    audit.record(
        actor=None,
        action="translation.machine",
        obj=row,
        territory=_owner(obj).territory,
        changes={"language": [None, language], "field": [None, field]},
    )
    return row


def request_machine_translation(*, obj: Any) -> bool:
    """Ask the machine translation backend, once the transaction commits, for what is
    not translated yet (nothing when it is off). Answers whether it was asked."""
    registered = translations.for_model(type(obj))
    if registered is None or not machine_translation.enabled():
        return False
    queue.enqueue_on_commit("participation.machine_translate", key=registered.key, object_id=obj.pk)
    return True


def outdate_translations(*, obj: Any, fields: list[str]) -> int:
    """The original of ``fields`` changed: their translations go back to "à traduire"
    (their text kept for the translator), so residents read the new original."""
    content_type = ContentType.objects.get_for_model(type(obj))
    return (
        ContentTranslation.objects.filter(
            content_type=content_type, object_id=obj.pk, field__in=fields
        )
        .exclude(status=TranslationStatus.TO_TRANSLATE)
        .update(status=TranslationStatus.TO_TRANSLATE)
    )
