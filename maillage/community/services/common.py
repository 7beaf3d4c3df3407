"""What the community services share: refusals in French, the organisations one may act
for, and the co-signers' answers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.community.models import Approval, CommunitySettings, Signatory
from maillage.core import access, audit
from maillage.territories.models import Organisation, Partnership, Territory

S = TypeVar("S", bound=Signatory)


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


def check_partners(territory: Territory, organisations: Iterable[Organisation]) -> None:
    ids = {o.pk for o in organisations}
    known = set(
        Partnership.objects.filter(territory=territory, organisation_id__in=ids).values_list(
            "organisation_id", flat=True
        )
    )
    if ids - known:
        raise_if(
            {"cosigners": _("Seules les organisations partenaires du territoire peuvent cosigner.")}
        )


def sync_signatories(
    owner: models.Model,
    relation: str,
    organisations: Iterable[Organisation],
    *,
    exclude: int | None = None,
) -> list[int]:
    """Make ``owner.<relation>`` name exactly ``organisations`` (without the author,
    ``exclude``): new ones are asked (pending), removed ones are dropped, the answers of
    those kept stay. Answers the ids of the organisations newly asked."""
    manager = getattr(owner, relation)
    wanted = {o.pk for o in organisations} - ({exclude} if exclude else set())
    current = set(manager.values_list("organisation_id", flat=True))
    manager.exclude(organisation_id__in=wanted).delete()
    added = sorted(wanted - current)
    model = manager.model
    field = manager.field.name
    for pk in added:
        signatory = model(**{field: owner, "organisation_id": pk})
        signatory.full_clean(exclude=[field])
        signatory.save()
    return added


def answer(
    *,
    actor: Any,
    signatory: S,
    approve: bool,
    territory: Territory,
    label: str,
) -> S:
    """An organisation's answer to the request to co-sign."""
    who = access.actor_for(actor)
    if not who.is_admin and signatory.organisation_id not in who.orgs_in(territory.pk):
        raise_if({"__all__": _("Vous ne pouvez répondre qu’au nom de votre organisation.")})
    before = audit.snapshot(signatory, ["state"])
    signatory.state = Approval.APPROVED if approve else Approval.DECLINED
    signatory.decided_at = timezone.now()
    signatory.decided_by = actor
    signatory.full_clean()
    signatory.save()
    audit.record(
        actor=actor,
        action=label,
        obj=signatory,
        territory=territory,
        changes=audit.diff(before, audit.snapshot(signatory, ["state"])),
    )
    return signatory


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
