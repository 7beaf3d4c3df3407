"""The territory's one search: an index of what each capability publishes (fiches,
bodies and meetings, services, contact points, procedures, documents, news, events).

One row per object, its folded text searched with ``core/search.py`` (an FTS5 table on
SQLite, a tsvector column on PostgreSQL, created by migration 0003). The rows only say
*where* a word is; *who may see* each object is asked of the access engine at every
search, against the objects themselves (``community/selectors/search.py``), so a stale
row never shows a hidden object."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    kind = models.CharField(_("type"), max_length=24)
    object_id = models.PositiveBigIntegerField()
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("titre"), max_length=255)
    summary = models.CharField(_("extrait"), max_length=300, blank=True)
    search_title = models.TextField(blank=True, default="")
    search_body = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("entrée de la recherche")
        verbose_name_plural = _("index de la recherche")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")
        ]
        indexes = [models.Index(fields=["territory", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id}: {self.title}"
