"""The community's API, mounted under /api/v1/ (maillage/api/main.py): one router per
subdomain, assembled here."""

from ninja import Router

from maillage.community import api_library

router = Router()
router.add_router("", api_library.router)
