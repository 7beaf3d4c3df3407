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
    create_anonymous_contribution,
    create_contribution,
    moderate_contribution,
    support_contribution,
)
from maillage.participation.services.council import (
    add_council_member,
    create_avis,
    end_council_member,
    interpellate,
    name_moderator,
    publish_avis,
    run_draw,
    strategic_committees,
)
from maillage.participation.services.moderators import add_moderator, remove_moderator
from maillage.participation.services.translations import (
    save_machine_translation,
    save_translations,
)

__all__ = [
    "add_council_member",
    "add_moderator",
    "add_question",
    "answer_contribution",
    "change_state",
    "create_anonymous_contribution",
    "create_avis",
    "create_consultation",
    "create_contribution",
    "delete_question",
    "end_council_member",
    "interpellate",
    "moderate_answer",
    "moderate_contribution",
    "name_moderator",
    "publish_avis",
    "remove_moderator",
    "run_draw",
    "save_machine_translation",
    "save_translations",
    "strategic_committees",
    "submit_response",
    "support_contribution",
    "update_consultation",
]
