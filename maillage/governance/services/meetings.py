"""Meetings: draft → convened → held → minutes approved (or cancelled), and their agenda.

Invitations leave by e-mail, with the meeting as an ICS attachment, from a background task
enqueued once the transaction has committed."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core import audit, queue
from maillage.governance.models import (
    AgendaItem,
    Body,
    BodyMembership,
    ConvocationInvitation,
    Meeting,
    active_on_q,
)
from maillage.governance.services.common import raise_if

MEETING_FIELDS = ("title", "starts_at", "ends_at", "place", "video_url", "description")
# Fields whose change attendees must see in their calendars.
SCHEDULE_FIELDS = ("starts_at", "ends_at", "place", "video_url")
MAX_MEETING_DAYS = 7


def _when(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "l j F Y à H:i")


def _check_times(meeting: Meeting) -> None:
    errors: dict[str, str] = {}
    if meeting.starts_at and meeting.ends_at:
        if meeting.ends_at <= meeting.starts_at:
            errors["ends_at"] = _(
                "La séance doit se terminer après son début : la fin indiquée (%(end)s) "
                "précède ou égale le début (%(start)s)."
            ) % {"end": _when(meeting.ends_at), "start": _when(meeting.starts_at)}
        elif meeting.ends_at - meeting.starts_at > datetime.timedelta(days=MAX_MEETING_DAYS):
            errors["ends_at"] = _("Une séance dure au plus %(days)s jours.") % {
                "days": MAX_MEETING_DAYS
            }
    raise_if(errors)


def _check_future(meeting: Meeting, field: str = "starts_at") -> None:
    if meeting.starts_at <= timezone.now():
        raise_if(
            {
                field: _(
                    "La convocation est datée dans le passé (%(when)s) : choisissez une date "
                    "à venir, ou enregistrez la séance comme tenue."
                )
                % {"when": _when(meeting.starts_at)}
            }
        )


@transaction.atomic
def create_meeting(
    *,
    actor: Any,
    body: Body,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str = "",
    video_url: str = "",
    description: str = "",
) -> Meeting:
    if body.is_archived:
        raise_if({"title": _("Cette instance est dissoute : elle ne se réunit plus.")})
    meeting = Meeting(
        body=body,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        video_url=video_url,
        description=description,
    )
    _check_times(meeting)
    meeting.full_clean()
    meeting.save()
    audit.record(
        actor=actor,
        action="meeting.create",
        obj=meeting,
        territory=body.territory,
        changes=audit.diff({}, audit.snapshot(meeting, MEETING_FIELDS)),
    )
    return meeting


@transaction.atomic
def update_meeting(*, actor: Any, meeting: Meeting, notify: bool = True, **fields: Any) -> Meeting:
    """Change a meeting. Once convened, a new date, place or link is sent to everyone
    invited (the ICS SEQUENCE grows so calendars replace the event)."""
    unknown = set(fields) - set(MEETING_FIELDS)
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    if meeting.status in (Meeting.Status.APPROVED, Meeting.Status.CANCELLED):
        raise_if({"title": _("Cette séance est close : elle ne peut plus être modifiée.")})
    before = audit.snapshot(meeting, MEETING_FIELDS)
    for name, value in fields.items():
        setattr(meeting, name, value)
    _check_times(meeting)
    changes = audit.diff(before, audit.snapshot(meeting, MEETING_FIELDS))
    rescheduled = any(name in changes for name in SCHEDULE_FIELDS)
    if meeting.status == Meeting.Status.CONVENED and rescheduled:
        _check_future(meeting)
        meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    if changes:
        audit.record(
            actor=actor,
            action="meeting.update",
            obj=meeting,
            territory=meeting.body.territory,
            changes=changes,
        )
    if meeting.status == Meeting.Status.CONVENED and rescheduled and notify:
        _invite(meeting, ConvocationInvitation.Kind.UPDATE)
    return meeting


def recipients(meeting: Meeting) -> list[tuple[Any, Any, str]]:
    """(person, organisation, seat) for everyone a convocation goes to: the titular and
    substitute of each organisation sitting on the meeting's day, the chair and the
    secretary. A person appears once, under their first seat."""

    body = meeting.body
    seen: set[int] = set()
    found: list[tuple[Any, Any, str]] = []

    def add(user: Any, organisation: Any, seat: str) -> None:
        if user is not None and user.is_active and user.pk not in seen:
            seen.add(user.pk)
            found.append((user, organisation, seat))

    add(body.chair, None, ConvocationInvitation.Seat.CHAIR)
    add(body.secretary, None, ConvocationInvitation.Seat.SECRETARY)
    memberships = (
        BodyMembership.objects.filter(active_on_q(meeting.local_date), body=body)
        .select_related("organisation", "titular", "substitute")
        .order_by("organisation__name")
    )
    for membership in memberships:
        add(membership.titular, membership.organisation, ConvocationInvitation.Seat.TITULAR)
    for membership in memberships:
        add(membership.substitute, membership.organisation, ConvocationInvitation.Seat.SUBSTITUTE)
    return found


def _invite(meeting: Meeting, kind: str) -> list[ConvocationInvitation]:
    invitations = [
        ConvocationInvitation(
            meeting=meeting,
            user=user,
            organisation=organisation,
            seat=seat,
            kind=kind,
            sequence=meeting.sequence,
        )
        for user, organisation, seat in recipients(meeting)
    ]
    created = ConvocationInvitation.objects.bulk_create(invitations)
    ids = [invitation.pk for invitation in created]
    if ids:
        queue.enqueue_on_commit("governance.send_invitations", invitation_ids=ids)
    return created


def agenda_minutes(meeting: Meeting) -> int:
    return sum(item.duration_minutes for item in meeting.items.all())


def agenda_warnings(meeting: Meeting) -> list[str]:
    """What the secretary should know but may accept: an agenda longer than the meeting."""
    planned = agenda_minutes(meeting)
    available = meeting.duration_minutes
    if planned > available:
        return [
            _(
                "L’ordre du jour prévoit %(planned)s pour une séance de %(available)s : "
                "allégez-le ou allongez la séance."
            )
            % {"planned": format_minutes(planned), "available": format_minutes(available)}
        ]
    return []


def format_minutes(total: int) -> str:
    hours, minutes = divmod(total, 60)
    if not hours:
        return ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
    if not minutes:
        return ngettext("%(n)s heure", "%(n)s heures", hours) % {"n": hours}
    return f"{hours} h {minutes:02d}"


@transaction.atomic
def convene_meeting(
    *, actor: Any, meeting: Meeting, message: str = "", notify: bool = True
) -> Meeting:
    """Send the convocation. The meeting must be to come, have a place or a link, an
    agenda, and someone to invite."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    errors: dict[str, str] = {}
    if meeting.status != Meeting.Status.DRAFT:
        raise_if({"status": _("Cette séance a déjà été convoquée.")})
    _check_future(meeting)
    if not meeting.place and not meeting.video_url:
        errors["place"] = _("Indiquez un lieu ou un lien de visioconférence avant de convoquer.")
    if not meeting.items.exists():
        errors["items"] = _("Ajoutez au moins un point à l’ordre du jour avant de convoquer.")
    if not recipients(meeting):
        errors["recipients"] = _(
            "Personne à convoquer : nommez les titulaires des organisations membres, la "
            "présidence ou le secrétariat."
        )
    raise_if(errors)
    meeting.status = Meeting.Status.CONVENED
    meeting.convened_at = timezone.now()
    meeting.convened_by = actor if getattr(actor, "is_authenticated", False) else None
    meeting.convocation_message = message.strip()
    meeting.save()
    invitations = _invite(meeting, ConvocationInvitation.Kind.CONVOCATION) if notify else []
    audit.record(
        actor=actor,
        action="meeting.convene",
        obj=meeting,
        territory=meeting.body.territory,
        changes={
            "status": [Meeting.Status.DRAFT, meeting.status],
            "invited": [None, len(invitations)],
        },
    )
    return meeting


