"""Endpoints for what a held meeting records: attendance and minutes."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from maillage.accounts.models import User
from maillage.api.auth import READ_AUTH, WRITE_AUTH
from maillage.api.pagination import paginated
from maillage.api.schemas import ERRORS
from maillage.core.http_api import require_api
from maillage.governance import selectors, services
from maillage.governance.api_schemas import (
    AttendanceIn,
    AttendanceOut,
    MinutesIn,
    MinutesOut,
)
from maillage.governance.endpoints.common import PREFIX, _meeting, _territory

router = Router()


@router.get(
    PREFIX + "/meetings/{meeting_id}/attendance",
    response={200: list[AttendanceOut], **ERRORS},
    auth=READ_AUTH,
)
@paginated()
def list_attendance(request: HttpRequest, slug: str, meeting_id: int) -> Any:
    meeting = _meeting(request, slug, meeting_id)
    require_api(request, "read_minutes", meeting)
    return selectors.recorded_attendance(request.user, meeting)


@router.post(
    PREFIX + "/meetings/{meeting_id}/attendance",
    response={200: list[AttendanceOut], **ERRORS},
    auth=WRITE_AUTH,
)
def record_attendance(
    request: HttpRequest, slug: str, meeting_id: int, payload: list[AttendanceIn]
) -> Any:
    territory = _territory(request, slug)
    meeting = selectors.meeting_or_404(request.user, territory, meeting_id)
    require_api(request, "change", meeting)

    ids = {row.user_id for row in payload} | {
        row.represented_by_id for row in payload if row.represented_by_id
    }
    users = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    unknown = sorted(ids - set(users))
    if unknown:
        raise ValidationError(
            {"user_id": _("Personnes inconnues : %(ids)s.") % {"ids": ", ".join(map(str, unknown))}}
        )
    services.record_attendance(
        actor=request.user,
        meeting=meeting,
        entries=[
            {
                "user": users[row.user_id],
                "status": row.status,
                "represented_by": users.get(row.represented_by_id or 0),
                "note": row.note,
            }
            for row in payload
        ],
    )
    return selectors.recorded_attendance(request.user, meeting)


@router.get(
    PREFIX + "/meetings/{meeting_id}/minutes",
    response={200: list[MinutesOut], **ERRORS},
    auth=READ_AUTH,
)
@paginated()
def get_minutes(request: HttpRequest, slug: str, meeting_id: int) -> Any:
    meeting = _meeting(request, slug, meeting_id)
    require_api(request, "read_minutes", meeting)
    entries = selectors.minutes(request.user, meeting)
    return sorted(entries.values(), key=lambda e: (e.item.position if e.item else -1, e.pk))


@router.put(
    PREFIX + "/meetings/{meeting_id}/minutes",
    response={200: list[MinutesOut], **ERRORS},
    auth=WRITE_AUTH,
)
def put_minutes(request: HttpRequest, slug: str, meeting_id: int, payload: MinutesIn) -> Any:
    meeting = _meeting(request, slug, meeting_id)
    require_api(request, "change", meeting)
    services.save_minutes(
        actor=request.user, meeting=meeting, general=payload.general, items=payload.items
    )
    entries = selectors.minutes(request.user, meeting)
    return sorted(entries.values(), key=lambda e: (e.item.position if e.item else -1, e.pk))
