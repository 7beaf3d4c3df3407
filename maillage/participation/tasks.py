"""Background work of participation: the machine translation of what people wrote,
when ``LIBRETRANSLATE_URL`` is set (``machine_translation.py``)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django_tasks import task

from maillage.core import queue
from maillage.participation import machine_translation, selectors, services, translations
from maillage.participation.models.translations import target_languages

logger = logging.getLogger(__name__)


@queue.register("participation.machine_translate")
@task()
def machine_translate(*, key: str, object_id: int) -> int:
    """Fill the missing translations of one object with the backend's. Every text is
    translated first; if one call fails (timeout, 4xx, 5xx), the error is logged and
    nothing is written. Answers how many translations were written."""
    registered = translations.get(key)
    if registered is None or not machine_translation.enabled():
        return 0
    obj = registered.model._default_manager.filter(pk=object_id).first()
    if obj is None:
        return 0
    existing = selectors.all_translations_of(obj)
    wanted = [
        (field, code)
        for field in registered.fields
        if getattr(obj, field, "")
        for code, _name in target_languages()
        if not (existing.get((field, code)) and existing[(field, code)].text)
    ]
    done: list[tuple[str, str, str]] = []
    for field, code in wanted:
        try:
            text = machine_translation.translate(
                getattr(obj, field), source=str(settings.LANGUAGE_CODE), target=code
            )
        except machine_translation.TranslationUnavailable as exc:
            logger.warning(
                "Machine translation of %s %s (%s → %s) failed: %s",
                key,
                object_id,
                field,
                code,
                exc,
            )
            return 0
        done.append((field, code, text))
    written = 0
    with transaction.atomic():
        for field, code, text in done:
            if services.save_machine_translation(obj=obj, field=field, language=code, text=text):
                written += 1
    return written
