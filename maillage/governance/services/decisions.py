"""The register: decisions taken in meetings, and the follow-up tasks they create.

A decision may create a new fiche action (as an idea) or change the status of the action it
names, through the programme's own services. That needs the programme's rights: when the
person recording the decision lacks them, the effect waits in the register until a
coordinator applies it."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.core.text import fold
from maillage.governance.models import AgendaItem, Decision, FollowUpTask, Meeting
from maillage.governance.services.common import (
    is_partner_organisation,
    person_name,
    raise_if,
    works_in,
)
from maillage.programme import services as programme
from maillage.programme.models import Action
from maillage.territories.models import Organisation, Territory

DECISION_FIELDS = (
    "text",
    "owner",
    "due_date",
    "status",
    "item",
    "action",
    "action_effect",
    "action_status",
    "action_title",
)
TASK_FIELDS = ("title", "description", "owner", "assignee", "due_date")


def _check_decision(decision: Decision) -> None:
    errors: dict[str, str] = {}
    territory = decision.body.territory
    if not decision.text.strip():
        errors["text"] = _("Rédigez la décision.")
    if decision.owner_id is not None and not is_partner_organisation(territory, decision.owner):
        errors["owner"] = _("Cette organisation n’est pas partenaire du territoire.")
    if decision.due_date is not None and decision.due_date < decision.decided_on:
        errors["due_date"] = _(
            "L’échéance (%(due)s) précède la date de la décision (%(decided)s)."
        ) % {
            "due": decision.due_date.strftime("%d/%m/%Y"),
            "decided": decision.decided_on.strftime("%d/%m/%Y"),
        }
    if decision.item is not None and decision.item.meeting_id != decision.meeting_id:
        errors["item"] = _("Ce point n’est pas à l’ordre du jour de la séance.")
    if decision.action is not None and decision.action.territory_id != territory.pk:
        errors["action"] = _("Cette fiche action appartient à un autre territoire.")
    if decision.action_effect == Decision.ActionEffect.STATUS:
        if decision.action_id is None:
            errors["action"] = _("Choisissez la fiche action dont l’état change.")
        if decision.action_status not in Action.Status.values:
            errors["action_status"] = _("Choisissez le nouvel état de la fiche action.")
    elif decision.action_effect == Decision.ActionEffect.CREATE:
        if decision.action_id is not None and decision.action_applied_at is None:
            errors["action"] = _(
                "Une décision qui crée une fiche action ne peut pas en citer une autre."
            )
    elif decision.action_status:
        errors["action_status"] = _(
            "Un nouvel état n’a de sens qu’avec l’effet « changer l’état »."
        )
    raise_if(errors)


def _check_task(task: FollowUpTask) -> None:
    errors: dict[str, str] = {}
    if task.owner_id is None and task.assignee_id is None:
        errors["owner"] = _("Indiquez l’organisation responsable ou la personne chargée.")
    if task.owner_id is not None and not is_partner_organisation(task.territory, task.owner):
        errors["owner"] = _("Cette organisation n’est pas partenaire du territoire.")
    if task.assignee_id is not None and not works_in(task.territory, task.assignee):
        errors["assignee"] = _(
            "%(name)s ne travaille pas sur ce territoire : confiez la tâche à un·e partenaire."
        ) % {"name": person_name(task.assignee)}
    raise_if(errors)


def _next_number(body_id: int) -> int:
    return (Decision.objects.filter(body_id=body_id).aggregate(top=Max("number"))["top"] or 0) + 1


@transaction.atomic
def record_decision(
    *,
    actor: Any,
    meeting: Meeting,
    text: str,
    owner: Organisation | None = None,
    due_date: datetime.date | None = None,
    item: AgendaItem | None = None,
    action: Action | None = None,
    action_effect: str = Decision.ActionEffect.NONE,
    action_status: str = "",
    action_title: str = "",
    apply_action: bool = False,
    follow_up: dict[str, Any] | None = None,
) -> Decision:
    """Record a decision of a held meeting; ``follow_up`` (title, owner, assignee,
    due_date, description) creates its first task."""
    if meeting.status != Meeting.Status.HELD:
        raise_if(
            {
                "text": _(
                    "Les décisions s’enregistrent sur une séance tenue dont le compte rendu "
                    "n’est pas encore approuvé."
                )
            }
        )
    body = meeting.body
    decision = Decision(
        territory=body.territory,
        body=body,
        meeting=meeting,
        item=item,
        number=_next_number(body.pk),
        decided_on=meeting.local_date,
        text=text.strip(),
        owner=owner,
        due_date=due_date,
        action=action,
        action_effect=action_effect or "",
        action_status=action_status or "",
        action_title=action_title.strip(),
        search_text=fold(text),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    decision.full_clean()
    _check_decision(decision)
    decision.save()
    if follow_up:
        _new_task(actor=actor, decision=decision, **follow_up)
    if apply_action and decision.action_effect:
        _apply(actor=actor, decision=decision)
    audit.record(
        actor=actor,
        action="decision.create",
        obj=decision,
        territory=body.territory,
        changes=audit.diff({}, audit.snapshot(decision, DECISION_FIELDS)),
    )
    return decision


@transaction.atomic
def update_decision(*, actor: Any, decision: Decision, **fields: Any) -> Decision:
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown decision fields: {sorted(unknown)}")
    if decision.action_applied_at is not None and any(
        name in fields and fields[name] != getattr(decision, name)
        for name in ("action", "action_effect", "action_status")
    ):
        raise_if(
            {
                "action_effect": _(
                    "L’effet sur la fiche action est déjà appliqué : il ne change plus."
                )
            }
        )
    before = audit.snapshot(decision, DECISION_FIELDS)
    for name, value in fields.items():
        setattr(decision, name, value)
    decision.search_text = fold(decision.text)
    decision.full_clean()
    _check_decision(decision)
    decision.save()
    changes = audit.diff(before, audit.snapshot(decision, DECISION_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="decision.update",
            obj=decision,
            territory=decision.territory,
            changes=changes,
        )
    return decision


def _apply(*, actor: Any, decision: Decision) -> None:
    reason = _("Décision %(ref)s : %(text)s") % {"ref": decision.reference, "text": decision.text}
    if decision.action_effect == Decision.ActionEffect.CREATE:
        created = programme.create_action(
            actor=actor,
            territory=decision.territory,
            title=(decision.action_title or decision.text)[:255],
            summary=reason,
            status=Action.Status.IDEA,
            pilots=[decision.owner] if decision.owner is not None else None,
        )
        decision.action = created
    elif decision.action_effect == Decision.ActionEffect.STATUS and decision.action is not None:
        try:
            programme.change_status(
                actor=actor,
                action=decision.action,
                status=decision.action_status,
                reason=reason,
                on=decision.decided_on,
            )
        except ValidationError as exc:
            # The programme names its own fields; on the decision they are the new status.
            raise ValidationError({"action_status": exc.messages}) from exc
    decision.action_applied_at = timezone.now()
    decision.save(update_fields=["action", "action_applied_at", "updated_at"])


@transaction.atomic
def apply_decision_action(*, actor: Any, decision: Decision) -> Decision:
    """Create the fiche action, or change its status, as the decision says."""
    if not decision.action_effect:
        raise_if({"action_effect": _("Cette décision ne porte sur aucune fiche action.")})
    if decision.action_applied_at is not None:
        raise_if({"action_effect": _("L’effet sur la fiche action est déjà appliqué.")})
    _apply(actor=actor, decision=decision)
    audit.record(
        actor=actor,
        action="decision.apply_action",
        obj=decision,
        territory=decision.territory,
        changes={"action": [None, decision.action_id], "effect": [None, decision.action_effect]},
    )
    return decision


# --------------------------------------------------------------------------- tasks


def _new_task(
    *,
    actor: Any,
    territory: Territory | None = None,
    decision: Decision | None = None,
    agreement: Any = None,
    title: str,
    owner: Organisation | None = None,
    assignee: Any = None,
    due_date: datetime.date | None = None,
    description: str = "",
) -> FollowUpTask:
    if decision is not None:
        territory = decision.territory
        owner = owner if owner is not None else decision.owner
        due_date = due_date or decision.due_date
    elif agreement is not None:
        territory = agreement.territory
    if territory is None:
        raise TypeError("A task belongs to a decision, an agreement or a territory")
    task = FollowUpTask(
        territory=territory,
        body=decision.body if decision is not None else None,
        decision=decision,
        agreement=agreement,
        title=title.strip(),
        description=description,
        owner=owner,
        assignee=assignee,
        due_date=due_date,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    task.full_clean()
    _check_task(task)
    if decision is not None and due_date is not None and due_date < decision.decided_on:
        raise_if({"due_date": _("L’échéance de la tâche précède la décision.")})
    task.save()
    audit.record(
        actor=actor,
        action="task.create",
        obj=task,
        territory=territory,
        changes=audit.diff({}, audit.snapshot(task, TASK_FIELDS)),
    )
    return task


@transaction.atomic
def create_task(
    *,
    actor: Any,
    title: str,
    decision: Decision | None = None,
    agreement: Any = None,
    territory: Territory | None = None,
    owner: Organisation | None = None,
    assignee: Any = None,
    due_date: datetime.date | None = None,
    description: str = "",
) -> FollowUpTask:
    return _new_task(
        actor=actor,
        territory=territory,
        decision=decision,
        agreement=agreement,
        title=title,
        owner=owner,
        assignee=assignee,
        due_date=due_date,
        description=description,
    )


@transaction.atomic
def update_task(*, actor: Any, task: FollowUpTask, **fields: Any) -> FollowUpTask:
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise TypeError(f"Unknown task fields: {sorted(unknown)}")
    before = audit.snapshot(task, TASK_FIELDS)
    old_due = task.due_date
    for name, value in fields.items():
        setattr(task, name, value)
    if task.due_date != old_due:
        task.reminded_on = None  # a new due date deserves a new reminder
    task.full_clean()
    _check_task(task)
    task.save()
    changes = audit.diff(before, audit.snapshot(task, TASK_FIELDS))
    if changes:
        audit.record(
            actor=actor, action="task.update", obj=task, territory=task.territory, changes=changes
        )
    return task


@transaction.atomic
def update_task_status(
    *, actor: Any, task: FollowUpTask, status: str, note: str = ""
) -> FollowUpTask:
    if status not in FollowUpTask.Status.values:
        raise_if({"status": _("Cet état n’existe pas.")})
    if status == FollowUpTask.Status.CANCELLED and not note.strip():
        raise_if({"status_note": _("Indiquez pourquoi la tâche est abandonnée.")})
    before = [task.status, task.status_note]
    task.status = status
    task.status_note = note.strip()[:255] or task.status_note
    task.completed_on = timezone.localdate() if status == FollowUpTask.Status.DONE else None
    task.full_clean()
    task.save(update_fields=["status", "status_note", "completed_on", "updated_at"])
    if before != [task.status, task.status_note]:
        audit.record(
            actor=actor,
            action="task.status",
            obj=task,
            territory=task.territory,
            changes={"status": [before[0], task.status], "note": [before[1], task.status_note]},
        )
    return task


def mark_task_reminded(*, task: FollowUpTask, day: datetime.date) -> None:
    """The people in charge were reminded of the task (``tasks.send_task_reminders``):
    not again for this due date. A delivery mark, not a change of data: no audit entry."""
    FollowUpTask.objects.filter(pk=task.pk).update(reminded_on=day)
