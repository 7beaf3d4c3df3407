"""An event's schema.org ``Event`` description, for search engines and agendas.

It is written into the page as a ``<script type="application/ld+json">`` data block:
browsers never execute a data block, so the Content Security Policy (``script-src
'self'``) neither blocks nor reports it; ``json_script``-style escaping keeps the event's
text from closing the element."""

from __future__ import annotations

import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from maillage.community.models import Approval, Event
from maillage.core.ics import absolute

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

STATUS: dict[str, str] = {
    Event.Status.PUBLISHED: "https://schema.org/EventScheduled",
    Event.Status.CANCELLED: "https://schema.org/EventCancelled",
}


def event_data(event: Event) -> dict[str, Any]:
    organisers = [event.organisation] + [
        o.organisation for o in event.organisers.all() if o.state == Approval.APPROVED
    ]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": event.starts_at.isoformat(),
        "endDate": event.ends_at.isoformat(),
        "eventStatus": STATUS.get(event.status, "https://schema.org/EventScheduled"),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": absolute(event.get_absolute_url()),
        "isAccessibleForFree": True,
        "inLanguage": list(event.languages),
        "location": {
            "@type": "Place",
            "name": event.place,
            "address": event.address or event.place,
        },
        "organizer": [
            {"@type": "Organization", "name": o.name, **({"url": o.website} if o.website else {})}
            for o in organisers
        ],
    }
    if event.audience:
        data["audience"] = {"@type": "Audience", "audienceType": event.audience}
    if event.accessibility or event.step_free:
        data["accessibilitySummary"] = " ".join(
            part
            for part in (
                "Accessible en fauteuil roulant." if event.step_free else "",
                event.accessibility,
            )
            if part
        )
    if event.registration_open and event.capacity:
        data["maximumAttendeeCapacity"] = event.capacity
    return data


def script(event: Event) -> SafeString:
    text = json.dumps(event_data(event), ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
