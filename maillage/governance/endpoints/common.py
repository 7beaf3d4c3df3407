"""What the governance endpoints share: the path prefix and the lookups of what a payload
names (people, organisations, actions, axes, meetings), narrowed to the territory."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.governance import selectors
from maillage.governance.models import Meeting
from maillage.territories import selectors as territory_selectors
from maillage.territories.models import Territory

PREFIX = "/territories/{slug}"


def _territory(request: HttpRequest, slug: str) -> Territory:
    return territory_selectors.territory_or_404(request.user, slug)


def _person(territory: Territory, user_id: int | None, field: str) -> Any:
    if user_id is None:
        return None
    found = selectors.people(territory).filter(pk=user_id).first()
    if found is None:
        raise ValidationError({field: _("Cette personne ne travaille pas sur ce territoire.")})
    return found


def _organisation(territory: Territory, org_id: int | None, field: str) -> Any:
    if org_id is None:
        return None
    found = selectors.organisations(territory).filter(pk=org_id).first()
    if found is None:
        raise ValidationError({field: _("Cette organisation n’est pas partenaire du territoire.")})
    return found


def _action(request: HttpRequest, territory: Territory, action_id: int | None) -> Any:
    if action_id is None:
        return None
    found = selectors.visible_actions(request.user, territory).filter(pk=action_id).first()
    if found is None:
        raise ValidationError({"action_id": _("Fiche action introuvable sur ce territoire.")})
    return found


def _axis(territory: Territory, axis_id: int | None) -> Any:
    if axis_id is None:
        return None
    found = selectors.axes(territory).filter(pk=axis_id).first()
    if found is None:
        raise ValidationError({"axis_id": _("Cet axe n’existe pas dans ce programme.")})
    return found


def _aware(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A datetime without offset is a wall-clock time in Paris."""
    if moment is None:
        return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _item_fields(
    request: HttpRequest, territory: Territory, data: dict[str, Any]
) -> dict[str, Any]:
    fields = dict(data)
    if "presenter_id" in fields:
        fields["presenter"] = _person(territory, fields.pop("presenter_id"), "presenter_id")
    if "action_id" in fields:
        fields["action"] = _action(request, territory, fields.pop("action_id"))
    return fields


def _meeting(request: HttpRequest, slug: str, meeting_id: int) -> Meeting:
    return selectors.meeting_or_404(request.user, _territory(request, slug), meeting_id)
