"""What the community views share: the page renderer, the breadcrumbs, the territory."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from maillage.community import forms, selectors
from maillage.core.http import require
from maillage.core.pages import Crumb, SectionPage, breadcrumbs, section_crumb, submit
from maillage.territories.models import Territory

page = SectionPage("community")
events_page = SectionPage("community_events")


def territory(request: HttpRequest, slug: str) -> Territory:
    return selectors.territory_or_404(request.user, slug)


def news_crumbs(current: Territory, *more: Crumb) -> list[Crumb]:
    return breadcrumbs(current, section_crumb(_("Actualités"), "community:posts", current), *more)


def event_crumbs(current: Territory, *more: Crumb) -> list[Crumb]:
    return breadcrumbs(current, section_crumb(_("Événements"), "community:events", current), *more)


def communication_crumbs(current: Territory, *more: Crumb) -> list[Crumb]:
    return breadcrumbs(
        current,
        section_crumb(_("Communication commune"), "community:communications", current),
        *more,
    )


def posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def sign_choices(request: HttpRequest, current: Territory, signatories: Any) -> Any:
    """The organisations of the reader asked to answer (pending or not)."""
    mine = selectors.my_organisation_ids(request.user, current)
    ids = [s.organisation_id for s in signatories if s.organisation_id in mine]
    return selectors.partner_organisations(current).filter(pk__in=ids)


def answer_signature(
    request: HttpRequest,
    current: Territory,
    obj: Any,
    signatories: Any,
    sign: Callable[..., Any],
    *,
    approved: str,
    declined: str,
) -> HttpResponse:
    """A co-signer's answer from the page (news, events, joint communication): the
    ``sign`` verb, the organisations of the reader that were asked, then
    ``sign(organisation=…, approve=…)`` (the object's service); back to the object's page
    with ``approved`` or ``declined`` said, or the form's errors."""
    require(request, "sign", obj)
    form = forms.SignForm(request.POST, organisations=sign_choices(request, current, signatories))
    saved, result = submit(
        request,
        form,
        lambda: sign(
            organisation=form.cleaned_data["organisation"],
            approve=form.cleaned_data["decision"] == "approve",
        ),
    )
    if saved:
        messages.success(request, approved if result is not None and result.approved else declined)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(obj.get_absolute_url())
