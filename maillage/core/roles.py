"""Roles held per territory (docs/access.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordination")
    PARTNER = "partner", _("Partenaire")
    ELECTED = "elected", _("Élu·e")
    RESIDENT = "resident", _("Habitant·e")


# Roles whose holders must use a second factor, on every channel (pages and API tokens).
MFA_ROLES = frozenset({Role.COORDINATOR})

# Roles that read what the partners of a territory read.
PARTNER_LEVEL = frozenset({Role.COORDINATOR, Role.PARTNER, Role.ELECTED})


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    PARTNERS = "partners", _("Partenaires")
    MEMBERS = "members", _("Membres")
    RESTRICTED = "restricted", _("Restreint")
