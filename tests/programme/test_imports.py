"""The programme's import batches go through services (programme/imports.py): kept with an
audit entry, applied once under a lock, all or nothing."""

import pytest
from django.core.exceptions import ValidationError

from maillage.core.models import AuditEntry
from maillage.programme import imports
from maillage.programme.models import ImportBatch
from tests.programme.support import upload_changed_actions


def test_a_batch_is_kept_and_applied_once_with_audit_entries(scene, client_for):
    coordinator = scene["coordinator"]
    upload_changed_actions(client_for(coordinator))
    batch = ImportBatch.objects.get()
    assert AuditEntry.objects.filter(action="programme.import.upload", actor=coordinator).exists()

    report = imports.apply_import(actor=coordinator, batch=batch)
    assert report.ok and report.updated == 1
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.DONE
    assert batch.applied_at is not None
    entry = AuditEntry.objects.get(action="programme.import.apply")
    assert entry.actor == coordinator
    assert entry.territory == scene["territory"]

    # A second confirmation (another tab, a stale page) changes nothing.
    stale = ImportBatch.objects.get(pk=batch.pk)
    stale.state = ImportBatch.State.PREVIEWED  # what the other tab still believes
    with pytest.raises(ValidationError, match="déjà été appliqué"):
        imports.apply_import(actor=coordinator, batch=stale)
    assert AuditEntry.objects.filter(action="programme.import.apply").count() == 1


def test_a_report_with_problems_is_not_kept(scene):
    report = (
        imports.TRIPS["actions"]
        .read(
            "Code;Intitulé\r\n9.9.9;Rien\r\n".encode("utf-8-sig"),
            "actions.csv",
            user=scene["coordinator"],
            territory=scene["territory"],
        )
        .report
    )
    assert not report.ok
    with pytest.raises(ValidationError):
        imports.record_import(
            actor=scene["coordinator"],
            territory=scene["territory"],
            kind="actions",
            filename="actions.csv",
            data=b"",
            report=report,
        )
    assert not ImportBatch.objects.exists()