@transaction.atomic
def hold_meeting(*, actor: Any, meeting: Meeting) -> Meeting:
    """The meeting took place: attendance, minutes and decisions can now be written. A
    past meeting that was never convened through Maillage may be recorded this way too."""
    if meeting.status not in (Meeting.Status.DRAFT, Meeting.Status.CONVENED):
        raise_if({"status": _("Cette séance est déjà déclarée tenue.")})
    if meeting.starts_at > timezone.now():
        raise_if(
            {
                "status": _(
                    "La séance n’a pas encore commencé : elle pourra être déclarée tenue à "
                    "partir du %(when)s."
                )
                % {"when": _when(meeting.starts_at)}
            }
        )
    before = meeting.status
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="meeting.hold",
        obj=meeting,
        territory=meeting.body.territory,
        changes={"status": [before, meeting.status]},
    )
    return meeting


@transaction.atomic
def cancel_meeting(*, actor: Any, meeting: Meeting, reason: str, notify: bool = True) -> Meeting:
    if meeting.status not in (Meeting.Status.DRAFT, Meeting.Status.CONVENED):
        raise_if({"reason": _("Une séance tenue ne peut pas être annulée.")})
    if not reason.strip():
        raise_if({"reason": _("Indiquez le motif de l’annulation : il est envoyé aux membres.")})
    before = meeting.status
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_reason = reason.strip()[:255]
    meeting.sequence += 1
    meeting.save()
    # Subjects on the agenda go back to the backlog, to be scheduled again.
    meeting.items.update(meeting=None)
    if before == Meeting.Status.CONVENED and notify:
        _invite(meeting, ConvocationInvitation.Kind.CANCELLATION)
    audit.record(
        actor=actor,
        action="meeting.cancel",
        obj=meeting,
        territory=meeting.body.territory,
        changes={"status": [before, meeting.status], "reason": [None, meeting.cancelled_reason]},
    )
    return meeting


