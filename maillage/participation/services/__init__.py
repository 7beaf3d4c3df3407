"""Every write of participation (docs/participation.md)."""

from maillage.participation.services.consultations import (
    add_question,
    change_state,
    create_consultation,
    delete_question,
    moderate_answer,
    submit_response,
    update_consultation,
)
from maillage.participation.services.contributions import (
    answer_contribution,
    create_contribution,
    moderate_contribution,
    support_contribution,
)
from maillage.participation.services.moderators import add_moderator, remove_moderator

__all__ = [
    "add_moderator",
    "add_question",
    "answer_contribution",
    "change_state",
    "create_consultation",
    "create_contribution",
    "delete_question",
    "moderate_answer",
    "moderate_contribution",
    "remove_moderator",
    "submit_response",
    "support_contribution",
    "update_consultation",
]
