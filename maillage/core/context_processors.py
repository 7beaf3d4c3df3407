"""What every page needs: the site's name for DSFR templates and the territory switcher."""

from types import SimpleNamespace
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

SITE = SimpleNamespace(
    site_title="Maillage",
    site_tagline=_("Le projet social de territoire, partagé"),
    footer_description=_(
        "Maillage est la plateforme collaborative des projets sociaux de territoire : "
        "programme d’actions, instances, réseau des professionnels, observation sociale."
    ),
    mourning=False,
    beta_tag=False,
    notice_title="",
    notice_description="",
    accessibility_status="PART",
)


def site(request: HttpRequest) -> dict[str, Any]:
    from maillage.territories.selectors import switcher_territories

    return {
        "SITE_CONFIG": SITE,
        "switcher_territories": SimpleLazyObject(lambda: switcher_territories(request.user)),
    }
