"""The departmental views' API: overview, engagements, comparisons (docs/departments.md),
through the same access rules as the pages."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Département"])

PREFIX = "/departments/{slug}"

# The departmental home and the commune's sharing setting.
from maillage.departments.api_overview import router as overview_router  # noqa: E402

router.add_router("", overview_router)

# --- Engagements (docs/departments.md, "Engagements")
from maillage.departments.api_engagements import engagements_router  # noqa: E402

router.add_router("", engagements_router)

# Comparing the communes (docs/departments.md, "Comparer les communes").
from maillage.departments.api_compare import router as compare_router  # noqa: E402

router.add_router("", compare_router)

# Shared reference lists (docs/departments.md, "Référentiels partagés").
from maillage.departments.api_references import router as references_router  # noqa: E402

router.add_router("", references_router)
from maillage.departments.api_setup import setup_router  # noqa: E402

router.add_router("", setup_router)
