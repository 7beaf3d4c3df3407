"""Helpers the programme's views share."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.programme.models import Action
from maillage.territories.models import Territory


def crumbs(territory: Territory, *more: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"label": _("Accueil"), "url": reverse("core:home")},
        {"label": territory.name, "url": territory.get_absolute_url()},
        *more,
    ]


def programme_crumb(territory: Territory) -> dict[str, Any]:
    return {"label": _("Programme"), "url": reverse("programme:overview", args=[territory.slug])}


def actions_crumb(territory: Territory) -> dict[str, Any]:
    return {"label": _("Actions"), "url": reverse("programme:actions", args=[territory.slug])}


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
    return render(
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
        status=status if status is not None else (400 if form.errors else 200),
    )
