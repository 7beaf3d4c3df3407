"""Governance: the bodies that steer the PST, their meetings, what they decide and what
follows (docs/architecture.md, "What the users do").

A body (comité stratégique, comité technique, groupe de travail…) has member organisations
with a titular and a substitute person; memberships are dated and never deleted, so the
history of who sat where stays readable. Meetings go draft → convened → held → minutes
approved. Decisions and follow-up tasks form the territory's register.

One module per subdomain, as the services: bodies, meetings, decisions (the register),
agreements, feeds. Every model is imported here so Django's app registry and
``from maillage.governance.models import X`` keep working.
"""

from maillage.governance.models.agreements import (
    Agreement,
    AgreementDocument,
    AgreementSignatory,
    Commitment,
    agreement_upload_to,
)
from maillage.governance.models.amendments import (
    Amendment,
    AmendmentSignatory,
    Article,
    ArticleChange,
    ArticleVersion,
    CouncilResolution,
    MeansChange,
)
from maillage.governance.models.bodies import Body, BodyMembership
from maillage.governance.models.common import (
    BODY_VISIBILITIES,
    VISIBILITY_RANK,
    active_on_q,
    local_datetime,
)
from maillage.governance.models.decisions import Decision, FollowUpTask
from maillage.governance.models.feeds import CalendarFeed
from maillage.governance.models.meetings import (
    AgendaItem,
    Attendance,
    ConvocationAnswer,
    ConvocationInvitation,
    Meeting,
    MinutesEntry,
)

__all__ = [
    "BODY_VISIBILITIES",
    "VISIBILITY_RANK",
    "AgendaItem",
    "Agreement",
    "AgreementDocument",
    "AgreementSignatory",
    "Amendment",
    "AmendmentSignatory",
    "Article",
    "ArticleChange",
    "ArticleVersion",
    "Attendance",
    "Body",
    "BodyMembership",
    "CalendarFeed",
    "Commitment",
    "ConvocationAnswer",
    "ConvocationInvitation",
    "CouncilResolution",
    "Decision",
    "FollowUpTask",
    "MeansChange",
    "Meeting",
    "MinutesEntry",
    "active_on_q",
    "agreement_upload_to",
    "local_datetime",
]
