from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "maillage.evaluation"
    label = "evaluation"
    verbose_name = _("Évaluation partagée")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from maillage.core import audit, navigation, references, slots
        from maillage.evaluation import home, panels, tasks  # noqa: F401 — tasks register by name

        audit.label_actions(
            {
                "campaign.open": _("Campagne d’évaluation ouverte"),
                "campaign.update": _("Campagne d’évaluation modifiée"),
                "campaign.close": _("Collecte des bilans close, année figée"),
                "bilan.save": _("Bilan de fiche action enregistré"),
                "bilan.submit": _("Bilan de fiche action soumis"),
                "bilan.validate": _("Bilan de fiche action validé"),
                "bilan.return": _("Bilan de fiche action renvoyé"),
                "bilan.comment": _("Bilan commenté par un partenaire"),
                "partnership.answer": _("Réponse au questionnaire partenarial"),
            }
        )
        navigation.add(
            navigation.MenuEntry(
                _("Évaluation"), "evaluation:home", 70, verb="view_evaluation", section="evaluation"
            )
        )
        references.name_hidden("evaluation.bilan", _("un bilan non visible"))
        slots.register(slots.HOME_COORDINATOR, home.campaign_progress, order=30)
        slots.register(slots.HOME_PARTNER, home.bilans_to_write, order=25)
        slots.register("decision_detail", panels.decision_origin, order=10)
        slots.register("task_detail", panels.task_origin, order=10)
        slots.register("action_detail", panels.action_origin, order=5)
