"""Conventions and feuilles de route: signatories, commitments, co-piloted axes, attached
documents, and a follow-up task that reminds the owner of the coming review."""

from __future__ import annotations

import datetime
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.governance.models import (
    Agreement,
    AgreementDocument,
    AgreementSignatory,
    Commitment,
    FollowUpTask,
)
from maillage.governance.services.common import is_partner_organisation, raise_if
from maillage.governance.services.decisions import create_task
from maillage.territories.models import Organisation, Territory

AGREEMENT_FIELDS = (
    "kind",
    "title",
    "summary",
    "signed_on",
    "starts_on",
    "ends_on",
    "review_on",
    "reminder_days",
    "visibility",
    "body",
)

# Extension → (content type, how the file must begin).
DOCUMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    "doc": ("application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    "xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}


def max_document_bytes() -> int:
    return int(getattr(settings, "GOVERNANCE_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))


def check_document(upload: UploadedFile) -> str:
    """The content type of an acceptable upload; a French message for any other."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in DOCUMENT_TYPES:
        raise_if(
            {
                "file": _(
                    "Ce type de fichier n’est pas accepté. Formats acceptés : PDF, ODT, ODS, "
                    "DOCX, XLSX, DOC, XLS, PNG, JPEG."
                )
            }
        )
    limit = max_document_bytes()
    if upload.size is None or upload.size > limit:
        raise_if(
            {
                "file": _("Le fichier pèse %(size)s Mo : la limite est de %(limit)s Mo.")
                % {
                    "size": f"{(upload.size or 0) / 1024 / 1024:.1f}".replace(".", ","),
                    "limit": limit // (1024 * 1024),
                }
            }
        )
    if upload.size == 0:
        raise_if({"file": _("Le fichier est vide.")})
    content_type, signatures = DOCUMENT_TYPES[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise_if(
            {
                "file": _(
                    "Le contenu du fichier ne correspond pas à son extension .%(ext)s : "
                    "enregistrez-le de nouveau depuis votre logiciel."
                )
                % {"ext": extension}
            }
        )
    return content_type


def _check_agreement(agreement: Agreement) -> None:
    errors: dict[str, str] = {}
    if agreement.starts_on and agreement.ends_on and agreement.ends_on < agreement.starts_on:
        errors["ends_on"] = _("La fin de validité précède son début.")
    if agreement.signed_on and agreement.review_on and agreement.review_on <= agreement.signed_on:
        errors["review_on"] = _("La révision doit suivre la signature.")
    if agreement.body is not None and agreement.body.territory_id != agreement.territory_id:
        errors["body"] = _("Cette instance appartient à un autre territoire.")
    if agreement.reminder_days > 365:
        errors["reminder_days"] = _("Le rappel se fait au plus un an avant la révision.")
    raise_if(errors)


def _set_signatories(agreement: Agreement, signatories: list[tuple[Organisation, str]]) -> None:
    errors = []
    seen: set[int] = set()
    for organisation, _signed_by in signatories:
        if not is_partner_organisation(agreement.territory, organisation):
            errors.append(
                _("%(org)s n’est pas partenaire du territoire.") % {"org": organisation.name}
            )
        if organisation.pk in seen:
            errors.append(_("%(org)s est nommée deux fois.") % {"org": organisation.name})
        seen.add(organisation.pk)
    if not signatories:
        errors.append(_("Indiquez au moins une organisation signataire."))
    if errors:
        raise_if({"signatories": errors})
    agreement.signings.exclude(organisation_id__in=seen).delete()
    for organisation, signed_by in signatories:
        AgreementSignatory.objects.update_or_create(
            agreement=agreement,
            organisation=organisation,
            defaults={"signed_by": signed_by.strip()[:150]},
        )


def _check_axes(territory: Territory, axes: list[Any]) -> None:
    if any(axis.territory_id != territory.pk for axis in axes):
        raise_if({"axes": _("Ces axes appartiennent au programme d’un autre territoire.")})


def reminder_due_on(agreement: Agreement) -> datetime.date | None:
    if agreement.review_on is None:
        return None
    return agreement.review_on - datetime.timedelta(days=agreement.reminder_days)


def _sync_reminder(actor: Any, agreement: Agreement) -> None:
    """Keep one open task "prepare the review" due ``reminder_days`` before the review,
    owned by the first signatory; none for an agreement that has ended (recorded
    afterwards, or past its end): there is nothing left to review."""
    task = agreement.reminder_task
    due_on = reminder_due_on(agreement)
    if due_on is None or agreement.ended:
        if task is not None and task.is_open:
            task.status = FollowUpTask.Status.CANCELLED
            task.status_note = (
                _("Convention arrivée à son terme.")
                if agreement.ended
                else _("Plus de date de révision.")
            )
            task.save(update_fields=["status", "status_note", "updated_at"])
        return
    title = _("Préparer la révision : %(title)s (révision le %(date)s)") % {
        "title": agreement.title,
        "date": agreement.review_on.strftime("%d/%m/%Y") if agreement.review_on else "",
    }
    if task is not None and task.is_open:
        if task.due_date != due_on or task.title != title[:255]:
            task.due_date = due_on
            task.title = title[:255]
            task.reminded_on = None
            task.save(update_fields=["due_date", "title", "reminded_on", "updated_at"])
        return
    first = agreement.signings.select_related("organisation").first()
    task = create_task(
        actor=actor,
        agreement=agreement,
        title=title[:255],
        owner=first.organisation if first else None,
        due_date=due_on,
        description=_(
            "Rappel automatique avant la révision de la convention : réunir les signataires, "
            "faire le bilan des engagements et préparer un éventuel avenant."
        ),
    )
    agreement.reminder_task = task
    agreement.save(update_fields=["reminder_task", "updated_at"])


@transaction.atomic
def create_agreement(
    *,
    actor: Any,
    territory: Territory,
    signatories: list[tuple[Organisation, str]],
    axes: list[Any] | None = None,
    commitments: list[tuple[str, Organisation | None]] | None = None,
    **fields: Any,
) -> Agreement:
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown agreement fields: {sorted(unknown)}")
    agreement = Agreement(territory=territory, **fields)
    agreement.full_clean()
    _check_agreement(agreement)
    _check_axes(territory, axes or [])
    agreement.save()
    _set_signatories(agreement, signatories)
    agreement.axes.set(axes or [])
    for position, (text, organisation) in enumerate(commitments or [], start=1):
        _add_commitment(agreement, text, organisation, position)
    _sync_reminder(actor, agreement)
    audit.record(
        actor=actor,
        action="agreement.create",
        obj=agreement,
        territory=territory,
        changes=audit.diff({}, audit.snapshot(agreement, [*AGREEMENT_FIELDS, "axes"])),
    )
    return agreement


@transaction.atomic
def update_agreement(
    *,
    actor: Any,
    agreement: Agreement,
    signatories: list[tuple[Organisation, str]] | None = None,
    axes: list[Any] | None = None,
    **fields: Any,
) -> Agreement:
    unknown = set(fields) - set(AGREEMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown agreement fields: {sorted(unknown)}")
    before = audit.snapshot(agreement, [*AGREEMENT_FIELDS, "axes"])
    for name, value in fields.items():
        setattr(agreement, name, value)
    agreement.full_clean()
    _check_agreement(agreement)
    if axes is not None:
        _check_axes(agreement.territory, axes)
    agreement.save()
    if signatories is not None:
        _set_signatories(agreement, signatories)
    if axes is not None:
        agreement.axes.set(axes)
    _sync_reminder(actor, agreement)
    changes = audit.diff(before, audit.snapshot(agreement, [*AGREEMENT_FIELDS, "axes"]))
    if changes:
        audit.record(
            actor=actor,
            action="agreement.update",
            obj=agreement,
            territory=agreement.territory,
            changes=changes,
        )
    return agreement


def _add_commitment(
    agreement: Agreement, text: str, organisation: Organisation | None, position: int
) -> Commitment:
    if not text.strip():
        raise_if({"text": _("Rédigez l’engagement.")})
    if (
        organisation is not None
        and not agreement.signings.filter(organisation=organisation).exists()
    ):
        raise_if({"organisation": _("Seule une organisation signataire peut s’engager.")})
    commitment = Commitment(
        agreement=agreement, text=text.strip(), organisation=organisation, position=position
    )
    commitment.full_clean()
    commitment.save()
    return commitment


@transaction.atomic
def add_commitment(
    *, actor: Any, agreement: Agreement, text: str, organisation: Organisation | None = None
) -> Commitment:
    position = agreement.commitments.count() + 1
    commitment = _add_commitment(agreement, text, organisation, position)
    audit.record(
        actor=actor,
        action="agreement.commitment_add",
        obj=agreement,
        territory=agreement.territory,
        changes={"commitment": [None, commitment.text[:200]]},
    )
    return commitment


@transaction.atomic
def remove_commitment(*, actor: Any, commitment: Commitment) -> None:
    agreement = commitment.agreement
    audit.record(
        actor=actor,
        action="agreement.commitment_remove",
        obj=agreement,
        territory=agreement.territory,
        changes={"commitment": [commitment.text[:200], None]},
    )
    commitment.delete()


@transaction.atomic
def add_document(
    *, actor: Any, agreement: Agreement, title: str, upload: UploadedFile
) -> AgreementDocument:
    content_type = check_document(upload)
    if not title.strip():
        title = upload.name or _("Document")
    document = AgreementDocument(
        agreement=agreement,
        title=title.strip()[:200],
        file=upload,
        filename=PurePosixPath(upload.name or "document").name[:255],
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    document.full_clean()
    document.save()
    audit.record(
        actor=actor,
        action="agreement.document_add",
        obj=agreement,
        territory=agreement.territory,
        changes={"document": [None, document.title]},
    )
    return document


@transaction.atomic
def remove_document(*, actor: Any, document: AgreementDocument) -> None:
    agreement = document.agreement
    audit.record(
        actor=actor,
        action="agreement.document_remove",
        obj=agreement,
        territory=agreement.territory,
        changes={"document": [document.title, None]},
    )
    stored = document.file.name
    storage = document.file.storage
    document.delete()
    # The file goes once the row is gone for sure, not before a rollback could need it.
    transaction.on_commit(lambda: storage.delete(stored) if stored else None)
