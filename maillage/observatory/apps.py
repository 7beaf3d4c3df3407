from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "maillage.observatory"
    label = "observatory"
    verbose_name = "Observatoire"

    def ready(self) -> None:
        # Imported here, not at module level: they load models, which only exist once the
        # app registry is ready. Importing ``tasks`` registers them by name with core.queue,
        # through which the services enqueue them without importing them.
        from django.utils.translation import gettext_lazy as _

        from maillage.core import navigation, slots
        from maillage.observatory import panels, tasks  # noqa: F401

        navigation.add(
            navigation.MenuEntry(
                _("Observatoire"), "observatory:portrait", 40, section="observatory"
            )
        )
        slots.register("action_detail", panels.action_indicators, order=20)

        from maillage.observatory import home

        slots.register(slots.HOME_COORDINATOR, home.key_figures, order=60)
        slots.register(slots.HOME_COORDINATOR, home.pending_imports, order=54)
        slots.register(slots.HOME_ELECTED, home.key_figures, order=60)
        slots.register(slots.HOME_PUBLIC, home.key_figures, order=30)
