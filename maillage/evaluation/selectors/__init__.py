# --- p15-cycle: campaigns, bilans, questionnaire, snapshots
from maillage.evaluation.selectors.bilans import (
    bilan_or_404,
    bilans,
    bilans_of_open,
    comments,
    diff,
    prefill,
    to_write,
    version_pair,
    versions,
)
from maillage.evaluation.selectors.campaigns import (
    campaign_or_404,
    campaigns,
    default_scope,
    open_campaign,
    progress,
    scope_choices,
)
from maillage.evaluation.selectors.questionnaires import (
    answer_of,
    answers,
    cooperation_by_year,
    cooperation_counts,
    year_over_year,
)
from maillage.evaluation.selectors.snapshots import (
    compare,
    content,
    previous,
    snapshot_or_404,
    snapshots,
    summary_snapshot_or_404,
)

__all__ = [
    "answer_of",
    "answers",
    "bilan_or_404",
    "bilans",
    "bilans_of_open",
    "campaign_or_404",
    "campaigns",
    "comments",
    "compare",
    "content",
    "cooperation_by_year",
    "cooperation_counts",
    "default_scope",
    "diff",
    "open_campaign",
    "prefill",
    "previous",
    "progress",
    "scope_choices",
    "snapshot_or_404",
    "snapshots",
    "summary_snapshot_or_404",
    "to_write",
    "version_pair",
    "versions",
    "year_over_year",
]
# --- end p15-cycle
