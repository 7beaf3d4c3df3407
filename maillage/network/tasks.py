"""Background work of the réseau: import checks and applications, freshness reminders.

Tasks call services and the importer; services enqueue them by name
(``core.queue.enqueue_on_commit``) and never import this module."""

from __future__ import annotations

import logging

from django_tasks import task

from maillage.core import queue
from maillage.network import services
from maillage.network.exchange import importer
from maillage.network.models import ImportBatch
from maillage.network.reminders import send_for_territory
from maillage.territories.models import Territory

logger = logging.getLogger(__name__)


@queue.register("network.validate_import")
@task()
def validate_import(*, batch_id: int) -> None:
    batch = ImportBatch.objects.select_related("territory").get(pk=batch_id)

    def progress(lines: int) -> None:
        services.note_import_progress(batch_id=batch_id, lines=lines)

    try:
        report = importer.check(batch, progress=progress)
    except Exception:
        logger.exception("Import %s could not be checked", batch_id)
        services.fail_import(
            batch=batch, failure="La vérification du fichier a échoué de façon inattendue."
        )
        return
    services.record_import_check(batch=batch, report=report)


@queue.register("network.apply_import")
@task()
def apply_import(*, batch_id: int) -> None:
    batch = ImportBatch.objects.select_related("territory", "created_by").get(pk=batch_id)
    try:
        counts = importer.apply(batch)
    except Exception as exc:
        logger.exception("Import %s failed", batch_id)
        services.fail_import(
            batch=batch,
            failure=(
                str(exc)
                if isinstance(exc, importer.ImportFailed)
                else "L’import a échoué ; rien n’a été enregistré."
            ),
        )
        return
    services.finish_import(batch=batch, counts=counts)


@queue.register("network.send_freshness_reminders")
@task()
def send_freshness_reminders(*, territory_id: int | None = None, force: bool = False) -> int:
    """Remind organisations of the services they should update. Run daily
    (``manage.py network_reminders``) and from the coordinator's freshness page."""
    territories = Territory.objects.all()
    if territory_id is not None:
        territories = territories.filter(pk=territory_id)
    return sum(len(send_for_territory(t, force=force)) for t in territories)
