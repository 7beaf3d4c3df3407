# --- p15-cycle: campaigns, bilans, questionnaire, snapshots
from maillage.evaluation.views import bilans, campaigns, questionnaires, snapshots

__all__ = ["bilans", "campaigns", "questionnaires", "snapshots"]
# --- end p15-cycle
