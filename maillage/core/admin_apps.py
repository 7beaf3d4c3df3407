"""The Django admin app, with Maillage's site (kept apart from ``apps.py``, where one
AppConfig per module lets Django pick the core's own)."""

from django.contrib.admin.apps import AdminConfig


class MaillageAdminConfig(AdminConfig):
    """Platform admins only, second factor verified."""

    default_site = "maillage.core.admin_site.MaillageAdminSite"
