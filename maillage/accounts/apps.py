from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "maillage.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        # Imported here, not at module level: they load models, which only exist once the
        # app registry is ready. Importing ``tasks`` registers them by name with core.queue,
        # through which the services enqueue them without importing them.
        from django.utils.translation import gettext_lazy as _

        from maillage.accounts import tasks  # noqa: F401
        from maillage.core import navigation

        navigation.add(
            navigation.MenuEntry(
                _("Invitations"),
                "accounts:invitations",
                80,
                verb="invite",
                section="invitations",
            )
        )

        from maillage.accounts.home import pending_requests
        from maillage.core import slots

        slots.register(slots.HOME_COORDINATOR, pending_requests, order=55)
