"""What the participation views share: the breadcrumb under "Participer", the URL of a
participation page and the page renderer of the section."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.core.pages import Crumb, SectionPage, breadcrumbs, section_crumb
from maillage.territories.models import Territory

page = SectionPage("participation", "participation/")


def crumbs(territory: Territory, *more: Crumb) -> list[Crumb]:
    """Accueil › the territory › Participer › ``more``."""
    return breadcrumbs(
        territory, section_crumb(_("Participer"), "participation:home", territory), *more
    )


def url(name: str, territory: Territory, **kwargs: int) -> str:
    """The URL of the participation page ``name`` of ``territory``."""
    return reverse(f"participation:{name}", kwargs={"territory_slug": territory.slug, **kwargs})
