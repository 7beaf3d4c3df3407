"""What the community views share: the page renderer, the breadcrumbs, the territory."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from maillage.community import selectors
from maillage.core.pages import Crumb, SectionPage, breadcrumbs, section_crumb
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
