"""Signal receivers of the library, the one search and the notifications, connected by
``apps.py``'s ``ready()``.

- A searched object saved or deleted: its search row follows (``indexing``).
- An audit entry about a notifying object (``topics.NOTIFYING``): its notices are written
  beside it, in the same transaction, and the immediate e-mails are enqueued for after
  the commit. Notices and search rows are derived data, like an index: the service that
  wrote the entry made the one audit entry of the change.
- An audit entry saying a bulk import finished: the territory is re-indexed in the
  background (bulk writes send no ``post_save``)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from maillage.community import indexing, topics
from maillage.community.models import Follow, Frequency, Notice
from maillage.core import queue
from maillage.core.models import AuditEntry

# Audit actions after which a territory's search rows are rebuilt.
REINDEX_AFTER = {
    "network.import.done": ["service", "contact_point", "procedure"],
    "network.import.apply": ["service", "contact_point", "procedure"],
    "programme.import.apply": ["action"],
}


def object_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        indexing.index_object(instance)


def object_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    indexing.unindex_object(instance)


def audit_recorded(
    sender: Any, instance: AuditEntry, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    if not created or raw:
        return
    kinds = REINDEX_AFTER.get(instance.action)
    if kinds and instance.territory_id:
        queue.enqueue_on_commit(
            "community.reindex_territory", territory_id=instance.territory_id, kinds=kinds
        )
    notices = topics.notices_for(instance)
    if not notices:
        return
    Notice.objects.bulk_create(notices, ignore_conflicts=True)
    wanted = [n.topic for n in notices]
    if (
        Follow.objects.filter(
            topic__in=wanted, user__notification_settings__frequency=Frequency.IMMEDIATE
        )
        .exclude(user_id=instance.actor_id or 0)
        .exists()
    ):
        queue.enqueue_on_commit("community.send_immediate", entry_id=instance.pk)


def connect() -> None:
    for source in indexing.SOURCES:
        post_save.connect(
            object_saved, sender=source.model_label, dispatch_uid=f"search-{source.kind}-save"
        )
        post_delete.connect(
            object_deleted, sender=source.model_label, dispatch_uid=f"search-{source.kind}-delete"
        )
    post_save.connect(audit_recorded, sender=AuditEntry, dispatch_uid="community-notices")
