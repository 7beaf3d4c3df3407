"""Writes on an action's follow-up: milestones (part of the fiche, so versioned) and the
dated journal with its attachments."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import partial
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.programme import history, uploads
from maillage.programme.models import Action, Attachment, JournalEntry, Milestone
from maillage.programme.services.actions import _record

MILESTONE_FIELDS = ("title", "planned_on", "done_on", "description")
MAX_ATTACHMENTS = 10


def _check_done_on(done_on: datetime.date | None) -> None:
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationError(
            {"done_on": _("Un jalon ne peut pas être réalisé à une date future.")}
        )


@transaction.atomic
def add_milestone(
    *,
    actor: Any,
    action: Action,
    title: str,
    planned_on: datetime.date | None = None,
    done_on: datetime.date | None = None,
    description: str = "",
) -> Milestone:
    _check_done_on(done_on)
    before = history.snapshot(action)
    milestone = Milestone(
        action=action,
        title=(title or "").strip(),
        planned_on=planned_on,
        done_on=done_on,
        description=(description or "").strip(),
    )
    milestone.full_clean()
    milestone.save()
    _record(
        actor=actor,
        action=action,
        verb="milestone.create",
        before=before,
        on=timezone.localdate(),
    )
    return milestone


@transaction.atomic
def update_milestone(*, actor: Any, milestone: Milestone, **fields: Any) -> Milestone:
    unknown = set(fields) - set(MILESTONE_FIELDS)
    if unknown:
        raise TypeError(f"update_milestone() got unexpected fields {sorted(unknown)}")
    _check_done_on(fields.get("done_on"))
    action = milestone.action
    before = history.snapshot(action)
    for name, value in fields.items():
        setattr(milestone, name, value.strip() if isinstance(value, str) else value)
    milestone.full_clean()
    milestone.save()
    _record(
        actor=actor,
        action=action,
        verb="milestone.update",
        before=before,
        on=timezone.localdate(),
    )
    return milestone


@transaction.atomic
def delete_milestone(*, actor: Any, milestone: Milestone) -> None:
    action = milestone.action
    before = history.snapshot(action)
    milestone.delete()
    _record(
        actor=actor,
        action=action,
        verb="milestone.delete",
        before=before,
        on=timezone.localdate(),
    )


@transaction.atomic
def add_journal_entry(
    *,
    actor: Any,
    action: Action,
    text: str,
    happened_on: datetime.date | None = None,
    files: Iterable[Any] = (),
) -> JournalEntry:
    """A dated note, with its attachments stored through the storage backend."""
    uploaded = list(files)
    if len(uploaded) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"files": _("Joignez au plus %d fichiers à la fois.") % MAX_ATTACHMENTS}
        )
    errors = []
    checked = []
    for upload in uploaded:
        try:
            checked.append((upload, uploads.check_attachment(upload)))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"files": errors})
    today = timezone.localdate()
    if happened_on is not None and happened_on > today:
        raise ValidationError({"happened_on": _("La date ne peut pas être dans le futur.")})
    entry = JournalEntry(
        action=action,
        happened_on=happened_on or today,
        text=(text or "").strip(),
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )
    entry.full_clean()
    entry.save()
    for upload, content_type in checked:
        name = PurePath(upload.name).name[:200]
        attachment = Attachment(entry=entry, name=name, size=upload.size, content_type=content_type)
        attachment.file.save(name, upload, save=False)
        attachment.save()
    audit.record(
        actor=actor,
        action="journal.create",
        obj=action,
        territory=action.territory,
        changes={
            "journal": [None, entry.text[:200]],
            "attachments": [None, [a.name for a in entry.attachments.all()]],
        },
    )
    return entry


@transaction.atomic
def delete_journal_entry(*, actor: Any, entry: JournalEntry) -> None:
    action = entry.action
    names = []
    for attachment in entry.attachments.all():
        names.append(attachment.name)
        stored = attachment.file.name or ""
        # The file goes only once the row is gone for good.
        transaction.on_commit(partial(attachment.file.storage.delete, stored))
    audit.record(
        actor=actor,
        action="journal.delete",
        obj=action,
        territory=action.territory,
        changes={"journal": [entry.text[:200], None], "attachments": [names, None]},
    )
    entry.delete()


def mark_late_reminded(
    *, actions: list[Action] | None = None, milestones: list[Milestone] | None = None
) -> None:
    """The people in charge were told these fiches and milestones are late
    (``tasks.send_late_reminders``): not again for this planned date (a new date re-arms
    the reminder). A delivery mark, not a change of the fiche: no audit entry, no version."""
    for action in actions or []:
        Action.objects.filter(pk=action.pk).update(late_reminded_for=action.ends_on)
    for milestone in milestones or []:
        Milestone.objects.filter(pk=milestone.pk).update(late_reminded_for=milestone.planned_on)
