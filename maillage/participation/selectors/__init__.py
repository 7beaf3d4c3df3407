"""Every non-trivial read of participation, narrowed by ``core.access.visible``."""

from maillage.participation.selectors.contributions import (
    contribution_or_404,
    done,
    mine,
    moderation_queue,
    origin_counts,
    public_contributions,
    supported_ids,
)
from maillage.participation.selectors.translations import (
    all_translations_of,
    progress,
    to_translate,
    translations_for,
)

__all__ = [
    "all_translations_of",
    "contribution_or_404",
    "done",
    "mine",
    "moderation_queue",
    "origin_counts",
    "progress",
    "public_contributions",
    "supported_ids",
    "to_translate",
    "translations_for",
]
