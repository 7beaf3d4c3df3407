"""What every page needs: the site's name for DSFR templates. (The territory switcher's
list comes from ``maillage.territories.context_processors``: core imports no app.)"""

from types import SimpleNamespace
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

SITE = SimpleNamespace(
    site_title="Maillage",
    site_tagline=_("Le projet social de territoire, partagé"),
    header_brand_html="Projet social<br>de territoire",
    footer_brand_html="Projet social<br>de territoire",
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
    return {"SITE_CONFIG": SITE}
