"""What a held meeting records: who came, and the minutes of each agenda item."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.core.roles import PARTNER_LEVEL
from maillage.core.text import fold
from maillage.governance.models import (
    Attendance,
    BodyMembership,
    Meeting,
    MinutesEntry,
    active_on_q,
)
from maillage.governance.services.common import person_name, raise_if, territory_lineage
from maillage.territories.models import Membership


@dataclass(frozen=True)
class Seat:
    """Someone expected at a meeting, and on behalf of which organisation."""

    user: Any
    organisation: Any
    role: str  # chair, secretary, titular, substitute, staff


def expected_people(meeting: Meeting) -> dict[int, Seat]:
    """Everyone whose attendance may be recorded, by user id: the chair, the secretary,
    the titular and substitute people of the organisations sitting on the meeting's day,
    and the other staff of those organisations (a colleague sent in their place)."""
    body = meeting.body
    day = meeting.local_date
    seats: dict[int, Seat] = {}
    memberships = list(
        BodyMembership.objects.filter(active_on_q(day), body=body).select_related(
            "organisation", "titular", "substitute"
        )
    )
    if body.chair is not None:
        seats[body.chair.pk] = Seat(body.chair, None, "chair")
    if body.secretary is not None:
        seats.setdefault(body.secretary.pk, Seat(body.secretary, None, "secretary"))
    for membership in memberships:
        if membership.titular is not None:
            seats.setdefault(
                membership.titular.pk, Seat(membership.titular, membership.organisation, "titular")
            )
    for membership in memberships:
        if membership.substitute is not None:
            seats.setdefault(
                membership.substitute.pk,
                Seat(membership.substitute, membership.organisation, "substitute"),
            )
    by_org = {m.organisation_id: m.organisation for m in memberships}
    staff = (
        Membership.objects.active()
        .filter(
            organisation_id__in=by_org,
            territory_id__in=territory_lineage(body.territory),
            role__in=PARTNER_LEVEL,
        )
        .select_related("user")
        .order_by("user__full_name")
    )
    for row in staff:
        if row.organisation_id is None:
            continue
        seats.setdefault(row.user_id, Seat(row.user, by_org[row.organisation_id], "staff"))
    return seats


@transaction.atomic
def record_attendance(
    *, actor: Any, meeting: Meeting, entries: list[dict[str, Any]]
) -> list[Attendance]:
    """Record attendance for several people at once: all rows are valid, or none is
    saved. Each entry has ``user``, ``status``, and optionally ``represented_by`` and
    ``note``."""
    if meeting.status != Meeting.Status.HELD:
        raise_if(
            {
                "status": _(
                    "Les présences se notent sur une séance tenue, avant l’approbation du "
                    "compte rendu."
                )
            }
        )
    expected = expected_people(meeting)
    errors: list[str] = []
    rows: list[Attendance] = []
    for entry in entries:
        user = entry["user"]
        status = entry["status"]
        represented_by = entry.get("represented_by")
        seat = expected.get(user.pk)
        if seat is None:
            errors.append(
                _(
                    "%(name)s n’est pas membre de l’instance à la date de la séance : sa "
                    "présence ne peut pas être notée."
                )
                % {"name": person_name(user)}
            )
            continue
        if status not in Attendance.Status.values:
            errors.append(_("Présence inconnue pour %(name)s.") % {"name": person_name(user)})
            continue
        if status == Attendance.Status.REPRESENTED:
            if represented_by is None:
                errors.append(
                    _("Indiquez qui représentait %(name)s.") % {"name": person_name(user)}
                )
                continue
            if represented_by.pk == user.pk:
                errors.append(
                    _("%(name)s ne peut pas se représenter lui-même ou elle-même.")
                    % {"name": person_name(user)}
                )
                continue
        else:
            represented_by = None
        rows.append(
            Attendance(
                meeting=meeting,
                user=user,
                organisation=seat.organisation,
                status=status,
                represented_by=represented_by,
                note=(entry.get("note") or "").strip()[:255],
            )
        )
    if errors:
        raise_if({"attendance": errors})
    saved = []
    before = {a.user_id: a.status for a in meeting.attendances.all()}
    for row in rows:
        obj, _created = Attendance.objects.update_or_create(
            meeting=meeting,
            user=row.user,
            defaults={
                "organisation": row.organisation,
                "status": row.status,
                "represented_by": row.represented_by,
                "note": row.note,
            },
        )
        saved.append(obj)
    # By person's name: the journal reads "Présence de …" (governance/audit_labels.py).
    changes = {
        person_name(row.user): [before.get(row.user.pk), row.status]
        for row in rows
        if before.get(row.user.pk) != row.status
    }
    if changes:
        audit.record(
            actor=actor,
            action="meeting.attendance",
            obj=meeting,
            territory=meeting.body.territory,
            changes=changes,
        )
    return saved


@transaction.atomic
def save_minutes(
    *, actor: Any, meeting: Meeting, general: str = "", items: dict[int, str] | None = None
) -> list[MinutesEntry]:
    """Write the minutes: general notes and a text per agenda item (by item id)."""
    if meeting.status == Meeting.Status.APPROVED:
        raise_if({"general": _("Le compte rendu est approuvé : il ne peut plus être modifié.")})
    if meeting.status != Meeting.Status.HELD:
        raise_if({"general": _("Le compte rendu se rédige une fois la séance tenue.")})
    agenda = {item.pk: item for item in meeting.items.all()}
    unknown = set(items or {}) - set(agenda)
    if unknown:
        raise_if({"items": _("Ces points ne sont pas à l’ordre du jour de la séance.")})
    existing = {entry.item_id: entry for entry in meeting.minutes.all()}
    wanted: dict[int | None, str] = {None: general}
    for pk, item_text in (items or {}).items():
        wanted[pk] = item_text
    saved: list[MinutesEntry] = []
    changes: dict[str, list[Any]] = {}
    for item_id, text in wanted.items():
        text = (text or "").strip()
        entry = existing.get(item_id)
        if entry is None:
            if not text:
                continue
            entry = MinutesEntry(meeting=meeting, item=agenda.get(item_id) if item_id else None)
        if entry.text == text:
            saved.append(entry)
            continue
        key = agenda[item_id].title if item_id else "general"
        changes[key] = [len(entry.text), len(text)]
        entry.text = text
        entry.search_text = fold(text)
        entry.written_by = actor if getattr(actor, "is_authenticated", False) else None
        entry.full_clean()
        entry.save()
        saved.append(entry)
    if changes:
        # The lengths, not the texts: the log must not copy private minutes.
        audit.record(
            actor=actor,
            action="meeting.minutes",
            obj=meeting,
            territory=meeting.body.territory,
            changes=changes,
        )
    return saved
