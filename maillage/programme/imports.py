"""The programme's spreadsheet imports: the uploaded file kept between the preview and the
confirmation, then applied all or nothing, as the network's ``confirm_import`` does (lock,
state check, one transaction, one audit entry).

These are services (every write of an import batch is here), kept out of the
``maillage.programme.services`` package because they sit above the round trip
(``maillage.programme.roundtrip``), which itself writes row by row through those services:
inside the package, ``services`` and ``roundtrip`` would import each other."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.programme.models import ImportBatch
from maillage.programme.roundtrip import actions as action_trip
from maillage.programme.roundtrip import measurements as measurement_trip
from maillage.programme.roundtrip.common import Report
from maillage.territories.models import Territory

TRIPS: dict[str, Any] = {
    ImportBatch.Kind.ACTIONS: action_trip,
    ImportBatch.Kind.MEASUREMENTS: measurement_trip,
}


def batch_data(batch: ImportBatch) -> bytes:
    with batch.file.open("rb") as handle:
        return handle.read()


@transaction.atomic
def record_import(
    *, actor: Any, territory: Territory, kind: str, filename: str, data: bytes, report: Report
) -> ImportBatch:
    """Keep a file whose preview found nothing wrong, for its confirmation."""
    if not report.ok:
        raise ValidationError(_("Ce fichier contient des erreurs : corrigez-les avant l’import."))
    batch = ImportBatch(
        territory=territory,
        kind=kind,
        filename=filename[:255],
        created_by=actor,
        summary=report.summary(),
    )
    batch.file.save(filename, ContentFile(data), save=False)
    batch.full_clean()
    batch.save()
    audit.record(
        actor=actor,
        action="programme.import.upload",
        obj=batch,
        territory=territory,
        changes={"kind": [None, kind], "filename": [None, batch.filename]},
    )
    return batch


def apply_import(*, actor: Any, batch: ImportBatch) -> Report:
    """Apply a previewed file, all or nothing. When a row fails, nothing changes (the batch
    stays previewed) and the report says why; when the batch was applied meanwhile (another
    tab, another coordinator), a ``ValidationError`` says so."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().select_related("territory").get(pk=batch.pk)
        if batch.state != ImportBatch.State.PREVIEWED:
            raise ValidationError(_("Cet import a déjà été appliqué."))
        report = TRIPS[batch.kind].apply(
            batch_data(batch), batch.filename, user=actor, territory=batch.territory
        )
        if not report.ok:
            return report
        batch.state = ImportBatch.State.DONE
        batch.applied_at = timezone.now()
        batch.summary = report.summary()
        batch.save(update_fields=["state", "applied_at", "summary"])
        audit.record(
            actor=actor,
            action="programme.import.apply",
            obj=batch,
            territory=batch.territory,
            changes={
                "state": [ImportBatch.State.PREVIEWED, ImportBatch.State.DONE],
                "summary": [None, batch.summary],
            },
        )
    return report
