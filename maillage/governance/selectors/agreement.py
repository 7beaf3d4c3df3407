"""Reads for conventions and feuilles de route, and the cooperation ties they draw."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from maillage.core import access, references
from maillage.governance.models import (
    Agreement,
    AgreementDocument,
    AgreementSignatory,
    Body,
    Commitment,
    FollowUpTask,
)
from maillage.governance.selectors.common import (
    _current_members,
)
from maillage.territories.models import Organisation, Territory


def agreements(user: Any, territory: Territory) -> list[Agreement]:
    return list(
        access.visible_in(user, Agreement.objects.all(), territory.pk)
        .select_related("body", "reminder_task")
        .prefetch_related(
            Prefetch(
                "signings",
                queryset=AgreementSignatory.objects.select_related("organisation"),
            ),
            "axes",
        )
        .annotate(document_count=Count("documents", distinct=True))
        .order_by("-signed_on", "title")
    )


def agreement_or_404(user: Any, territory: Territory, pk: Any) -> Agreement:
    return access.get_visible_or_404(
        user,
        Agreement.objects.filter(territory=territory)
        .select_related("territory", "body", "reminder_task__owner")
        .prefetch_related(
            Prefetch(
                "signings",
                queryset=AgreementSignatory.objects.select_related("organisation"),
            ),
            "axes",
            Prefetch("commitments", queryset=Commitment.objects.select_related("organisation")),
            Prefetch("documents", queryset=AgreementDocument.objects.select_related("uploaded_by")),
        ),
        pk=pk,
    )


def agreement_tasks(user: Any, agreement: Agreement) -> list[FollowUpTask]:
    return list(
        references.with_visibility(
            user,
            access.visible(user, FollowUpTask.objects.filter(agreement=agreement)),
            "decision",
            "agreement",
        )
        .select_related("owner", "assignee", "agreement")
        .prefetch_related("agreement__signatories")
        .order_by("due_date", "id")
    )


def document_or_404(user: Any, territory: Territory, pk: Any) -> AgreementDocument:
    return access.get_visible_or_404(
        user,
        AgreementDocument.objects.filter(agreement__territory=territory).select_related(
            "agreement__territory"
        ),
        pk=pk,
    )


def cooperation_ties(user: Any, territory: Territory) -> list[tuple[list[Organisation], str]]:
    """For the network's cooperation map: the organisations sitting today in each body the
    user may see."""
    found = (
        access.visible(user, Body.objects.filter(territory=territory, is_archived=False))
        .prefetch_related(_current_members())
        .only("pk", "name")
        .order_by("name")
    )
    return [
        (
            [membership.organisation for membership in body.current_members],
            _("Instance « %(name)s »") % {"name": body.name},
        )
        for body in found
    ]
