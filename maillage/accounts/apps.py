from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "maillage.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

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
