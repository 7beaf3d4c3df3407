"""The departmental views' API: overview, engagements, comparisons (docs/departments.md),
through the same access rules as the pages."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Département"])

PREFIX = "/departments/{slug}"
from maillage.departments.api_setup import setup_router  # noqa: E402

router.add_router("", setup_router)
