"""Reads for a meeting: agenda, minutes, attendance, its decisions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from maillage.core import access, references
from maillage.governance.models import (
    AgendaItem,
    Attendance,
    ConvocationAnswer,
    ConvocationInvitation,
    Decision,
    Meeting,
    MinutesEntry,
)
from maillage.governance.selectors.common import (
    _visible_tasks,
)
from maillage.governance.services.meetings import recipients
from maillage.governance.services.records import expected_people
from maillage.territories.models import Territory


def meeting_or_404(user: Any, territory: Territory, pk: Any) -> Meeting:
    return access.get_visible_or_404(
        user,
        Meeting.objects.filter(body__territory=territory).select_related(
            "body__territory", "body__chair", "body__secretary", "convened_by", "approved_by"
        ),
        pk=pk,
    )


def agenda(meeting: Meeting, user: Any) -> list[AgendaItem]:
    """The agenda with what each line shows to ``user`` (a fiche action they may not see
    is named neutrally); fills ``meeting.items`` prefetch cache so later reads (durations,
    ICS) cost nothing."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(
        [meeting],
        Prefetch(
            "items",
            queryset=references.with_visibility(user, AgendaItem.objects.all(), "action")
            .select_related("presenter", "action", "carried_from")
            .order_by("position", "created_at", "id"),
        ),
    )
    return list(meeting.items.all())


def minutes(user: Any, meeting: Meeting) -> dict[int | None, MinutesEntry]:
    """The minutes the user may read, by agenda item id (None: general notes)."""
    rows = access.visible(user, MinutesEntry.objects.filter(meeting=meeting)).select_related(
        "written_by"
    )
    return {row.item_id: row for row in rows}


@dataclass
class AttendanceRow:
    user: Any
    organisation: Any
    role: str
    record: Attendance | None = None
    # The person's answer to the convocation: it pre-fills the sheet.
    answer: ConvocationAnswer | None = None


@dataclass
class AnswerRow:
    user: Any
    organisation: Any
    seat: str
    answer: ConvocationAnswer | None = None

    @property
    def seat_label(self) -> str:
        return str(ConvocationInvitation.Seat(self.seat).label) if self.seat else ""


def convocation_answers(meeting: Meeting) -> list[AnswerRow]:
    """Everyone convened (as ``recipients`` says) with their answer, if any, then the
    answers of people who are no longer convened; for those who run the meeting (the
    views check ``change`` on the meeting)."""
    answers = {
        a.user_id: a
        for a in ConvocationAnswer.objects.filter(meeting=meeting).select_related(
            "user", "organisation"
        )
    }
    rows = [
        AnswerRow(user, organisation, seat, answers.pop(user.pk, None))
        for user, organisation, seat in recipients(meeting)
    ]
    rows += [AnswerRow(a.user, a.organisation, "", a) for a in answers.values()]
    return rows


def answer_of(user: Any, meeting: Meeting) -> ConvocationAnswer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return ConvocationAnswer.objects.filter(meeting=meeting, user=user).first()


def attendance_sheet(meeting: Meeting) -> list[AttendanceRow]:
    recorded = {
        a.user_id: a
        for a in meeting.attendances.select_related("user", "organisation", "represented_by")
    }
    answers = {a.user_id: a for a in ConvocationAnswer.objects.filter(meeting=meeting)}
    rows = [
        AttendanceRow(
            seat.user, seat.organisation, seat.role, recorded.pop(uid, None), answers.get(uid)
        )
        for uid, seat in expected_people(meeting).items()
    ]
    # People recorded while they sat, who have since left: their line stays.
    rows += [
        AttendanceRow(record.user, record.organisation, "former", record)
        for record in recorded.values()
    ]
    order = {"chair": 0, "secretary": 1, "titular": 2, "substitute": 3, "staff": 4, "former": 5}
    rows.sort(
        key=lambda r: (
            order.get(r.role, 9),
            r.organisation.name if r.organisation else "",
            r.user.full_name,
        )
    )
    return rows


def recorded_attendance(user: Any, meeting: Meeting) -> list[Attendance]:
    return list(
        access.visible(user, Attendance.objects.filter(meeting=meeting))
        .select_related("user", "organisation", "represented_by")
        .order_by("organisation__name", "user__full_name")
    )


def meeting_decisions(user: Any, meeting: Meeting) -> list[Decision]:
    return list(
        references.with_visibility(
            user, access.visible(user, Decision.objects.filter(meeting=meeting)), "action"
        )
        .select_related("owner", "action", "item", "body")
        .prefetch_related(_visible_tasks(user))
        .order_by("number")
    )


def item_or_404(user: Any, territory: Territory, pk: Any) -> AgendaItem:
    return access.get_visible_or_404(
        user,
        AgendaItem.objects.filter(body__territory=territory).select_related(
            "body__territory", "meeting", "presenter", "action"
        ),
        pk=pk,
    )
