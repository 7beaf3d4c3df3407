"""A new territory from its INSEE code (docs/departments.md, "Nouveau territoire"): the
commune as the bundled COG names it (territories/cog.py), under its département (created
from the COG too when the platform has none yet), with the town's own organisation as its
first partner so that its coordination can be invited at once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.core.roles import Visibility
from maillage.territories import cog, services
from maillage.territories.models import Organisation, Territory

TOWN_KIND = "communes"


def preview(code: str) -> cog.Commune:
    """The commune ``code`` names, refused as ``create_commune_from_cog`` would refuse it."""
    try:
        commune = cog.lookup(code)
    except cog.CogError as exc:
        raise ValidationError({"code": str(exc)}) from exc
    existing = Territory.objects.filter(insee_code=commune.code).first()
    if existing is not None:
        raise ValidationError(
            {
                "code": _(
                    "Le territoire %(name)s (%(code)s) existe déjà sur la plateforme, à "
                    "l’adresse « %(slug)s »."
                )
                % {"name": existing.name, "code": existing.insee_code, "slug": existing.slug}
            }
        )
    return commune


def _free_slug(wanted: str, fallback: str) -> str:
    slug = slugify(wanted)[:80] or fallback
    if Territory.objects.filter(slug=slug).exists():
        slug = f"{slug}-{fallback}"[:80]
    return slug


@transaction.atomic
def departement_territory(*, actor: Any, code: str) -> Territory:
    """The département's territory, created from the COG when the platform has none."""
    existing = Territory.objects.filter(kind=Territory.Kind.DEPARTEMENT, insee_code=code).first()
    if existing is not None:
        return existing
    try:
        dep = cog.departement(code)
    except cog.CogError as exc:
        raise ValidationError({"code": str(exc)}) from exc
    territory = services.create_territory(
        actor=actor,
        name=dep.name,
        slug=_free_slug(dep.name, code.lower()),
        insee_code=dep.code,
        kind=Territory.Kind.DEPARTEMENT,
        visibility=Visibility.PUBLIC,
    )
    return services.update_territory(actor=actor, territory=territory, cog_vintage=dep.vintage)


@transaction.atomic
def create_commune_from_cog(
    actor: Any,
    code: str,
    *,
    slug: str | None = None,
    visibility: str = Visibility.PUBLIC,
) -> Territory:
    """Create the commune ``code`` names in the COG, under its département; refuse an
    unknown, outdated or merged code, and a commune the platform already has, with a
    French sentence on ``code`` (nothing written)."""
    commune = preview(code)
    if slug:
        slug = slugify(slug)[:80]
        if not slug or Territory.objects.filter(slug=slug).exists():
            raise ValidationError(
                {
                    "slug": _(
                        "Cet identifiant d’adresse est déjà pris ou invalide : choisissez-en un autre."
                    )
                }
            )
    else:
        slug = _free_slug(commune.name, commune.code.lower())
    if visibility not in (Visibility.PUBLIC, Visibility.PARTNERS):
        raise ValidationError(
            {"visibility": _("Un territoire est public ou réservé aux partenaires.")}
        )
    parent = departement_territory(actor=actor, code=commune.departement_code)
    territory = Territory(
        name=commune.name,
        slug=slug,
        insee_code=commune.code,
        kind=Territory.Kind.COMMUNE,
        parent=parent,
        visibility=visibility,
        epci_siren=commune.epci_siren,
        epci_name=commune.epci_name,
        cog_vintage=commune.vintage,
        # A new commune shares aggregates with its Département (core/sharing.py) until
        # its coordination decides otherwise.
        department_sharing={},
    )
    territory.full_clean()
    territory.save()
    audit.record(
        actor=actor,
        action="territory.create",
        obj=territory,
        territory=territory,
        changes=audit.diff(
            {},
            audit.snapshot(
                territory,
                [
                    "name",
                    "slug",
                    "insee_code",
                    "kind",
                    "parent",
                    "epci_siren",
                    "epci_name",
                    "cog_vintage",
                    "visibility",
                ],
            ),
        ),
    )
    services.create_organisation(
        actor=actor,
        territory=territory,
        name=_("Ville de %s") % commune.name,
        kind=TOWN_KIND,
        city=commune.name,
        visibility=Visibility.PUBLIC,
    )
    return territory


def town_organisation(territory: Territory) -> Organisation | None:
    """The organisation created with the commune, whose people run it."""
    return (
        Organisation.objects.filter(partnerships__territory=territory, kind=TOWN_KIND)
        .order_by("pk")
        .first()
    )
