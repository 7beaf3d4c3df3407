"""A new commune's programme started from another PST's structure (docs/departments.md,
"Nouveau territoire"): each capability copies its own frame (programme: axes and
objectives; governance: the bodies, empty; observatory: the indicators chosen for the
report), in one transaction. No content and no people cross: no fiche action, meeting,
decision, member, dataset or value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from maillage.core import access, audit
from maillage.governance import services as governance_services
from maillage.governance.models import Body
from maillage.observatory import services as observatory_services
from maillage.programme import services as programme_services
from maillage.territories.models import Territory


@dataclass(frozen=True)
class Copied:
    axes: int
    objectives: int
    bodies: int
    indicators: int


@transaction.atomic
def copy_structure(*, actor: Any, source: Territory, target: Territory) -> Copied:
    """Copy ``source``'s structure into ``target``. Refused, nothing written, when
    ``target`` already has a programme, when ``source`` has none or is ``target``."""
    if source.pk == target.pk:
        raise ValidationError({"source": _("Choisissez le programme d’un autre territoire.")})
    if not source.axes.exists():
        raise ValidationError(
            {"source": _("%s n’a pas encore de programme à copier.") % source.name}
        )
    try:
        axes = programme_services.copy_structure(actor=actor, source=source, target=target)
        bodies = governance_services.copy_bodies(
            actor=actor,
            source=source,
            target=target,
            axes=axes,
            among=access.visible(actor, Body.objects.all()),
        )
        config = observatory_services.copy_indicator_choice(
            actor=actor, source=source, target=target
        )
    except ValidationError as exc:
        raise ValidationError({"source": exc.messages}) from exc
    copied = Copied(
        axes=len(axes),
        objectives=sum(axis.objectives.count() for axis in axes.values()),
        bodies=len(bodies),
        indicators=config.indicators.count() if config is not None else 0,
    )
    audit.record(
        actor=actor,
        action="territory.copy_structure",
        obj=target,
        territory=target,
        changes={
            "source": [None, source.slug],
            "axes": [0, copied.axes],
            "objectives": [0, copied.objectives],
            "bodies": [0, copied.bodies],
            "indicators": [0, copied.indicators],
        },
    )
    return copied
