from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "maillage.observatory"
    label = "observatory"
    verbose_name = "Observatoire"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from maillage.core import navigation, slots
        from maillage.observatory import panels

        navigation.add(
            navigation.MenuEntry(
                _("Observatoire"), "observatory:portrait", 40, section="observatory"
            )
        )
        slots.register("action_detail", panels.action_indicators, order=20)
