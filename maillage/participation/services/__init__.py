"""Every write of participation (docs/participation.md)."""

from maillage.participation.services.contributions import (
    answer_contribution,
    create_contribution,
    moderate_contribution,
    support_contribution,
)
from maillage.participation.services.moderators import add_moderator, remove_moderator

__all__ = [
    "add_moderator",
    "answer_contribution",
    "create_contribution",
    "moderate_contribution",
    "remove_moderator",
    "support_contribution",
]
