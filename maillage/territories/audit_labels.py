"""How the territory's journal names an organisation's kind (found by core.audit)."""

from maillage.core import audit
from maillage.territories.kinds import kind_label

audit.label_values("territories.organisation", {"kind": kind_label})
