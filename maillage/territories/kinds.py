"""Kinds of organisation: data·inclusion's ``reseaux_porteurs`` plus what a town needs.

The data·inclusion list comes from the ``data-inclusion-schema`` package itself, so a new
release of the schema brings its new values without a migration.
"""

from functools import cache

from data_inclusion.schema.v1 import ReseauPorteur
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise

LOCAL_KINDS: dict[str, StrOrPromise] = {
    "direction-municipale": _("Direction municipale"),
    "service-municipal": _("Service municipal"),
    "services-etat": _("Services de l’État (préfecture, police, justice…)"),
    "bailleur-social": _("Bailleur social"),
    "centre-social": _("Centre social"),
    "association": _("Association"),
    "entreprise": _("Entreprise, coopérative"),
    "recherche": _("Recherche, université"),
    "autre": _("Autre"),
}


@cache
def organisation_kinds() -> tuple[tuple[str, str], ...]:
    """(value, label) pairs: local kinds first, then data·inclusion's networks."""
    local = tuple((value, str(label)) for value, label in LOCAL_KINDS.items())
    networks = tuple(
        sorted(((r.value, r.label) for r in ReseauPorteur), key=lambda pair: pair[1].casefold())
    )
    return local + networks


def kind_label(value: str) -> str:
    return dict(organisation_kinds()).get(value, value)


def is_data_inclusion_kind(value: str) -> bool:
    return value in {r.value for r in ReseauPorteur}
