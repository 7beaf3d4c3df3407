"""The evaluation in the API (tag « Évaluation»): each part has its router, added here."""

from ninja import Router

router = Router(tags=["Évaluation"])

# =========================================================================== conférence sociale
from maillage.evaluation import api_conference  # noqa: E402

router.add_router("", api_conference.router)
# =========================================================================== end conférence
