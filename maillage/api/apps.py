from typing import Any

from django.apps import AppConfig


def _suspend_tokens(sender: Any, user: Any, **kwargs: Any) -> None:
    from maillage.api import services

    services.suspend_tokens_without_mfa(user=user)


class ApiConfig(AppConfig):
    name = "maillage.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from maillage.core.signals import mfa_role_granted

        # A person given a role that requires a second factor loses the tokens they
        # created without one.
        mfa_role_granted.connect(_suspend_tokens, dispatch_uid="api.suspend_tokens")
