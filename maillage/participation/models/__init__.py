"""Participation: residents' contributions, their supports and the official answers
(docs/participation.md). Each name is re-exported here so that imports and Django's app
registry do not depend on the modules' layout."""

from maillage.participation.models.consultations import (
    SMALL_CELL,
    Answer,
    Consultation,
    ConsultationState,
    Option,
    Question,
    QuestionKind,
    Response,
    TextModeration,
)
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
    "SMALL_CELL",
    "Answer",
    "Avis",
    "AvisState",
    "Category",
    "College",
    "Consultation",
    "ConsultationState",
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
    "Option",
    "Origin",
    "Question",
    "QuestionKind",
    "Response",
    "Status",
    "Support",
    "TextModeration",
    "TranslationOrigin",
    "TranslationStatus",
]
