"""Every write to territories, organisations and memberships.

Each service takes keyword-only arguments, runs in one transaction, validates with
``full_clean()`` and writes one audit entry. ``actor`` is the user on whose behalf the write
is made (``None`` for the system: management commands and the demo loader)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from maillage.core import access, audit, sharing
from maillage.core.roles import MFA_ROLES, Visibility
from maillage.core.signals import mfa_role_granted
from maillage.territories.contours import clean_geometry, geometry_error, parse_contours
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
    "logo_consent",
    "logo_consent_until",
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
    department_sharing: dict[str, str] | None = None,
) -> Territory:
    territory = Territory(
        name=name,
        slug=slug,
        insee_code=insee_code,
        kind=kind,
        parent=parent,
        description=description,
        visibility=visibility,
        department_sharing=department_sharing or {},
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
def set_department_sharing(
    *, actor: Any, territory: Territory, levels: dict[str, str]
) -> Territory:
    """What ``territory`` shares with its Département, per capability (core/sharing.py).
    Only the commune's coordinators decide it; the Département never widens it."""
    try:
        cleaned = sharing.clean_levels(levels)
    except ValueError as exc:
        raise ValidationError({"department_sharing": str(exc)}) from exc
    before = dict(territory.department_sharing or {})
    after = {**before, **cleaned}
    if after == before:
        return territory
    territory.department_sharing = after
    territory.full_clean()
    territory.save(update_fields=["department_sharing", "updated_at"])
    audit.record(
        actor=actor,
        action="territory.sharing",
        obj=territory,
        territory=territory,
        changes={"department_sharing": [before, after]},
    )
    # Everyone's reach into this commune changed: actors are rebuilt per request, the
    # territory tree is read with them, so nothing cached outlives this write.
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
    if role in MFA_ROLES and (not before or before.get("ended_on") is not None):
        # The person must now pass a second factor: what they could do without one (an
        # API token) stops too.
        user.__dict__.pop("_requires_mfa", None)
        mfa_role_granted.send(sender=Membership, user=user)
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


@transaction.atomic
def set_geounit_geometry(*, actor: Any, unit: GeoUnit, geometry: dict | None) -> GeoUnit:
    """Replace one unit's contour (``None`` removes it)."""

    if geometry is not None:
        error = geometry_error(geometry)
        if error:
            raise ValidationError({"geometry": error[0].upper() + error[1:] + "."})
        geometry = clean_geometry(geometry)
    had = unit.geometry is not None
    unit.geometry = geometry
    unit.full_clean()
    unit.save(update_fields=["geometry", "updated_at"])
    audit.record(
        actor=actor,
        action="geounit.geometry",
        obj=unit,
        territory=unit.territory,
        changes={"geometry": [had, geometry is not None]},
    )
    return unit


@dataclass(frozen=True)
class ContourImport:
    code_property: str
    updated: int
    created: int


@transaction.atomic
def import_contours(
    *,
    actor: Any,
    territory: Territory,
    kind: str,
    data: bytes,
    code_property: str = "",
    name_property: str = "",
    create_missing: bool = False,
) -> ContourImport:
    """Set the contours of ``territory``'s units of ``kind`` from a GeoJSON
    FeatureCollection. All or nothing: one unknown code or bad geometry and nothing is
    stored, and the error names the feature."""

    if kind not in GeoUnit.Kind.values:
        raise ValidationError({"kind": _("Type d’unité géographique inconnu.")})
    contours, code_property = parse_contours(
        data, code_property=code_property, name_property=name_property
    )
    units = {
        unit.code: unit
        for unit in GeoUnit.objects.filter(
            territory=territory, kind=kind, code__in=[c.code for c in contours]
        )
    }
    errors: list[str] = []
    to_create: list[GeoUnit] = []
    for contour in contours:
        if contour.code in units:
            continue
        prefix = _("Objet n° %(number)s (code %(code)s)") % {
            "number": contour.index,
            "code": contour.code,
        }
        if not create_missing:
            errors.append(
                _("%(prefix)s : aucune unité de ce code dans le territoire.") % {"prefix": prefix}
            )
            continue
        unit = GeoUnit(
            territory=territory,
            kind=kind,
            code=contour.code,
            name=contour.name or contour.code,
            geometry=contour.geometry,
        )
        try:
            unit.full_clean()
        except ValidationError as exc:
            errors.append(
                _("%(prefix)s : %(error)s") % {"prefix": prefix, "error": exc.messages[0]}
            )
            continue
        to_create.append(unit)
    if errors:
        raise ValidationError(errors[:20])
    for contour in contours:
        existing = units.get(contour.code)
        if existing is not None:
            existing.geometry = contour.geometry
    GeoUnit.objects.bulk_update(list(units.values()), ["geometry"], batch_size=200)
    GeoUnit.objects.bulk_create(to_create, batch_size=200)
    result = ContourImport(code_property=code_property, updated=len(units), created=len(to_create))
    audit.record(
        actor=actor,
        action="geounit.contours_import",
        obj=territory,
        territory=territory,
        changes={
            "kind": [None, kind],
            "updated": [None, result.updated],
            "created": [None, result.created],
        },
    )
    return result


@transaction.atomic
def switch_territory(*, user: Any, territory: Territory) -> None:
    """The territory a person works in now, where signing in leads them back (the
    switcher in the header). Visiting a territory's page does not change it: a GET writes
    nothing."""
    if not getattr(user, "is_authenticated", False) or user.current_territory_id == territory.pk:
        return
    previous = user.current_territory_id
    user.current_territory = territory
    user.save(update_fields=["current_territory"])
    audit.record(
        actor=user,
        action="user.switch_territory",
        obj=user,
        changes={"current_territory": [previous, territory.pk]},
    )
