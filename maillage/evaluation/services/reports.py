"""The « Bilan annuel » as stored editions: asked for by a coordinator, rendered from the
frozen snapshot by a background task (``evaluation.generate_report``), kept as private
files (PDF, DOCX, ODT) and downloaded through the access engine. A large territory's PDF
takes minutes to render: no page waits for it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maillage.core import audit, queue
from maillage.evaluation import reports
from maillage.evaluation.models import ReportEdition, Snapshot

RENDERERS = {
    "pdf": reports.report_pdf,
    "docx": reports.report_docx,
    "odt": reports.report_odt,
}


def file_stem(snapshot: Snapshot) -> str:
    return f"bilan-annuel-pst-{snapshot.territory.slug}-{snapshot.year}"


@transaction.atomic
def request_report(*, actor: Any, snapshot: Snapshot, inline: bool = False) -> ReportEdition:
    """Ask for the year's report: the edition is created, or marked to be generated again
    (its files are replaced once the new ones are complete). A generation already under
    way is not started twice."""
    edition = ReportEdition.objects.select_for_update().filter(snapshot=snapshot).first()
    if edition is not None and edition.is_pending:
        raise ValidationError(_("Le bilan annuel est déjà en cours de génération."))
    created = edition is None
    if edition is None:
        edition = ReportEdition(snapshot=snapshot, territory_id=snapshot.territory_id)
    before = edition.state
    edition.state = ReportEdition.State.PENDING
    edition.error = ""
    edition.requested_by = actor if getattr(actor, "pk", None) else None
    edition.requested_at = timezone.now()
    edition.save()
    audit.record(
        actor=actor,
        action="report.generate",
        obj=edition,
        territory=snapshot.territory,
        changes={"year": [None, snapshot.year]} if created else {"state": [before, "pending"]},
    )
    edition_id = edition.pk
    if inline:
        # The demo loader has no worker running: it renders right after the commit.
        transaction.on_commit(lambda: render_report(edition_id=edition_id))
    else:
        queue.enqueue_on_commit("evaluation.generate_report", edition_id=edition_id)
    return edition


def _tell_requester(edition: ReportEdition) -> None:
    """The person who asked for the report learns that it could not be made."""
    person = edition.requested_by
    if person is None or not person.is_active or not person.email:
        return
    snapshot = edition.snapshot
    context = {
        "edition": edition,
        "snapshot": snapshot,
        "person": person,
        "url": settings.SITE_URL.rstrip("/") + snapshot.campaign.get_absolute_url(),
    }
    with translation.override(getattr(person, "preferred_language", "") or "fr"):
        subject = " ".join(
            render_to_string("evaluation/emails/report_failed_subject.txt", context).split()
        )
        body = render_to_string("evaluation/emails/report_failed.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])


def _fail(edition_id: int, error: str) -> ReportEdition | None:
    updated = ReportEdition.objects.filter(pk=edition_id, state=ReportEdition.State.PENDING).update(
        state=ReportEdition.State.FAILED, error=error[:2000]
    )
    edition = (
        ReportEdition.objects.select_related(
            "snapshot__territory", "snapshot__campaign__territory", "requested_by"
        )
        .filter(pk=edition_id)
        .first()
    )
    if updated and edition is not None:
        audit.record(
            actor=None,
            action="report.failed",
            obj=edition,
            territory=edition.snapshot.territory,
            changes={"state": [ReportEdition.State.PENDING, ReportEdition.State.FAILED]},
        )
        _tell_requester(edition)
    return edition


def abandon_report(*, edition_id: int) -> None:
    """The worker generating the report died (core/workers.py): the edition is failed, so
    that the campaign's page stops waiting and offers to generate it again, and the person
    who asked for it is told. Files of a previous generation stay as they were."""
    _fail(
        edition_id,
        _("La génération a été interrompue : le processus qui la faisait s’est arrêté."),
    )


def render_report(*, edition_id: int) -> ReportEdition:
    """Render and store the edition's PDF, DOCX and ODT from the snapshot (the task's
    body). On failure the edition is failed and its requester told; the files of a
    previous generation are replaced only once all three new ones are rendered."""
    edition = ReportEdition.objects.select_related("snapshot__territory").get(pk=edition_id)
    snapshot = edition.snapshot
    try:
        data, sha256 = snapshot.data, snapshot.sha256
        rendered = {fmt: render(data, sha256) for fmt, render in RENDERERS.items()}
    except Exception as exc:
        failed = _fail(edition_id, str(exc) or exc.__class__.__name__)
        return failed if failed is not None else edition
    old = [str(getattr(edition, fmt).name) for fmt in RENDERERS if getattr(edition, fmt)]
    stem = file_stem(snapshot)
    with transaction.atomic():
        for fmt, content in rendered.items():
            getattr(edition, fmt).save(f"{stem}.{fmt}", ContentFile(content), save=False)
        edition.state = ReportEdition.State.READY
        edition.generated_at = timezone.now()
        edition.error = ""
        edition.save()
        audit.record(
            actor=None,
            action="report.ready",
            obj=edition,
            territory=snapshot.territory,
            changes={"state": [ReportEdition.State.PENDING, ReportEdition.State.READY]},
        )
    current = {str(getattr(edition, fmt).name) for fmt in RENDERERS}
    storage = edition.pdf.storage
    for stale in old:
        if stale not in current:
            storage.delete(stale)
    return edition
