from maillage.evaluation.services.bilans import (
    comment_bilan,
    return_bilan,
    save_bilan,
    submit_bilan,
    validate_bilan,
)
from maillage.evaluation.services.campaigns import (
    close_collection,
    open_campaign,
    send_deadline_reminders,
    update_campaign,
)
from maillage.evaluation.services.questionnaires import answer_questionnaire
from maillage.evaluation.services.reports import (
    abandon_report,
    file_stem,
    render_report,
    request_report,
)

__all__ = [
    "abandon_report",
    "answer_questionnaire",
    "close_collection",
    "comment_bilan",
    "file_stem",
    "open_campaign",
    "render_report",
    "request_report",
    "return_bilan",
    "save_bilan",
    "send_deadline_reminders",
    "submit_bilan",
    "update_campaign",
    "validate_bilan",
]
