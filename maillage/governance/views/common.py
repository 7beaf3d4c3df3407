"""What the governance views share: the territory, breadcrumbs, and the answers to a
form that came back with errors."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from maillage.core.pages import Crumb, breadcrumbs, object_crumb, render_page, section_crumb
from maillage.territories import selectors as territory_selectors
from maillage.territories.models import Territory


def territory(request: HttpRequest, slug: str) -> Territory:
    return territory_selectors.territory_or_404(request.user, slug)


def crumbs(current: Territory, *more: Crumb) -> list[Crumb]:
    return breadcrumbs(current, section_crumb(_("Instances"), "governance:bodies", current), *more)


def body_crumb(body: Any) -> Crumb:
    return object_crumb(body, body.label)


def meeting_crumb(meeting: Any) -> Crumb:
    return object_crumb(meeting, meeting.title)


def meeting_crumbs(current: Territory, meeting: Any, *more: Crumb) -> list[Crumb]:
    """Instances › the meeting's body › the meeting › ``more``."""
    return crumbs(current, body_crumb(meeting.body), meeting_crumb(meeting), *more)


def page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    forms: tuple[Any, ...] = (),
    status: int | None = None,
) -> HttpResponse:
    """Render in the governance section; a page whose form carries errors answers 400."""
    context.setdefault("section", "governance")
    return render_page(request, template, context, forms=forms, status=status)


def posted(request: HttpRequest) -> Any:
    """The form data of a POST — even an empty one, which must then fail validation —
    and None otherwise."""
    return request.POST if request.method == "POST" else None


def form_page(
    request: HttpRequest,
    current: Territory,
    form: Any,
    *,
    title: str,
    cancel_url: str,
    breadcrumb: list[Crumb],
    status: int | None = None,
    **extra: Any,
) -> HttpResponse:
    """The page with one form (governance/form_page.html): where a form lands the first
    time and again with its errors (400). ``extra`` goes to the template as it is
    (``body``, ``multipart``, ``submit_label``…)."""
    return page(
        request,
        "governance/form_page.html",
        {
            "territory": current,
            "form": form,
            "title": title,
            "cancel_url": cancel_url,
            "breadcrumb": breadcrumb,
            **extra,
        },
        forms=(form,),
        status=status,
    )
