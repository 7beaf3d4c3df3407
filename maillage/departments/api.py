"""The departmental views' API: overview, engagements, comparisons (docs/departments.md),
through the same access rules as the pages."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Département"])

PREFIX = "/departments/{slug}"

# Comparing the communes (docs/departments.md, "Comparer les communes").
from maillage.departments.api_compare import router as compare_router  # noqa: E402

router.add_router("", compare_router)
