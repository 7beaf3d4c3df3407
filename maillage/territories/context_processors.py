"""What every page needs from territories: the territories of the header's switcher."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from maillage.territories.selectors import switcher_territories, territories_for_home


def switcher(request: HttpRequest) -> dict[str, Any]:
    # Lazy: pages that do not show the switcher (the API, downloads) run no query.
    return {"switcher_territories": SimpleLazyObject(lambda: switcher_territories(request.user))}


def home(request: HttpRequest) -> dict[str, Any]:
    """The home page's list (``core/home.html``), registered with core.navigation."""
    return {"territories": territories_for_home(request.user)}
