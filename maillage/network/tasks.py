"""Background work of the réseau: import checks and applications, freshness reminders."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from maillage.network.models import ImportBatch

logger = logging.getLogger(__name__)


@task()
def validate_import(*, batch_id: int) -> None:
    from maillage.network.exchange import importer

    batch = ImportBatch.objects.select_related("territory").get(pk=batch_id)

    def progress(lines: int) -> None:
        ImportBatch.objects.filter(pk=batch_id).update(summary={"checked": lines})

    try:
        report = importer.check(batch, progress=progress)
    except Exception:
        logger.exception("Import %s could not be checked", batch_id)
        batch.status = ImportBatch.Status.FAILED
        batch.failure = "La vérification du fichier a échoué de façon inattendue."
        batch.save(update_fields=["status", "failure", "updated_at"])
        return
    batch.errors = report.errors
    batch.error_count = report.error_count
    batch.duplicates = report.duplicates
    batch.summary = {**report.counts, "duplicates": report.duplicate_count}
    batch.status = ImportBatch.Status.INVALID if report.error_count else ImportBatch.Status.READY
    batch.save(
        update_fields=["errors", "error_count", "duplicates", "summary", "status", "updated_at"]
    )


@task()
def apply_import(*, batch_id: int) -> None:
    from maillage.network.exchange import importer

    batch = ImportBatch.objects.select_related("territory", "created_by").get(pk=batch_id)
    try:
        counts = importer.apply(batch)
    except Exception as exc:
        logger.exception("Import %s failed", batch_id)
        batch.status = ImportBatch.Status.FAILED
        batch.failure = (
            str(exc)
            if isinstance(exc, importer.ImportFailed)
            else "L’import a échoué ; rien n’a été enregistré."
        )
        batch.save(update_fields=["status", "failure", "updated_at"])
        return
    batch.status = ImportBatch.Status.DONE
    batch.applied_at = timezone.now()
    batch.summary = {**batch.summary, "applied": counts}
    batch.save(update_fields=["status", "applied_at", "summary", "updated_at"])


@task()
def send_freshness_reminders(*, territory_id: int | None = None, force: bool = False) -> int:
    """Remind organisations of the services they should update. Run daily
    (``manage.py network_reminders``) and from the coordinator's freshness page."""
    from maillage.network.reminders import send_for_territory
    from maillage.territories.models import Territory

    territories = Territory.objects.all()
    if territory_id is not None:
        territories = territories.filter(pk=territory_id)
    return sum(len(send_for_territory(t, force=force)) for t in territories)