@transaction.atomic
def approve_minutes(*, actor: Any, meeting: Meeting) -> Meeting:
    if meeting.status != Meeting.Status.HELD:
        raise_if({"status": _("Seul le compte rendu d’une séance tenue peut être approuvé.")})
    if not meeting.minutes.exclude(text="").exists():
        raise_if({"status": _("Le compte rendu est vide : rédigez-le avant de l’approuver.")})
    if not meeting.attendances.exists():
        raise_if({"status": _("Notez les présences avant d’approuver le compte rendu.")})
    meeting.status = Meeting.Status.APPROVED
    meeting.approved_at = timezone.now()
    meeting.approved_by = actor if getattr(actor, "is_authenticated", False) else None
    meeting.save()
    audit.record(
        actor=actor,
        action="meeting.approve",
        obj=meeting,
        territory=meeting.body.territory,
        changes={"status": [Meeting.Status.HELD, meeting.status]},
    )
    return meeting


# --------------------------------------------------------------------------- agenda


def _editable_agenda(meeting: Meeting) -> None:
    if meeting.status not in (Meeting.Status.DRAFT, Meeting.Status.CONVENED):
        raise_if({"meeting": _("L’ordre du jour d’une séance tenue ne se modifie plus.")})


def _check_item(item: AgendaItem) -> None:
    errors: dict[str, str] = {}
    if item.action is not None and item.action.territory_id != item.body.territory_id:
        errors["action"] = _("Cette fiche action appartient à un autre territoire.")
    if item.duration_minutes < 1 or item.duration_minutes > 600:
        errors["duration_minutes"] = _("La durée d’un point va de 1 à 600 minutes.")
    raise_if(errors)


def _next_position(meeting: Meeting) -> int:
    return (meeting.items.aggregate(top=Max("position"))["top"] or 0) + 1


