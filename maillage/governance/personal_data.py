"""Minutes are read by many: before saving, warn when a text seems to name a resident or
carry their contact details. The patterns live in core (``core.personal_findings``), shared
with the programme's fiches inspirantes."""

from maillage.core.personal_findings import PATTERNS, findings

__all__ = ["PATTERNS", "findings"]
