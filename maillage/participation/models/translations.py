"""Translations of what people wrote (a contribution, an official answer, an action's
summary), entered by people or by the optional machine translation backend. Generic: a
row names its object by content type and id, the field and the language; the fields that
may be translated are declared with ``participation.translations.register``."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.core.models import TimeStampedModel


class TranslationStatus(models.TextChoices):
    TO_TRANSLATE = "to_translate", _("À traduire")
    TRANSLATED = "translated", _("Traduit")
    REVIEWED = "reviewed", _("Relu")


class TranslationOrigin(models.TextChoices):
    HUMAN = "human", _("Une personne")
    MACHINE = "machine", _("Traduction automatique")


# Shown to residents: a translation that is done, by a person or by the machine.
SHOWN = (TranslationStatus.TRANSLATED, TranslationStatus.REVIEWED)


def target_languages() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class ContentTranslation(TimeStampedModel):
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="content_translations",
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("type de contenu"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("objet"))
    field = models.CharField(_("champ"), max_length=64)
    language = models.CharField(_("langue"), max_length=8, choices=target_languages())
    text = models.TextField(_("traduction"), blank=True)
    status = models.CharField(
        _("état"),
        max_length=16,
        choices=TranslationStatus.choices,
        default=TranslationStatus.TO_TRANSLATE,
    )
    origin = models.CharField(
        _("origine"),
        max_length=16,
        choices=TranslationOrigin.choices,
        default=TranslationOrigin.HUMAN,
    )
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("traduit ou relu par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("traduction")
        verbose_name_plural = _("traductions")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "language"],
                name="participation_translation_once",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id}:{self.field}:{self.language}"

    @property
    def machine(self) -> bool:
        return self.origin == TranslationOrigin.MACHINE
