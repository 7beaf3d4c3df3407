"""Places on a page where other capabilities add a panel without editing its template.

The programme's action page has a slot ``action_detail``; the observatory registers a
renderer there that shows the indicators the action aims to move, governance one that
lists the decisions about it. A renderer receives the request and the object, and returns
HTML (usually ``render_to_string``) or an empty string to show nothing.

The territory home has one slot per first screen (docs/architecture.md, "First screens"):
``home_coordinator``, ``home_partner``, ``home_elected``, ``home_public`` and
``home_across`` (a person working in several communes, on the parent territory). Their
renderers receive the request and the territory; the screen is chosen once per request by
``maillage.territories.home.screen_for``. ``order`` places a block: below 20 for what is
urgent (late items), 20–59 for the daily work, 60 and above for context (key figures)."""

import copy
import functools
from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from maillage.core.kept_parts import kept_for_reader

Renderer = Callable[[HttpRequest, Any], str]

HOME_COORDINATOR = "home_coordinator"
HOME_PARTNER = "home_partner"
HOME_ELECTED = "home_elected"
HOME_PUBLIC = "home_public"
HOME_ACROSS = "home_across"
HOME_SLOTS = (HOME_COORDINATOR, HOME_PARTNER, HOME_ELECTED, HOME_PUBLIC, HOME_ACROSS)
# Below the observatory portrait's menu: links to other capabilities' views of its figures
# (the comparison with the other communes of the Département); receives the territory.
OBSERVATORY_PORTRAIT = "observatory_portrait"

_SLOTS: dict[str, list[tuple[int, Renderer]]] = {}


def register(slot: str, renderer: Renderer, order: int = 100) -> None:
    renderers = _SLOTS.setdefault(slot, [])
    if all(existing is not renderer for _order, existing in renderers):
        renderers.append((order, renderer))
        renderers.sort(key=lambda pair: pair[0])


def render(slot: str, request: HttpRequest, obj: Any) -> SafeString:
    parts = [renderer(request, obj) for _order, renderer in _SLOTS.get(slot, [])]
    return mark_safe("".join(part for part in parts if part))


def render_kept(slot: str, request: HttpRequest, obj: Any, name: str) -> SafeString:
    """``render``, each block kept for its reader on its own (core/kept_parts.py, named
    ``name`` and the renderer's): after a write, only the blocks that read what it wrote
    are made again (docs/decisions/0027)."""
    parts = [
        kept_for_reader(
            request,
            f"{name}:{renderer.__module__}.{renderer.__qualname__}",
            functools.partial(renderer, request, _own_copy(obj)),
        )
        for _order, renderer in _SLOTS.get(slot, [])
    ]
    return mark_safe("".join(part for part in parts if part))


def _own_copy(obj: Any) -> Any:
    """The object for one block: what another block loaded on it (a related row cached on
    the instance) would be read there without a query, and the block kept without
    depending on its table."""
    if not isinstance(obj, Model):
        return obj
    own = copy.copy(obj)  # Django copies the related rows' cache with the state
    prefetched = getattr(obj, "_prefetched_objects_cache", None)
    if prefetched is not None:
        own._prefetched_objects_cache = dict(prefetched)  # type: ignore[attr-defined]
    return own


def registered(slot: str) -> list[Renderer]:
    """The renderers of a slot, in order (for tests and documentation)."""
    return [renderer for _order, renderer in _SLOTS.get(slot, [])]
