"""Every read of governance, already narrowed by the access engine, with the joins and
prefetches that keep each page's query count flat however much history there is.

One module per subdomain (body, meeting, register, calendar, text_search, action,
agreement); what several share is in ``common``. The modules are named in the singular
because the plural names (``bodies``, ``agreements``, ``search``) are selectors re-exported
here: ``selectors.bodies(...)`` keeps working.
"""

from maillage.governance.selectors.action import ActionGovernance, about_action
from maillage.governance.selectors.agreement import (
    agreement_or_404,
    agreement_tasks,
    agreements,
    cooperation_ties,
    document_or_404,
)
from maillage.governance.selectors.amendment import (
    amendment_or_404,
    amendments,
    article_versions,
)
from maillage.governance.selectors.body import (
    backlog,
    bodies,
    body_choices,
    body_meetings,
    body_or_404,
    drafts_and_convened,
    members,
    membership_or_404,
    past_meetings,
    recent_decisions,
    upcoming_meetings,
)
from maillage.governance.selectors.calendar import (
    FEED_HISTORY_DAYS,
    body_feed,
    calendar_meetings,
    feed_or_404,
    feeds_of,
    personal_feed,
    territory_feed,
)
from maillage.governance.selectors.common import axes, organisations, people, visible_actions
from maillage.governance.selectors.late import (
    agreements_to_review,
    overdue_decisions,
    overdue_decisions_named,
    overdue_tasks,
)
from maillage.governance.selectors.meeting import (
    AnswerRow,
    AttendanceRow,
    agenda,
    answer_of,
    attendance_sheet,
    convocation_answers,
    item_or_404,
    meeting_decisions,
    meeting_or_404,
    minutes,
    recorded_attendance,
)
from maillage.governance.selectors.register import (
    RegisterFilters,
    decision_or_404,
    my_tasks,
    register_decisions,
    register_tasks,
    register_years,
    task_or_404,
    with_visible_tasks,
)
from maillage.governance.selectors.text_search import SEARCH_LIMIT, SearchResults, search

__all__ = [
    "FEED_HISTORY_DAYS",
    "SEARCH_LIMIT",
    "ActionGovernance",
    "AnswerRow",
    "AttendanceRow",
    "RegisterFilters",
    "SearchResults",
    "about_action",
    "agenda",
    "agreement_or_404",
    "agreement_tasks",
    "agreements",
    "agreements_to_review",
    "amendment_or_404",
    "amendments",
    "answer_of",
    "article_versions",
    "attendance_sheet",
    "axes",
    "backlog",
    "bodies",
    "body_choices",
    "body_feed",
    "body_meetings",
    "body_or_404",
    "calendar_meetings",
    "convocation_answers",
    "cooperation_ties",
    "decision_or_404",
    "document_or_404",
    "drafts_and_convened",
    "feed_or_404",
    "feeds_of",
    "item_or_404",
    "meeting_decisions",
    "meeting_or_404",
    "members",
    "membership_or_404",
    "minutes",
    "my_tasks",
    "organisations",
    "overdue_decisions",
    "overdue_decisions_named",
    "overdue_tasks",
    "past_meetings",
    "people",
    "personal_feed",
    "recent_decisions",
    "recorded_attendance",
    "register_decisions",
    "register_tasks",
    "register_years",
    "search",
    "task_or_404",
    "territory_feed",
    "upcoming_meetings",
    "visible_actions",
    "with_visible_tasks",
]
