from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "maillage.programme"
    label = "programme"
    verbose_name = "Programme d’actions"

    def ready(self) -> None:
        # Imported here, not at module level: they load models, which only exist once the
        # app registry is ready.
        from django.apps import apps

        if apps.is_installed("maillage.network"):
            from maillage.network.cooperation import register_source
            from maillage.programme.selectors import cooperation_ties

            register_source(cooperation_ties)

        from django.utils.translation import gettext_lazy as _

        from maillage.core import navigation, references, slots
        from maillage.programme import tasks  # noqa: F401  (registers the reminders)
        from maillage.programme.panels import coordinator_late_panel

        references.name_hidden("programme.action", _("une fiche non visible"))
        # The first screens (docs/programme.md, "Late").
        slots.register("home_coordinator", coordinator_late_panel, order=10)

        navigation.add(
            navigation.MenuEntry(_("Programme"), "programme:overview", 20, section="programme")
        )
        navigation.add(
            navigation.MenuEntry(_("Actions"), "programme:actions", 21, section="actions")
        )
        navigation.add(
            navigation.MenuEntry(
                _("Mes actions"),
                "programme:my_actions",
                22,
                verb="follow_actions",
                section="my_actions",
            )
        )

        from maillage.core import slots
        from maillage.programme import home

        slots.register(slots.HOME_COORDINATOR, home.programme_glance, order=30)
        slots.register(slots.HOME_COORDINATOR, home.pending_imports, order=52)
        slots.register(slots.HOME_ELECTED, home.programme_glance, order=30)
        # A partner's fiches, the late ones first and flagged: urgent and daily work.
        slots.register(slots.HOME_PARTNER, home.my_actions, order=10)
        slots.register(slots.HOME_PUBLIC, home.public_axes, order=20)
        slots.register(slots.HOME_ACROSS, home.across_actions, order=20)
