"""Which fields of which models carry translations entered by people (or by the optional
machine backend), and how a page shows them.

An app declares its translatable fields in its ``ready()``::

    translations.register("contribution", Contribution, ("title", "text", "answer"),
                          label=_("Contribution"))

The model must have a ``territory`` (the translations are entered by that territory's
coordinators and moderators), or name with ``owner`` the path to the object that has one
and whose access rule governs it (a consultation's question: ``owner="consultation"``). A page fetches the translations of all its objects in one
query (``selectors.translations_for``) and shows each text with ``{% translated %}``
(``templatetags/participation_i18n.py``): the translation for the active language when
one is done (traduit or relu, by a person or the machine), with its own ``lang`` and
``dir``; the French original with ``lang="fr"`` otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from maillage.core import i18n


@dataclass(frozen=True)
class Translatable:
    key: str
    model: type[models.Model]
    fields: tuple[str, ...]
    label: str
    owner: str = ""

    def owner_of(self, obj: Any) -> Any:
        """The object whose territory and access rule govern ``obj`` (itself by default)."""
        for part in self.owner.split("__") if self.owner else ():
            obj = getattr(obj, part)
        return obj

    def owner_model(self) -> type[models.Model]:
        model = self.model
        for part in self.owner.split("__") if self.owner else ():
            model = model._meta.get_field(part).related_model  # type: ignore[assignment]
        return model


_REGISTRY: dict[str, Translatable] = {}


def register(
    key: str, model: type[models.Model], fields: tuple[str, ...], *, label: Any, owner: str = ""
) -> None:
    known = _REGISTRY.get(key)
    if known is not None and known.model is not model:
        raise ValueError(f"Two models are registered for translation as {key!r}.")
    _REGISTRY[key] = Translatable(key, model, tuple(fields), str(label), owner)


def registered() -> list[Translatable]:
    return list(_REGISTRY.values())


def get(key: str) -> Translatable | None:
    return _REGISTRY.get(key)


def for_model(model: type[models.Model]) -> Translatable | None:
    for item in _REGISTRY.values():
        if item.model is model:
            return item
    return None


@dataclass(frozen=True)
class Shown:
    """A text as the page shows it."""

    text: str
    lang: str
    dir: str
    machine: bool = False

    @property
    def translated(self) -> bool:
        return self.lang != settings.LANGUAGE_CODE


def shown(found: dict[tuple[int, int, str], Any], obj: Any, field: str, language: str) -> Shown:
    """``obj.field`` in ``language`` if a translation of ``found`` is done, else the
    original."""
    original = getattr(obj, field, "") or ""
    if language != settings.LANGUAGE_CODE and obj is not None:
        content_type = ContentType.objects.get_for_model(type(obj))
        row = found.get((content_type.pk, obj.pk, field))
        if row is not None and row.text:
            return Shown(row.text, row.language, i18n.direction(row.language), row.machine)
    code = str(settings.LANGUAGE_CODE)
    return Shown(original, code, i18n.direction(code))
