"""Every write to territories, organisations and memberships.

Each service takes keyword-only arguments, runs in one transaction, validates with
``full_clean()`` and writes one audit entry. ``actor`` is the user on whose behalf the write
is made (``None`` for the system: management commands and the demo loader)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from maillage.core import access, audit
from maillage.core.roles import Visibility
from maillage.territories.models import GeoUnit, Membership, Organisation, Partnership, Territory

ORGANISATION_FIELDS = (
    "name",
    "acronym",
    "kind",
    "parent",
    "siret",
    "description",
    "address",
    "postal_code",
    "city",
    "phone",
    "email",
    "website",
    "logo",
    "visibility",
)


@transaction.atomic
def create_territory(
    *,
    actor: Any,
    name: str,
    slug: str,
    insee_code: str,
    kind: str,
    parent: Territory | None = None,
    description: str = "",
    visibility: str = Visibility.PUBLIC,
) -> Territory:
    territory = Territory(
        name=name,
        slug=slug,
        insee_code=insee_code,
        kind=kind,
        parent=parent,
        description=description,
        visibility=visibility,
    )
    territory.full_clean()
    territory.save()
    audit.record(
        actor=actor,
        action="territory.create",
        obj=territory,
        territory=territory,
        changes=audit.diff({}, audit.snapshot(territory)),
    )
    return territory


@transaction.atomic
def update_territory(*, actor: Any, territory: Territory, **fields: Any) -> Territory:
    before = audit.snapshot(territory)
    for name, value in fields.items():
        setattr(territory, name, value)
    territory.full_clean()
    territory.save()
    changes = audit.diff(before, audit.snapshot(territory))
    if changes:
        audit.record(
            actor=actor,
            action="territory.update",
            obj=territory,
            territory=territory,
            changes=changes,
        )
    return territory


@transaction.atomic
def create_geounit(
    *,
    actor: Any,
    territory: Territory,
    kind: str,
    code: str,
    name: str,
    geometry: dict | None = None,
) -> GeoUnit:
    unit = GeoUnit(territory=territory, kind=kind, code=code, name=name, geometry=geometry)
    unit.full_clean()
    unit.save()
    audit.record(
        actor=actor,
        action="geounit.create",
        obj=unit,
        territory=territory,
        changes=audit.diff({}, audit.snapshot(unit, ["kind", "code", "name"])),
    )
    return unit


@transaction.atomic
def create_organisation(*, actor: Any, territory: Territory, **fields: Any) -> Organisation:
    """Create an organisation and make it a partner of ``territory``."""
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown organisation fields: {sorted(unknown)}")
    organisation = Organisation(**fields)
    organisation.full_clean()
    organisation.save()
    partnership = Partnership(territory=territory, organisation=organisation)
    partnership.full_clean()
    partnership.save()
    audit.record(
        actor=actor,
        action="organisation.create",
        obj=organisation,
        territory=territory,
        changes=audit.diff({}, audit.snapshot(organisation, ORGANISATION_FIELDS)),
    )
    return organisation


@transaction.atomic
def update_organisation(
    *, actor: Any, organisation: Organisation, territory: Territory | None = None, **fields: Any
) -> Organisation:
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown organisation fields: {sorted(unknown)}")
    before = audit.snapshot(organisation, ORGANISATION_FIELDS)
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    changes = audit.diff(before, audit.snapshot(organisation, ORGANISATION_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="organisation.update",
            obj=organisation,
            territory=territory,
            changes=changes,
        )
    return organisation


@transaction.atomic
def add_partnership(
    *, actor: Any, territory: Territory, organisation: Organisation, since: Any = None
) -> Partnership:
    partnership, created = Partnership.objects.get_or_create(
        territory=territory, organisation=organisation, defaults={"since": since}
    )
    if created:
        audit.record(
            actor=actor,
            action="partnership.create",
            obj=organisation,
            territory=territory,
            changes={"territory": [None, territory.slug]},
        )
    return partnership


@transaction.atomic
def add_membership(
    *,
    actor: Any,
    user: Any,
    territory: Territory,
    role: str,
    organisation: Organisation | None = None,
    job_title: str = "",
) -> Membership:
    membership = Membership.objects.filter(
        user=user, territory=territory, organisation=organisation, role=role
    ).first()
    before = audit.snapshot(membership) if membership else {}
    if membership is None:
        membership = Membership(
            user=user, territory=territory, organisation=organisation, role=role
        )
    membership.job_title = job_title or membership.job_title
    membership.ended_on = None
    membership.full_clean()
    membership.save()
    changes = audit.diff(before, audit.snapshot(membership))
    if changes:
        audit.record(
            actor=actor,
            action="membership.create" if not before else "membership.update",
            obj=membership,
            territory=territory,
            changes=changes,
        )
    access.forget_actor(user)
    return membership


@transaction.atomic
def end_membership(*, actor: Any, membership: Membership, on: Any = None) -> Membership:
    from django.utils import timezone

    membership.ended_on = on or timezone.localdate()
    membership.save(update_fields=["ended_on", "updated_at"])
    audit.record(
        actor=actor,
        action="membership.end",
        obj=membership,
        territory=membership.territory,
        changes={"ended_on": [None, membership.ended_on.isoformat()]},
    )
    access.forget_actor(membership.user)
    return membership
