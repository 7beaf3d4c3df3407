from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "maillage.evaluation"
    label = "evaluation"
    verbose_name = _("Évaluation partagée")
    default_auto_field = "django.db.models.BigAutoField"
