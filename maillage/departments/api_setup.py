"""A new territory through the API (docs/departments.md, "Nouveau territoire"): the copy
of another PST's structure for the commune's coordinators, the same service and rule as
the page. The COG lookup and the creation from an INSEE code are territories' (their
``/territories`` path is that router's)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Path, Router, Schema, Status

from maillage.api.auth import WRITE_AUTH
from maillage.api.schemas import ERRORS
from maillage.core.http_api import require_api
from maillage.departments import selectors_setup, services_setup
from maillage.territories import selectors as territory_selectors

setup_router = Router(tags=["Nouveau territoire"])

Slug = Path(..., max_length=80, description="Identifiant d’adresse du territoire")


class CopyStructureIn(Schema):
    source: str = Field(..., max_length=80, description="Identifiant d’adresse du PST source")


class CopyStructureOut(Schema):
    source: str
    axes: int
    objectives: int
    bodies: int
    indicators: int


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: message})


@setup_router.post(
    "/territories/{slug}/copy-structure",
    response={201: CopyStructureOut, **ERRORS},
    auth=WRITE_AUTH,
)
def copy_structure(request: HttpRequest, payload: CopyStructureIn, slug: str = Slug) -> Any:
    target = territory_selectors.territory_or_404(request.user, slug)
    require_api(request, "set_up", target)
    sources = {t.slug: t for t in selectors_setup.sources_for(request.user, target)}
    source = sources.get(payload.source)
    if source is None:
        raise _invalid(
            "source",
            "Aucun projet social de territoire que vous pouvez consulter, ayant un "
            "programme, ne porte cet identifiant.",
        )
    copied = services_setup.copy_structure(actor=request.user, source=source, target=target)
    return Status(201, {"source": source.slug, **copied.__dict__})
