"""Places on a page where other capabilities add a panel without editing its template.

The programme's action page has a slot ``action_detail``; the observatory registers a
renderer there that shows the indicators the action aims to move, governance one that
lists the decisions about it. A renderer receives the request and the object, and returns
HTML (usually ``render_to_string``) or an empty string to show nothing."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

Renderer = Callable[[HttpRequest, Any], str]

_SLOTS: dict[str, list[tuple[int, Renderer]]] = {}


def register(slot: str, renderer: Renderer, order: int = 100) -> None:
    renderers = _SLOTS.setdefault(slot, [])
    if all(existing is not renderer for _order, existing in renderers):
        renderers.append((order, renderer))
        renderers.sort(key=lambda pair: pair[0])


def render(slot: str, request: HttpRequest, obj: Any) -> SafeString:
    parts = [renderer(request, obj) for _order, renderer in _SLOTS.get(slot, [])]
    return mark_safe("".join(part for part in parts if part))
