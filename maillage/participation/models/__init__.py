"""Participation: residents' contributions, their supports and the official answers
(docs/participation.md). Each name is re-exported here so that imports and Django's app
registry do not depend on the modules' layout."""

from maillage.participation.models.contributions import (
    DATA_INCLUSION,
    Category,
    Contribution,
    ContributionQuerySet,
    Kind,
    ModerationReason,
    ModerationState,
    Origin,
    Status,
    Support,
)
from maillage.participation.models.council import (
    Avis,
    AvisState,
    College,
    CouncilMember,
    Draw,
    Interpellation,
)
from maillage.participation.models.moderators import Moderator
from maillage.participation.models.translations import (
    ContentTranslation,
    TranslationOrigin,
    TranslationStatus,
)

__all__ = [
    "DATA_INCLUSION",
    "Avis",
    "AvisState",
    "Category",
    "College",
    "ContentTranslation",
    "Contribution",
    "ContributionQuerySet",
    "CouncilMember",
    "Draw",
    "Interpellation",
    "Kind",
    "ModerationReason",
    "ModerationState",
    "Moderator",
    "Origin",
    "Status",
    "Support",
    "TranslationOrigin",
    "TranslationStatus",
]
