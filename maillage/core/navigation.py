"""The territory's main menu. Each capability adds its own entry from its AppConfig, so the
menu grows without anyone editing a shared template."""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from maillage.core import access


@dataclass(frozen=True)
class MenuEntry:
    label: Any
    url_name: str
    order: int
    # The verb on the territory a user needs to see the entry ("view" for everyone).
    verb: str = "view"
    section: str = ""


_ENTRIES: list[MenuEntry] = []


def add(entry: MenuEntry) -> None:
    if all(e.url_name != entry.url_name for e in _ENTRIES):
        _ENTRIES.append(entry)
        _ENTRIES.sort(key=lambda e: e.order)


def menu_for(user: Any, territory: Any, current_section: str = "") -> list[dict[str, Any]]:
    items = []
    for entry in _ENTRIES:
        if access.can(user, entry.verb, territory):
            items.append(
                {
                    "label": entry.label,
                    "url": reverse(entry.url_name, kwargs={"territory": territory.slug}),
                    "current": entry.section == current_section and bool(current_section),
                }
            )
    return items
