"""Helpers the réseau's views share."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from maillage.core.pages import (
    Crumb,
    SectionPage,
    breadcrumbs,
    section_crumb,
)


def crumbs(territory: Any, *more: Crumb) -> list[Crumb]:
    return breadcrumbs(territory, section_crumb(_("Réseau"), "network:search", territory), *more)


page = SectionPage("network")
