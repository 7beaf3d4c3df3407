"""What a commune shares with its Département, capability by capability (docs/departments.md).

A role held on a département (or an EPCI) reaches the communes below it. Each commune decides,
per capability, how far: ``none`` (the Département sees nothing of it), ``aggregates``
(counts and key figures on the departmental views, never a row) or ``details`` (the
Département's people read the capability as partners of the commune). A commune that says
nothing shares aggregates: privacy by default, the Département still sees that a PST exists.

The setting lives on ``Territory.department_sharing``; the access engine reads it when it
builds an actor (core/access.py), the departmental views when they count.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    NONE = "none", _("Rien")
    AGGREGATES = "aggregates", _("Chiffres agrégés seulement")
    DETAILS = "details", _("Le détail, lu comme un partenaire")


# Ordered from least to most shared, so that levels compare.
ORDER = (Level.NONE, Level.AGGREGATES, Level.DETAILS)
DEFAULT_LEVEL = Level.AGGREGATES

# The capabilities a commune can share, by app label.
CAPABILITIES: dict[str, Any] = {
    "programme": _("Programme d’actions"),
    "governance": _("Gouvernance"),
    "observatory": _("Observatoire"),
    "network": _("Réseau"),
    "watch": _("Veille"),
    "participation": _("Participation"),
    "evaluation": _("Évaluation"),
    "community": _("Vie du réseau"),
}


def level_of(sharing: Mapping[str, str] | Any, capability: str) -> str:
    """The level ``sharing`` (a territory, or its ``department_sharing`` dict) gives to
    ``capability``; unknown values read as the default."""
    if not isinstance(sharing, Mapping):
        sharing = getattr(sharing, "department_sharing", None) or {}
    value = sharing.get(capability, DEFAULT_LEVEL)
    return value if value in ORDER else DEFAULT_LEVEL


def shares_at_least(sharing: Mapping[str, str] | Any, capability: str, level: str) -> bool:
    return ORDER.index(level_of(sharing, capability)) >= ORDER.index(level)


def detailed(sharing: Mapping[str, str] | None) -> frozenset[str]:
    """The capabilities ``sharing`` opens in detail."""
    sharing = sharing or {}
    return frozenset(c for c in CAPABILITIES if level_of(sharing, c) == Level.DETAILS)


def everything(level: str = Level.DETAILS) -> dict[str, str]:
    """Every capability at one level (the demo's Clichy, tests' communes)."""
    return {capability: str(level) for capability in CAPABILITIES}


def clean_levels(levels: Mapping[str, str]) -> dict[str, str]:
    """``levels`` checked: known capabilities and levels only; raises ``ValueError`` with
    a French message otherwise."""
    cleaned: dict[str, str] = {}
    for capability, value in levels.items():
        if capability not in CAPABILITIES:
            raise ValueError(_("Capacité inconnue : %(name)s.") % {"name": capability})
        if value not in ORDER:
            raise ValueError(_("Niveau de partage inconnu : %(value)s.") % {"value": value})
        cleaned[capability] = str(value)
    return cleaned
