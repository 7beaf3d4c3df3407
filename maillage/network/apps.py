from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "maillage.network"
    label = "network"
    verbose_name = "Réseau"

    def ready(self) -> None:
        # Imported here, not at module level: they load models, which only exist once the
        # app registry is ready. Importing ``tasks`` registers them by name with core.queue,
        # through which the services enqueue them without importing them.
        from django.utils.translation import gettext_lazy as _

        from maillage.core import navigation, slots
        from maillage.network import tasks  # noqa: F401
        from maillage.network.panels import organisation_services_panel

        navigation.add(navigation.MenuEntry(_("Réseau"), "network:search", 20, section="network"))
        slots.register("organisation_detail", organisation_services_panel)

        from maillage.network import home

        slots.register(slots.HOME_COORDINATOR, home.services_to_update, order=40)
        slots.register(slots.HOME_COORDINATOR, home.pending_imports, order=53)
        slots.register(slots.HOME_PARTNER, home.my_services_to_update, order=40)
        slots.register(slots.HOME_PUBLIC, home.who_to_contact, order=50)

        from django.db.models.signals import post_save

        from maillage.network.signals import refresh_organisation_texts
        from maillage.territories.models import Organisation

        post_save.connect(
            refresh_organisation_texts, sender=Organisation, dispatch_uid="network-org-texts"
        )
