"""What the governance views share: the territory, breadcrumbs, and the answers to a
form that came back with errors."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.territories import selectors as territory_selectors
from maillage.territories.models import Territory


def territory(request: HttpRequest, slug: str) -> Territory:
    return territory_selectors.territory_or_404(request.user, slug)


def crumbs(current: Territory, *more: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"label": _("Accueil"), "url": reverse("core:home")},
        {"label": current.name, "url": current.get_absolute_url()},
        {"label": _("Instances"), "url": reverse("governance:bodies", args=[current.slug])},
        *more,
    ]


def body_crumb(body: Any) -> dict[str, Any]:
    return {"label": body.label, "url": body.get_absolute_url()}


def meeting_crumb(meeting: Any) -> dict[str, Any]:
    return {"label": meeting.title, "url": meeting.get_absolute_url()}


def page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    forms: tuple[Any, ...] = (),
    status: int | None = None,
) -> HttpResponse:
    """Render; a page whose form carries errors answers 400."""
    if status is None:
        status = 400 if any(f is not None and f.is_bound and f.errors for f in forms) else 200
    context.setdefault("section", "governance")
    return render(request, template, context, status=status)


def posted(request: HttpRequest) -> Any:
    """The form data of a POST — even an empty one, which must then fail validation —
    and None otherwise."""
    return request.POST if request.method == "POST" else None
