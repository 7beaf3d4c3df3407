"""Bodies and who sits in them. Memberships are dated and never deleted: ending one keeps
the row as history, and access reads only the rows running today."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.governance.models import VISIBILITY_RANK, Body, BodyMembership
from maillage.governance.services.common import (
    is_partner_organisation,
    person_name,
    raise_if,
    works_in,
)
from maillage.territories.models import Organisation, Territory

BODY_FIELDS = (
    "kind",
    "name",
    "short_name",
    "theme",
    "axis",
    "mandate",
    "rhythm",
    "chair",
    "secretary",
    "visibility",
    "documents_visibility",
    "is_archived",
)


def _check_body(body: Body) -> None:
    errors: dict[str, str] = {}
    if VISIBILITY_RANK.get(body.documents_visibility, 2) < VISIBILITY_RANK.get(body.visibility, 0):
        errors["documents_visibility"] = _(
            "Les documents ne peuvent pas être plus largement visibles que l’instance elle-même."
        )
    if body.axis is not None and body.axis.territory_id != body.territory_id:
        errors["axis"] = _("Cet axe appartient au programme d’un autre territoire.")
    for field, label in (("chair", _("La présidence")), ("secretary", _("Le secrétariat"))):
        user = getattr(body, field)
        if user is not None and not works_in(body.territory, user):
            errors[field] = _(
                "%(who)s doit être confié·e à une personne de la coordination, d’un "
                "partenaire ou à un·e élu·e du territoire."
            ) % {"who": label}
    raise_if(errors)


@transaction.atomic
def create_body(*, actor: Any, territory: Territory, **fields: Any) -> Body:
    unknown = set(fields) - set(BODY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown body fields: {sorted(unknown)}")
    body = Body(territory=territory, **fields)
    body.full_clean()
    _check_body(body)
    body.save()
    audit.record(
        actor=actor,
        action="body.create",
        obj=body,
        territory=territory,
        changes=audit.diff({}, audit.snapshot(body, BODY_FIELDS)),
    )
    return body


@transaction.atomic
def update_body(*, actor: Any, body: Body, **fields: Any) -> Body:
    unknown = set(fields) - set(BODY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown body fields: {sorted(unknown)}")
    before = audit.snapshot(body, BODY_FIELDS)
    for name, value in fields.items():
        setattr(body, name, value)
    body.full_clean()
    _check_body(body)
    body.save()
    changes = audit.diff(before, audit.snapshot(body, BODY_FIELDS))
    if changes:
        audit.record(
            actor=actor, action="body.update", obj=body, territory=body.territory, changes=changes
        )
    return body


def _check_people(body: Body, organisation: Organisation, titular: Any, substitute: Any) -> None:
    errors: dict[str, str] = {}
    for field, user in (("titular", titular), ("substitute", substitute)):
        if user is not None and not works_in(body.territory, user, organisation):
            errors[field] = _("%(name)s ne fait pas partie de %(org)s sur ce territoire.") % {
                "name": person_name(user),
                "org": organisation.name,
            }
    if titular is not None and substitute is not None and titular.pk == substitute.pk:
        errors["substitute"] = _(
            "Le ou la suppléant·e doit être une autre personne que le ou la titulaire."
        )
    raise_if(errors)


@transaction.atomic
def add_member(
    *,
    actor: Any,
    body: Body,
    organisation: Organisation,
    titular: Any = None,
    substitute: Any = None,
    started_on: datetime.date | None = None,
) -> BodyMembership:
    errors: dict[str, str] = {}
    if not is_partner_organisation(body.territory, organisation):
        errors["organisation"] = _("Cette organisation n’est pas partenaire du territoire.")
    elif BodyMembership.objects.filter(
        body=body, organisation=organisation, ended_on__isnull=True
    ).exists():
        errors["organisation"] = _("%(org)s est déjà membre de cette instance.") % {
            "org": organisation.name
        }
    raise_if(errors)
    _check_people(body, organisation, titular, substitute)
    membership = BodyMembership(
        body=body,
        organisation=organisation,
        titular=titular,
        substitute=substitute,
        started_on=started_on or timezone.localdate(),
    )
    membership.full_clean()
    membership.save()
    audit.record(
        actor=actor,
        action="body.member_add",
        obj=membership,
        territory=body.territory,
        changes=audit.diff(
            {}, audit.snapshot(membership, ["organisation", "titular", "substitute", "started_on"])
        ),
    )
    return membership


@transaction.atomic
def end_member(
    *,
    actor: Any,
    membership: BodyMembership,
    on: datetime.date | None = None,
    reason: str = "",
) -> BodyMembership:
    """End a membership; from ``on`` (today by default) the organisation no longer reads
    the body's private documents."""
    day = on or timezone.localdate()
    if membership.ended_on is not None:
        raise_if({"ended_on": _("Cette organisation a déjà quitté l’instance.")})
    if day < membership.started_on:
        raise_if({"ended_on": _("La fin ne peut pas précéder l’entrée dans l’instance.")})
    membership.ended_on = day
    membership.end_reason = reason.strip()[:255]
    membership.full_clean()
    membership.save(update_fields=["ended_on", "end_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="body.member_end",
        obj=membership,
        territory=membership.body.territory,
        changes={"ended_on": [None, day.isoformat()], "reason": [None, membership.end_reason]},
    )
    return membership


@transaction.atomic
def change_representatives(
    *,
    actor: Any,
    membership: BodyMembership,
    titular: Any = None,
    substitute: Any = None,
    on: datetime.date | None = None,
) -> BodyMembership:
    """New titular or substitute people: the running period ends the day before ``on`` and
    a new one starts, so the minutes of past meetings keep naming who sat then."""
    if membership.ended_on is not None:
        raise_if({"titular": _("Cette organisation a quitté l’instance.")})
    if membership.titular_id == getattr(
        titular, "pk", None
    ) and membership.substitute_id == getattr(substitute, "pk", None):
        return membership
    _check_people(membership.body, membership.organisation, titular, substitute)
    day = on or timezone.localdate()
    if day <= membership.started_on:
        # Corrected on the day it started: no history worth keeping.
        before = audit.snapshot(membership, ["titular", "substitute"])
        membership.titular = titular
        membership.substitute = substitute
        membership.full_clean()
        membership.save()
        audit.record(
            actor=actor,
            action="body.member_update",
            obj=membership,
            territory=membership.body.territory,
            changes=audit.diff(before, audit.snapshot(membership, ["titular", "substitute"])),
        )
        return membership
    membership.ended_on = day
    membership.end_reason = _("Changement de représentant·es")
    membership.save(update_fields=["ended_on", "end_reason", "updated_at"])
    successor = BodyMembership(
        body=membership.body,
        organisation=membership.organisation,
        titular=titular,
        substitute=substitute,
        started_on=day,
    )
    successor.full_clean()
    successor.save()
    audit.record(
        actor=actor,
        action="body.member_update",
        obj=successor,
        territory=membership.body.territory,
        changes={
            "titular": [membership.titular_id, successor.titular_id],
            "substitute": [membership.substitute_id, successor.substitute_id],
            "started_on": [None, day.isoformat()],
        },
    )
    return successor


# What a body's structure is: its name, kind, theme, mandate, rhythm and who may read it.
# Not its chair, secretary or members (people and organisations of the source territory),
# nor its meetings, decisions or documents.
STRUCTURE_FIELDS = (
    "kind",
    "name",
    "short_name",
    "theme",
    "mandate",
    "rhythm",
    "visibility",
    "documents_visibility",
)


@transaction.atomic
def copy_bodies(
    *,
    actor: Any,
    source: Territory,
    target: Territory,
    axes: dict[int, Any] | None = None,
    among: Any = None,
) -> list[Body]:
    """Copy ``source``'s standing bodies (not the dissolved ones; only those of ``among``,
    a queryset of bodies, when given: the ones the person may see) into ``target``, empty:
    same kinds, names and rules, attached to ``axes[source axis id]`` when given, without
    a chair, a secretary, a member, a meeting or a decision."""
    axes = axes or {}
    taken = set(Body.objects.filter(territory=target).values_list("name", flat=True))
    bodies = among if among is not None else Body.objects.all()
    copies = []
    for body in bodies.filter(territory=source, is_archived=False).order_by("kind", "name"):
        if body.name in taken:
            continue
        fields = {name: getattr(body, name) for name in STRUCTURE_FIELDS}
        copies.append(
            create_body(actor=actor, territory=target, axis=axes.get(body.axis_id or 0), **fields)
        )
    return copies
