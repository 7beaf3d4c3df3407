"""What the governance models share: the visibilities a body offers, membership
periods, and wall-clock times in the project's zone."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from maillage.core.roles import Visibility

# Bodies show their documents to the public, the partners or their members; "restricted"
# (named organisations under a data-sharing agreement) has no meaning for a committee.
BODY_VISIBILITIES = [
    (Visibility.PUBLIC, Visibility.PUBLIC.label),
    (Visibility.PARTNERS, Visibility.PARTNERS.label),
    (Visibility.MEMBERS, Visibility.MEMBERS.label),
]
BODY_VISIBILITY_VALUES = [value for value, _label in BODY_VISIBILITIES]
VISIBILITY_RANK: dict[str, int] = {
    Visibility.PUBLIC: 0,
    Visibility.PARTNERS: 1,
    Visibility.MEMBERS: 2,
}


def active_on_q(on: datetime.date | None = None, prefix: str = "") -> Q:
    """Memberships running on ``on`` (today by default): started, and not yet ended. The end
    date is exclusive, like ``territories.Membership``: a membership ended today is over."""
    day = on or timezone.localdate()
    return Q(**{f"{prefix}started_on__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    )


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """An aware datetime for a wall-clock time in the project's zone (Europe/Paris): the
    offset is the one in force on that day, summer or winter."""
    return timezone.make_aware(datetime.datetime.combine(day, time))
