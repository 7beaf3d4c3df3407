"""Where a new commune's coordinators find the setup page (docs/departments.md, "Nouveau
territoire"): a block on their first screen and a line under the empty programme, while
the commune has no axis. Registered on core's slots by the app's ``ready()``."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from maillage.core import access, slots
from maillage.departments import selectors_setup
from maillage.territories.models import Territory


def _offered(request: HttpRequest, territory: Territory) -> bool:
    return access.can(request.user, "set_up", territory) and not selectors_setup.has_programme(
        territory
    )


def start_block(request: HttpRequest, territory: Territory) -> str:
    if not _offered(request, territory):
        return ""
    return render_to_string(
        "departments/home/start.html", {"territory": territory}, request=request
    )


def start_line(request: HttpRequest, territory: Territory) -> str:
    if not _offered(request, territory):
        return ""
    return render_to_string(
        "departments/start_line.html", {"territory": territory}, request=request
    )


def register() -> None:
    slots.register(slots.HOME_COORDINATOR, start_block, order=8)
    slots.register("programme_overview", start_line, order=1)
