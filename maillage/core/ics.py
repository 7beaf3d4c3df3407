"""iCalendar (RFC 5545) feeds, written with the ``icalendar`` package, for every
capability that publishes dates (governance's meetings, the network's public events).

Times are written in the instance's time zone with a VTIMEZONE, so that a calendar shows
9:00 on both sides of a daylight-saving change. Each capability turns its objects into
``icalendar.Event`` components; this module wraps them into a calendar and an answer."""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from icalendar import Calendar, Event


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def absolute(path: str) -> str:
    """The address of a page of the site, for a calendar or a feed read elsewhere."""
    return settings.SITE_URL.rstrip("/") + path


def calendar(
    events: Iterable[Event], *, name: str, prodid: str, method: str | None = None
) -> Calendar:
    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    if method:
        cal.add("method", method)
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal


def response(cal: Calendar, filename: str) -> HttpResponse:
    answer = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    answer["Content-Disposition"] = f'inline; filename="{filename}"'
    return answer
