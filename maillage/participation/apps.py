from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "maillage.participation"
    label = "participation"
    verbose_name = _("Participation des habitants")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from maillage.core import audit, navigation, personal_data, references
        from maillage.participation import personal_data as participation_data

        audit.label_actions(
            {
                "contribution.create": _("Contribution déposée"),
                "contribution.moderate": _("Contribution modérée"),
                "contribution.answer": _("Réponse officielle donnée"),
                "contribution.support": _("Soutien « moi aussi »"),
                "moderator.add": _("Modérateur ou modératrice nommé·e"),
                "moderator.remove": _("Modérateur ou modératrice retiré·e"),
                "consultation.create": _("Consultation créée"),
                "consultation.update": _("Consultation modifiée"),
                "consultation.question_add": _("Question ajoutée à une consultation"),
                "consultation.question_delete": _("Question retirée d’une consultation"),
                "consultation.state": _("Consultation ouverte, close ou publiée"),
                "consultation.answer": _("Réponse à une consultation"),
                "consultation.answer_update": _("Réponse à une consultation modifiée"),
                "consultation.moderate": _("Réponse écrite à une consultation relue"),
            }
        )
        navigation.add(
            navigation.MenuEntry(_("Participer"), "participation:home", 60, section="participation")
        )
        personal_data.register("participation", participation_data.export)
        references.name_hidden("participation.contribution", _("une contribution non visible"))
