"""Reads of co-branded documents, and the logos a document may show."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from maillage.community.models import Approval, Communication, CommunicationSignatory
from maillage.core import access
from maillage.territories.models import Organisation, Territory


def _signatories() -> Prefetch:
    return Prefetch(
        "signatories",
        queryset=CommunicationSignatory.objects.select_related("organisation").order_by(
            "created_at", "id"
        ),
    )


def communications(user: Any, territory: Territory) -> QuerySet[Communication]:
    return (
        access.visible(user, Communication.objects.filter(territory=territory))
        .select_related("organisation", "event", "action")
        .prefetch_related(_signatories())
        .order_by("-created_at", "-id")
    )


def communication_or_404(user: Any, territory: Territory, pk: Any) -> Communication:
    return access.get_visible_or_404(
        user,
        Communication.objects.filter(territory=territory)
        .select_related("organisation", "territory", "event__territory", "action__territory")
        .prefetch_related(_signatories()),
        pk=pk,
    )


def logo_allowed(organisation: Organisation, day: datetime.date | None = None) -> bool:
    """A logo is printed when the organisation has one and consents to its use today."""
    day = day or timezone.localdate()
    return bool(
        organisation.logo
        and organisation.logo_consent
        and (organisation.logo_consent_until is None or organisation.logo_consent_until >= day)
    )


def approving(communication: Communication) -> list[CommunicationSignatory]:
    """The organisations that approved, the author first."""
    rows = [s for s in communication.signatories.all() if s.state == Approval.APPROVED]
    return sorted(rows, key=lambda s: (s.organisation_id != communication.organisation_id, s.pk))


def target_url(communication: Communication) -> str:
    """The page the QR code leads to: the event's, the action's, or the document's."""
    if communication.event is not None:
        return communication.event.get_absolute_url()
    if communication.action is not None:
        return communication.action.get_absolute_url()
    return communication.get_absolute_url()
