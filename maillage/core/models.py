import functools
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

from maillage.core.i18n import current_language
from maillage.core.roles import Visibility
from maillage.core.text import fold


@functools.lru_cache(maxsize=1024)
def _choice_labels(field: models.Field, language: str) -> dict[Any, str]:
    """A field's choices as value → label, translated into ``language``: built once per
    process, field and language."""
    with translation.override(language):
        return {make_hashable(value): force_str(label) for value, label in field.flatchoices}


class ChoiceLabels(models.Model):
    """``get_FOO_display()`` from labels translated once per field and language. Django's
    own builds a dictionary of the field's choices on every call, hashing each lazy label
    — which translates it: 60 µs a call, twenty-five rows of a list calling it two or
    three times each. Fields whose choices are computed (a callable) keep Django's way."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field) -> Any:
        if not isinstance(field.choices, list | tuple):
            return super()._get_FIELD_display(field)  # type: ignore[misc]
        value = getattr(self, field.attname)
        labels = _choice_labels(field, current_language())
        return labels.get(make_hashable(value), force_str(value, strings_only=True))


class TimeStampedModel(ChoiceLabels):
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


def visibility_field(default: str = Visibility.PUBLIC) -> models.CharField:
    return models.CharField(
        _("visibilité"),
        max_length=16,
        choices=Visibility.choices,
        default=default,
        db_index=True,
        help_text=_(
            "Public : tout le monde. Partenaires : les membres des organisations partenaires, "
            "les élus et la coordination. Membres : les organisations concernées. "
            "Restreint : les organisations nommées seulement."
        ),
    )


class AuditEntry(models.Model):
    """One write made through a service: who, what, when and which fields changed."""

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territoire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("type d'objet"), max_length=80)
    object_id = models.CharField(_("identifiant"), max_length=64, blank=True)
    object_repr = models.CharField(_("objet"), max_length=255, blank=True)
    changes = models.JSONField(_("modifications"), default=dict, blank=True)

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal des modifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["territory", "-created_at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class SearchableModel(TimeStampedModel):
    """Rows found by the full-text search (``core/search.py``): a folded title and
    body kept by ``save()``; the database indexes them (FTS5 on SQLite, a tsvector
    column on PostgreSQL, both created by each app's migrations)."""

    search_title = models.TextField(editable=False, blank=True, default="")
    search_body = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self.refresh_search()
        super().save(*args, **kwargs)

    def search_parts(self) -> tuple[str, str]:
        """(title, body) before folding; each concrete model says what it is."""
        return str(self), ""

    def refresh_search(self) -> None:
        title, body = self.search_parts()
        self.search_title = fold(title)
        self.search_body = fold(body)


class WorkerHeartbeat(models.Model):
    """A running task worker (``manage.py task_worker``), beating every few seconds.
    A worker whose beat is older than the lease died without cleaning up: the tasks it was
    running are abandoned (core/workers.py)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    beat_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("processus de tâches")
        verbose_name_plural = _("processus de tâches")

    def __str__(self) -> str:
        return self.worker_id
