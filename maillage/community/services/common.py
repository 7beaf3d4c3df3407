"""What the community services share: refusals in French, the organisations one may act
for, and the coordination's validation (co-signing is in ``cosigning``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.community.models import CommunitySettings, Editorial
from maillage.core import access, audit
from maillage.territories.models import Organisation, Partnership, Territory


def raise_if(errors: dict[str, Any]) -> None:
    if errors:
        raise ValidationError(errors)


def acts_for(actor: Any, territory: Territory, organisation: Organisation | None) -> bool:
    """The actor writes in the name of ``organisation``: one of theirs in the territory,
    or any partner organisation for the coordination."""
    if organisation is None:
        return False
    if not Partnership.objects.filter(territory=territory, organisation=organisation).exists():
        return False
    who = access.actor_for(actor)
    if who.is_admin or who.has_role(territory.pk, "coordinator"):
        return True
    return organisation.pk in who.orgs_in(territory.pk)


def check_author(actor: Any, territory: Territory, organisation: Organisation | None) -> None:
    if not acts_for(actor, territory, organisation):
        raise_if(
            {
                "organisation": _(
                    "Vous ne pouvez écrire qu’au nom de votre organisation, partenaire du "
                    "territoire."
                )
            }
        )


def requires_validation(territory: Territory) -> bool:
    return CommunitySettings.objects.filter(
        territory=territory, coordinator_validation=True
    ).exists()


@transaction.atomic
def set_validation(*, actor: Any, territory: Territory, coordinator_validation: bool) -> Any:
    settings_row, _created = CommunitySettings.objects.get_or_create(territory=territory)
    before = audit.snapshot(settings_row, ["coordinator_validation"])
    settings_row.coordinator_validation = coordinator_validation
    settings_row.full_clean()
    settings_row.save()
    audit.record(
        actor=actor,
        action="community.settings",
        obj=settings_row,
        territory=territory,
        changes=audit.diff(before, audit.snapshot(settings_row, ["coordinator_validation"])),
    )
    return settings_row


def may_publish_directly(actor: Any, territory: Territory) -> bool:
    """Without the coordination's validation, the author publishes; with it, only a
    coordinator does."""
    who = access.actor_for(actor)
    if who.is_admin or who.has_role(territory.pk, "coordinator"):
        return True
    return not requires_validation(territory)


def _published(obj: Any, actor: Any, *, validated: bool) -> None:
    obj.status = Editorial.PUBLISHED
    obj.published_at = obj.published_at or timezone.now()
    if validated:
        obj.validated_by = actor


def publish_or_submit(*, actor: Any, obj: Any, kind: str) -> None:
    """A post or an event asked to be published (the caller checked it may be): at once
    (audited ``<kind>.publish``), or to the coordination for validation when it is to
    validate it (``<kind>.submit``)."""
    before = audit.snapshot(obj, ["status"])
    if may_publish_directly(actor, obj.territory):
        _published(obj, actor, validated=False)
        action = f"{kind}.publish"
    else:
        obj.status = Editorial.REVIEW
        action = f"{kind}.submit"
    obj.full_clean()
    obj.save()
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        territory=obj.territory,
        changes=audit.diff(before, audit.snapshot(obj, ["status"])),
    )


def validate(*, actor: Any, obj: Any, kind: str) -> None:
    """The coordination validates a post or an event under review (the caller checked
    it is): published, audited ``<kind>.validate``."""
    _published(obj, actor, validated=True)
    obj.full_clean()
    obj.save()
    audit.record(
        actor=actor,
        action=f"{kind}.validate",
        obj=obj,
        territory=obj.territory,
        changes={"status": [Editorial.REVIEW, Editorial.PUBLISHED]},
    )
