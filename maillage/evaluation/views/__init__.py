from maillage.evaluation.views import bilans, campaigns, questionnaires, snapshots

__all__ = ["bilans", "campaigns", "questionnaires", "snapshots"]
