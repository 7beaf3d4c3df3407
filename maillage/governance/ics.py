"""Meetings as iCalendar (RFC 5545), written with the ``icalendar`` package.

Times are written in Europe/Paris with a VTIMEZONE, so that a calendar shows 9:00 on both
sides of a daylight-saving change. Only what the meeting page shows to everyone who sees
the meeting goes in: the agenda, never the minutes."""

from __future__ import annotations

from collections.abc import Iterable
from email.utils import parseaddr
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from maillage.core import ics as core_ics
from maillage.governance.models import Meeting

PRODID = "-//Maillage//Gouvernance du projet social de territoire//FR"
STATUS: dict[str, str] = {
    Meeting.Status.DRAFT: "TENTATIVE",
    Meeting.Status.CONVENED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.APPROVED: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def zone() -> ZoneInfo:
    return core_ics.zone()


def meeting_url(meeting: Meeting) -> str:
    return core_ics.absolute(meeting.get_absolute_url())


def _description(meeting: Meeting) -> str:
    lines = [meeting.body.name]
    if meeting.description:
        lines += ["", meeting.description]
    items = list(meeting.items.all())
    if items:
        lines += ["", "Ordre du jour :"]
        lines += [
            f"{n}. {item.title} ({item.duration_minutes} min)" for n, item in enumerate(items, 1)
        ]
    if meeting.video_url:
        lines += ["", f"Visioconférence : {meeting.video_url}"]
    lines += ["", meeting_url(meeting)]
    return "\n".join(lines)


def meeting_event(
    meeting: Meeting, *, organizer: tuple[str, str] | None = None, attendee: Any = None
) -> Event:
    event = Event()
    tz = zone()
    event.add("uid", f"{meeting.uid}@maillage")
    event.add("dtstamp", timezone.now())
    event.add("last-modified", meeting.updated_at)
    event.add("dtstart", meeting.starts_at.astimezone(tz))
    event.add("dtend", meeting.ends_at.astimezone(tz))
    event.add("summary", f"{meeting.body.label} — {meeting.title}")
    location = meeting.place or meeting.video_url
    if location:
        event.add("location", location)
    event.add("description", _description(meeting))
    event.add("url", meeting_url(meeting))
    event.add("status", STATUS[meeting.status])
    event.add("sequence", meeting.sequence)
    event.add("categories", [meeting.body.get_kind_display()])
    if organizer is not None:
        name, email = organizer
        address = vCalAddress(f"mailto:{email}")
        address.params["cn"] = vText(name)
        event.add("organizer", address)
    if attendee is not None:
        address = vCalAddress(f"mailto:{attendee.email}")
        address.params["cn"] = vText(attendee.full_name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("FALSE")
        event.add("attendee", address)
    return event


def calendar(meetings: Iterable[Meeting], *, name: str, method: str | None = None) -> Calendar:
    return core_ics.calendar(
        (meeting_event(meeting) for meeting in meetings), name=name, prodid=PRODID, method=method
    )


def invitation(meeting: Meeting, *, attendee: Any, method: str) -> bytes:
    """The attachment of a convocation (METHOD:REQUEST) or of a cancellation (CANCEL)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    person = meeting.body.secretary or meeting.convened_by
    organizer = (
        (person.full_name, person.email)
        if person is not None
        else parseaddr(settings.DEFAULT_FROM_EMAIL)
    )
    cal.add_component(meeting_event(meeting, organizer=organizer, attendee=attendee))
    cal.add_missing_timezones()
    return cal.to_ical()