@transaction.atomic
def propose_item(
    *,
    actor: Any,
    body: Body,
    title: str,
    description: str = "",
    duration_minutes: int = 15,
    presenter: Any = None,
    action: Any = None,
    meeting: Meeting | None = None,
) -> AgendaItem:
    """A subject for the body: in its backlog, or straight onto a meeting's agenda."""
    if meeting is not None:
        _editable_agenda(meeting)
    item = AgendaItem(
        body=body,
        meeting=meeting,
        position=_next_position(meeting) if meeting is not None else 0,
        title=title.strip(),
        description=description,
        duration_minutes=duration_minutes,
        presenter=presenter,
        action=action,
        proposed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    item.full_clean()
    _check_item(item)
    item.save()
    audit.record(
        actor=actor,
        action="agenda_item.create",
        obj=item,
        territory=body.territory,
        changes=audit.diff(
            {}, audit.snapshot(item, ["title", "meeting", "duration_minutes", "action"])
        ),
    )
    return item


ITEM_FIELDS = ("title", "description", "duration_minutes", "presenter", "action")


@transaction.atomic
def update_item(*, actor: Any, item: AgendaItem, **fields: Any) -> AgendaItem:
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"Unknown agenda item fields: {sorted(unknown)}")
    if item.meeting is not None:
        _editable_agenda(item.meeting)
    before = audit.snapshot(item, ITEM_FIELDS)
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    _check_item(item)
    item.save()
    changes = audit.diff(before, audit.snapshot(item, ITEM_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="agenda_item.update",
            obj=item,
            territory=item.body.territory,
            changes=changes,
        )
    return item


@transaction.atomic
def schedule_item(*, actor: Any, item: AgendaItem, meeting: Meeting) -> AgendaItem:
    """Move a subject from the backlog onto a meeting's agenda, at the end."""
    if meeting.body_id != item.body_id:
        raise_if({"meeting": _("Cette séance est celle d’une autre instance.")})
    if item.meeting_id is not None:
        raise_if({"meeting": _("Ce point est déjà inscrit à l’ordre du jour d’une séance.")})
    _editable_agenda(meeting)
    item.meeting = meeting
    item.position = _next_position(meeting)
    item.save(update_fields=["meeting", "position", "updated_at"])
    audit.record(
        actor=actor,
        action="agenda_item.schedule",
        obj=item,
        territory=item.body.territory,
        changes={"meeting": [None, meeting.pk]},
    )
    return item


@transaction.atomic
def unschedule_item(*, actor: Any, item: AgendaItem) -> AgendaItem:
    """Take a subject off an agenda, back to the backlog."""
    meeting = item.meeting
    if meeting is None:
        return item
    _editable_agenda(meeting)
    item.meeting = None
    item.position = 0
    item.save(update_fields=["meeting", "position", "updated_at"])
    audit.record(
        actor=actor,
        action="agenda_item.unschedule",
        obj=item,
        territory=item.body.territory,
        changes={"meeting": [meeting.pk, None]},
    )
    return item


@transaction.atomic
def move_item(*, actor: Any, item: AgendaItem, offset: int) -> AgendaItem:
    """Move a point up (−1) or down (+1) the agenda."""
    meeting = item.meeting
    if meeting is None or offset not in (-1, 1):
        return item
    _editable_agenda(meeting)
    items = list(meeting.items.order_by("position", "created_at", "id"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + offset
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
        for position, other in enumerate(items, start=1):
            if other.position != position:
                other.position = position
                other.save(update_fields=["position"])
        audit.record(
            actor=actor,
            action="agenda_item.move",
            obj=item,
            territory=item.body.territory,
            changes={"position": [index + 1, target + 1]},
        )
    item.refresh_from_db()
    return item


@transaction.atomic
def withdraw_item(*, actor: Any, item: AgendaItem) -> None:
    """Drop a subject from the backlog for good."""
    if item.meeting_id is not None:
        raise_if({"meeting": _("Retirez d’abord ce point de l’ordre du jour de sa séance.")})
    audit.record(
        actor=actor,
        action="agenda_item.withdraw",
        obj=item,
        territory=item.body.territory,
        changes={"title": [item.title, None]},
    )
    item.delete()


@transaction.atomic
def carry_over_item(*, actor: Any, item: AgendaItem) -> AgendaItem:
    """A point the meeting did not reach goes back to the backlog as a new subject; the
    held meeting's agenda stays as it was."""
    if item.meeting is None or item.meeting.status not in (
        Meeting.Status.HELD,
        Meeting.Status.APPROVED,
    ):
        raise_if({"meeting": _("Seul un point d’une séance tenue peut être reporté.")})
    if AgendaItem.objects.filter(carried_from=item).exists():
        raise_if({"meeting": _("Ce point a déjà été reporté.")})
    carried = AgendaItem(
        body=item.body,
        title=item.title,
        description=item.description,
        duration_minutes=item.duration_minutes,
        presenter=item.presenter,
        action=item.action,
        proposed_by=actor if getattr(actor, "is_authenticated", False) else None,
        carried_from=item,
    )
    carried.full_clean()
    carried.save()
    audit.record(
        actor=actor,
        action="agenda_item.carry_over",
        obj=carried,
        territory=item.body.territory,
        changes={"carried_from": [None, item.pk]},
    )
    return carried


def mark_invitation_sent(*, invitation: ConvocationInvitation) -> None:
    """The convocation e-mail left (``tasks.send_invitations``): it is not sent again. A
    delivery mark, not a change of data: no audit entry (convening was audited)."""
    ConvocationInvitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
