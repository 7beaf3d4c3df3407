from django.apps import AppConfig


class TerritoriesConfig(AppConfig):
    name = "maillage.territories"
    label = "territories"
    verbose_name = "Territoires et partenaires"

    def ready(self) -> None:
        # Imported here, not at module level: they load models, which only exist once the
        # app registry is ready.
        from django.utils.translation import gettext_lazy as _

        from maillage.core import navigation
        from maillage.territories import context_processors, receivers

        receivers.connect()
        navigation.add(
            navigation.MenuEntry(_("Partenaires"), "territories:partners", 10, section="partners")
        )
        navigation.add(
            navigation.MenuEntry(
                _("Contours"), "territories:contours", 85, verb="manage", section="contours"
            )
        )
        navigation.add(
            navigation.MenuEntry(
                _("Journal"), "territories:audit_log", 90, verb="view_audit", section="audit"
            )
        )
        navigation.add_home_context(context_processors.home)

        from maillage.core import slots
        from maillage.territories import home

        slots.register(slots.HOME_COORDINATOR, home.coordination_block, order=90)
        slots.register(slots.HOME_PARTNER, home.partners_block, order=90)
        slots.register(slots.HOME_ELECTED, home.partners_block, order=90)
        slots.register(slots.HOME_PUBLIC, home.participate_block, order=90)
        slots.register(slots.HOME_ACROSS, home.communes_block, order=5)
