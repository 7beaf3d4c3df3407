"""Helpers the programme's views share."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from maillage.core.pages import breadcrumbs as crumbs
from maillage.core.pages import render_page, section_crumb
from maillage.programme.models import Action
from maillage.territories.models import Territory

__all__ = ["action_crumbs", "actions_crumb", "crumbs", "form_page", "programme_crumb"]


def programme_crumb(territory: Territory) -> dict[str, Any]:
    return section_crumb(_("Programme"), "programme:overview", territory)


def actions_crumb(territory: Territory) -> dict[str, Any]:
    return section_crumb(_("Actions"), "programme:actions", territory)


def action_crumbs(action: Action, *more: dict[str, Any]) -> list[dict[str, Any]]:
    territory = action.territory
    return crumbs(
        territory,
        actions_crumb(territory),
        {"label": action.code, "url": action.get_absolute_url()},
        *more,
    )


def form_page(
    request: HttpRequest,
    *,
    territory: Territory,
    form: Any,
    title: str,
    cancel_url: str,
    breadcrumb: list[dict[str, Any]],
    section: str = "programme",
    multipart: bool = False,
    intro: str = "",
    submit: str = "",
    status: int | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A page with one form: where inline forms land without JavaScript, and the simple
    edit pages."""
    return render_page(
        request,
        "programme/form_page.html",
        {
            "territory": territory,
            "section": section,
            "form": form,
            "title": title,
            "cancel_url": cancel_url,
            "breadcrumb": breadcrumb,
            "multipart": multipart,
            "intro": intro,
            "submit": submit or _("Enregistrer"),
            **(extra or {}),
        },
        form=form,
        status=status,
    )
