from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from maillage.core import access, audit
from maillage.participation.models import Moderator


@transaction.atomic
def add_moderator(*, actor: Any, territory: Any, user: Any) -> Moderator:
    """Name a person (of the Conseil citoyen, say) to moderate the territory's
    contributions."""
    if not access.can(actor, "manage_moderators", territory):
        raise PermissionDenied
    if Moderator.objects.filter(territory=territory, user=user).exists():
        raise ValidationError({"user": _("Cette personne modère déjà ce territoire.")})
    moderator = Moderator(territory=territory, user=user)
    moderator.full_clean()
    moderator.save()
    audit.record(actor=actor, action="moderator.add", obj=moderator, territory=territory)
    return moderator


@transaction.atomic
def remove_moderator(*, actor: Any, moderator: Moderator) -> None:
    if not access.can(actor, "manage_moderators", moderator.territory):
        raise PermissionDenied
    audit.record(
        actor=actor, action="moderator.remove", obj=moderator, territory=moderator.territory
    )
    moderator.delete()
