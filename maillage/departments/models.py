"""The departments app's models, one module per part, re-exported here."""

from maillage.departments.models_references import (  # noqa: F401
    LocalMapping,
    ReferenceItem,
    ReferenceKind,
    ReferenceList,
)
