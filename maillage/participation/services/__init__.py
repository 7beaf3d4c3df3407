"""Every write of participation (docs/participation.md)."""

from maillage.participation.services.contributions import (
    answer_contribution,
    create_contribution,
    moderate_contribution,
    support_contribution,
)
from maillage.participation.services.moderators import add_moderator, remove_moderator
from maillage.participation.services.translations import (
    save_machine_translation,
    save_translations,
)

__all__ = [
    "add_moderator",
    "answer_contribution",
    "create_contribution",
    "moderate_contribution",
    "remove_moderator",
    "save_machine_translation",
    "save_translations",
    "support_contribution",
]
