"""The territory's main menu, and what the home page lists. Each capability adds its own
entry from its AppConfig, so the menu grows without anyone editing a shared template, and
core, the lowest layer, never imports the apps above it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
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
                    "url": reverse(entry.url_name, kwargs={"territory_slug": territory.slug}),
                    "current": entry.section == current_section and bool(current_section),
                }
            )
    return items


# The home page's context comes from the apps above core (territories: the territories a
# visitor may open). Each provider returns names for the template ``core/home.html``.
HomeContext = Callable[[HttpRequest], dict[str, Any]]
_HOME: list[HomeContext] = []


def add_home_context(provider: HomeContext) -> None:
    if provider not in _HOME:
        _HOME.append(provider)


def home_context(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for provider in _HOME:
        context.update(provider(request))
    return context
