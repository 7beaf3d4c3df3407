"""Printable documents: the convocation and the minutes as PDF (WeasyPrint), and the
files attached to agreements."""

from __future__ import annotations

import logging

from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from maillage.core.files import private_download
from maillage.core.http import require
from maillage.core.types import HtmxRequest
from maillage.governance import selectors, services
from maillage.governance.models import Meeting
from maillage.governance.services.meetings import agenda_minutes, format_minutes
from maillage.governance.views.common import territory as get_territory

# WeasyPrint reports each rendering step at INFO level: noise in the server's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _pdf(request: HtmxRequest, template: str, context: dict, filename: str) -> HttpResponse:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def convocation_pdf(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    current = get_territory(request, territory_slug)
    meeting = selectors.meeting_or_404(request.user, current, pk)
    items = selectors.agenda(meeting, request.user)
    members, _future, _past = selectors.members(meeting.body)
    return _pdf(
        request,
        "governance/pdf/convocation.html",
        {
            "territory": current,
            "meeting": meeting,
            "body": meeting.body,
            "items": items,
            "members": members,
            "planned": format_minutes(agenda_minutes(meeting)),
            "warnings": services.agenda_warnings(meeting),
            "printed_at": timezone.localtime(),
        },
        f"convocation-{meeting.local_date:%Y-%m-%d}-{meeting.pk}.pdf",
    )


@require_GET
def minutes_pdf(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponse:
    """The minutes, for those who read the body's documents; a meeting not yet held has
    none."""
    current = get_territory(request, territory_slug)
    meeting = selectors.meeting_or_404(request.user, current, pk)
    require(request, "read_minutes", meeting)
    if meeting.status not in (Meeting.Status.HELD, Meeting.Status.APPROVED):
        raise Http404
    items = selectors.agenda(meeting, request.user)
    minutes = selectors.minutes(request.user, meeting)
    return _pdf(
        request,
        "governance/pdf/minutes.html",
        {
            "territory": current,
            "meeting": meeting,
            "body": meeting.body,
            "items": [(item, minutes.get(item.pk)) for item in items],
            "general": minutes.get(None),
            "attendance": selectors.recorded_attendance(request.user, meeting),
            "decisions": selectors.meeting_decisions(request.user, meeting),
            "printed_at": timezone.localtime(),
        },
        f"compte-rendu-{meeting.local_date:%Y-%m-%d}-{meeting.pk}.pdf",
    )


@require_GET
def agreement_document(request: HtmxRequest, territory_slug: str, pk: int) -> HttpResponseBase:
    current = get_territory(request, territory_slug)
    document = selectors.document_or_404(request.user, current, pk)
    return private_download(
        request,
        document,
        "file",
        filename=document.filename or document.title,
        content_type=document.content_type,
    )
