"""The demo territory is loaded by each capability's ``demo.py`` through its own services.

Each module defines ``load(ctx: DemoContext) -> None``; ``manage.py load_demo`` calls them
in the order of INSTALLED_APPS. Loading twice changes nothing: every loader looks up what
it would create before creating it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps

DEMO_PASSWORD = "demo-maillage-2026"  # noqa: S105 — printed by `make demo`, demo data only
DEMO_NOTICE = (
    "Démonstration construite à partir de documents publics (fiche Apriles sur le PST de "
    "Clichy-sous-Bois, convention Ville–Département). Les personnes sont inventées ; "
    "certaines actions et tous les chiffres infra-communaux sont fictifs."
)


@dataclass
class DemoContext:
    """What loaders share: objects by a short key, and the accounts to print."""

    territories: dict[str, Any] = field(default_factory=dict)
    organisations: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    accounts: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    log: Callable[[str], None] = print


def loaders() -> list[tuple[str, Callable[[DemoContext], None]]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("maillage."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        if hasattr(module, "load"):
            found.append((config.label, module.load))
    return found


def load_all(log: Callable[[str], None] = print) -> DemoContext:
    ctx = DemoContext(log=log)
    for label, load in loaders():
        log(f"· {label}")
        load(ctx)
    return ctx
