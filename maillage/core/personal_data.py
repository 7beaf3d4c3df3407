"""What each capability holds about a person, for their personal-data export.

The accounts' export (``accounts.selectors.personal_data``) lists the account itself; a
capability that keeps other data about a person registers a provider in its
``AppConfig.ready()``: ``personal_data.register("participation", provider)``, where
``provider(user)`` returns JSON-ready data. core imports no app, so this registry is how the
accounts' export reaches the capabilities above it."""

from collections.abc import Callable
from typing import Any

Provider = Callable[[Any], Any]

_PROVIDERS: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> None:
    _PROVIDERS.setdefault(key, provider)


def sections(user: Any) -> dict[str, Any]:
    """Every registered capability's data about ``user``, under its key."""
    return {key: provider(user) for key, provider in sorted(_PROVIDERS.items())}
