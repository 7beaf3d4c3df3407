"""What the evaluation's pages share: the renderer and the breadcrumbs."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.core.pages import Crumb, SectionPage, breadcrumbs, crumb, section_crumb
from maillage.evaluation.models import Campaign
from maillage.territories.models import Territory

page = SectionPage("evaluation", "evaluation/")


def crumbs(territory: Territory, *more: Crumb) -> list[Crumb]:
    return breadcrumbs(
        territory, section_crumb(_("Évaluation"), "evaluation:home", territory), *more
    )


def campaign_crumb(campaign: Campaign) -> Crumb:
    return crumb(str(campaign), campaign.get_absolute_url())


def url(name: str, territory: Territory, **kwargs: int) -> str:
    return reverse(f"evaluation:{name}", kwargs={"territory_slug": territory.slug, **kwargs})
