"""Background work of the library, the one search and the notifications: reading the
text of an uploaded document, re-indexing a territory after a bulk import, and sending
the notification e-mails. Services enqueue them by name (core.queue)."""

from __future__ import annotations

import logging

from django_tasks import task

from maillage.community import digests, extraction, indexing
from maillage.community.models import DocumentVersion
from maillage.community.services import library as library_services
from maillage.core import queue
from maillage.territories.models import Territory

logger = logging.getLogger(__name__)


@queue.register("community.extract_document_text")
@task()
def extract_document_text(*, version_id: int) -> None:
    version = DocumentVersion.objects.filter(pk=version_id).first()
    if version is None:
        return
    try:
        with version.file.open("rb") as handle:
            text = extraction.extract_text(handle, version.file_format)
    except (extraction.ExtractionError, OSError) as exc:
        logger.warning("Document version %s: text not extracted (%s)", version_id, exc)
        library_services.record_extraction(
            version_id=version_id, error=f"{type(exc).__name__}: {exc}"
        )
        return
    library_services.record_extraction(version_id=version_id, text=text)


@queue.register("community.reindex_territory")
@task()
def reindex_territory(*, territory_id: int, kinds: list[str] | None = None) -> None:
    territory = Territory.objects.filter(pk=territory_id).first()
    if territory is not None:
        indexing.reindex_territory(territory, kinds)


@queue.register("community.send_digests")
@task()
def send_digests(*, frequency: str) -> None:
    run = digests.send_digests(frequency)
    logger.info("Digests %s: %s people, %s e-mails", frequency, run.people, run.emails)


@queue.register("community.send_immediate")
@task()
def send_immediate(*, entry_id: int) -> None:
    digests.send_immediate(entry_id)
