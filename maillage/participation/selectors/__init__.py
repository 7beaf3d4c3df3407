"""Every non-trivial read of participation, narrowed by ``core.access.visible``."""

from maillage.participation.selectors import consultations as consult
from maillage.participation.selectors.contributions import (
    contribution_or_404,
    done,
    mine,
    moderation_queue,
    origin_counts,
    public_contributions,
    supported_ids,
)
from maillage.participation.selectors.council import (
    CouncilView,
    action_opinions,
    avis_or_404,
    council,
    council_member_or_404,
    council_or_404,
    draw_or_404,
    follow_up,
    interpellation_or_404,
)
from maillage.participation.selectors.translations import (
    all_translations_of,
    consultations_to_translate,
    progress,
    to_translate,
    translations_for,
)

__all__ = [
    "CouncilView",
    "action_opinions",
    "all_translations_of",
    "avis_or_404",
    "consult",
    "consultations_to_translate",
    "contribution_or_404",
    "council",
    "council_member_or_404",
    "council_or_404",
    "done",
    "draw_or_404",
    "follow_up",
    "interpellation_or_404",
    "mine",
    "moderation_queue",
    "origin_counts",
    "progress",
    "public_contributions",
    "supported_ids",
    "to_translate",
    "translations_for",
]
