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

__all__ = [
    "consult",
    "contribution_or_404",
    "done",
    "mine",
    "moderation_queue",
    "origin_counts",
    "public_contributions",
    "supported_ids",
]
