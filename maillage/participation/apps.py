from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "maillage.participation"
    label = "participation"
    verbose_name = _("Participation des habitants")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from maillage.core import audit, i18n, navigation, personal_data, references
        from maillage.participation import personal_data as participation_data

        audit.label_actions(
            {
                "contribution.create": _("Contribution déposée"),
                "contribution.moderate": _("Contribution modérée"),
                "contribution.answer": _("Réponse officielle donnée"),
                "contribution.support": _("Soutien « moi aussi »"),
                "moderator.add": _("Modérateur ou modératrice nommé·e"),
                "moderator.remove": _("Modérateur ou modératrice retiré·e"),
            }
        )
        navigation.add(
            navigation.MenuEntry(_("Participer"), "participation:home", 60, section="participation")
        )
        personal_data.register("participation", participation_data.export)
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
            ],
        )
        references.name_hidden("participation.contribution", _("une contribution non visible"))
