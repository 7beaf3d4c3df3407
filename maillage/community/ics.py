"""Public events as iCalendar, through core.ics (shared with governance's meetings)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from maillage.community.models import Approval, Event
from maillage.core import ics

PRODID = "-//Maillage//Événements du projet social de territoire//FR"
STATUS: dict[str, str] = {
    Event.Status.DRAFT: "TENTATIVE",
    Event.Status.REVIEW: "TENTATIVE",
    Event.Status.PUBLISHED: "CONFIRMED",
    Event.Status.CANCELLED: "CANCELLED",
}


def _location(event: Event) -> str:
    return ", ".join(part for part in (event.place, event.address) if part)


def _description(event: Event) -> str:
    lines = [event.summary]
    if event.audience:
        lines += ["", f"Public : {event.audience}"]
    if event.language_labels:
        lines += [f"Langues : {', '.join(event.language_labels)}"]
    if event.step_free:
        lines += ["Accessible en fauteuil roulant."]
    if event.accessibility:
        lines += [f"Accessibilité : {event.accessibility}"]
    lines += ["", ics.absolute(event.get_absolute_url())]
    return "\n".join(lines)


def event_component(event: Event) -> VEvent:
    tz = ics.zone()
    component = VEvent()
    component.add("uid", f"{event.uid}@maillage")
    component.add("dtstamp", timezone.now())
    component.add("last-modified", event.updated_at)
    component.add("dtstart", event.starts_at.astimezone(tz))
    component.add("dtend", event.ends_at.astimezone(tz))
    component.add("summary", event.title)
    location = _location(event)
    if location:
        component.add("location", location)
    component.add("description", _description(event))
    component.add("url", ics.absolute(event.get_absolute_url()))
    component.add("status", STATUS[event.status])
    component.add("sequence", event.sequence)
    organisers = [event.organisation.name] + [
        o.organisation.name for o in event.organisers.all() if o.state == Approval.APPROVED
    ]
    component.add("categories", organisers)
    return component


def calendar(events: Iterable[Event], *, name: str) -> Calendar:
    return ics.calendar((event_component(e) for e in events), name=name, prodid=PRODID)
