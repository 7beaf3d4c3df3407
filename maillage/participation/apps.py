from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "maillage.participation"
    label = "participation"
    verbose_name = _("Participation des habitants")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from maillage.core import audit, i18n, navigation, personal_data, references, slots
        from maillage.participation import panels, tasks, translations  # noqa: F401 - tasks: by name
        from maillage.participation import personal_data as participation_data
        from maillage.participation.models import Consultation, Contribution, Option, Question
        from maillage.programme.models import Action

        audit.label_actions(
            {
                "contribution.create": _("Contribution déposée"),
                "contribution.moderate": _("Contribution modérée"),
                "contribution.answer": _("Réponse officielle donnée"),
                "contribution.support": _("Soutien « moi aussi »"),
                "moderator.add": _("Modérateur ou modératrice nommé·e"),
                "moderator.remove": _("Modérateur ou modératrice retiré·e"),
                "contribution.create_anonymous": _("Contribution déposée sans compte"),
                "council.member_add": _("Membre du conseil citoyen ajouté·e"),
                "council.member_end": _("Mandat au conseil citoyen terminé"),
                "council.draw": _("Tirage au sort du conseil citoyen"),
                "avis.create": _("Avis du conseil citoyen écrit"),
                "avis.publish": _("Avis du conseil citoyen publié"),
                "interpellation.create": _("Interpellation du conseil citoyen"),
                "translation.save": _("Traduction enregistrée"),
                "translation.machine": _("Traduction automatique enregistrée"),
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
        slots.register("body_detail", panels.council_panel, order=10)
        slots.register("action_detail", panels.action_opinions_panel, order=35)
        translations.register(
            "contribution", Contribution, ("title", "text", "answer"), label=_("Message")
        )
        # An action's summary, shown with the answers that link it.
        translations.register("action", Action, ("summary",), label=_("Fiche action"))
        # A consultation's texts, shown on its pages (list, detail, answer form, results).
        translations.register(
            "consultation", Consultation, ("title", "description"), label=_("Consultation")
        )
        translations.register(
            "question",
            Question,
            ("label", "help_text", "scale_min_label", "scale_max_label"),
            label=_("Question"),
            owner="consultation",
        )
        translations.register(
            "option", Option, ("label",), label=_("Choix"), owner="question__consultation"
        )
        # The resident space speaks French, Arabic, Turkish and English (docs/participation.md).
        i18n.translate_pages(
            r"/territoires/[^/]+/participer/",
            sources=[
                "participation/views/*.py",
                "participation/forms.py",
                "participation/models/*.py",
                "participation/services/*.py",
                "participation/photos.py",
                "participation/templates/**/*.html",
                "core/plain_language.py",
                "templates/core/plain_language_*.html",
            ],
        )
        references.name_hidden("participation.contribution", _("une contribution non visible"))
