"""How the territory's journal names the departments app's actions (found by core.audit)."""

from django.utils.translation import gettext_lazy as _

from maillage.core import audit

audit.label_actions({"territory.copy_structure": _("Structure d’un autre projet copiée")})
