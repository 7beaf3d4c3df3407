"""Évaluation: the yearly shared evaluation, the conférence sociale and the avenant it
leads to (docs/evaluation.md). Each name is re-exported here so that imports and Django's
app registry do not depend on the modules' layout."""

from maillage.evaluation.models.bilans import TEXT_FIELDS, Bilan, BilanComment, BilanVersion
from maillage.evaluation.models.campaigns import (
    DEFAULT_QUESTIONS,
    STEP_FIELDS,
    Campaign,
    Reminder,
    Step,
)
from maillage.evaluation.models.questionnaires import SCALES, PartnershipAnswer
from maillage.evaluation.models.snapshots import (
    ReportEdition,
    Snapshot,
    canonical_json,
    sha256_of,
)

__all__ = [
    "DEFAULT_QUESTIONS",
    "SCALES",
    "STEP_FIELDS",
    "TEXT_FIELDS",
    "Bilan",
    "BilanComment",
    "BilanVersion",
    "Campaign",
    "PartnershipAnswer",
    "Reminder",
    "ReportEdition",
    "Snapshot",
    "Step",
    "canonical_json",
    "sha256_of",
]
# --- conférence sociale: re-exported by redundant alias, no shared __all__
from maillage.evaluation.models.conference import Ballot as Ballot
from maillage.evaluation.models.conference import BallotPoints as BallotPoints
from maillage.evaluation.models.conference import Conference as Conference
from maillage.evaluation.models.conference import Needs as Needs
from maillage.evaluation.models.conference import Proposal as Proposal
from maillage.evaluation.models.conference import Session as Session
