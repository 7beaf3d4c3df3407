from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DepartmentsConfig(AppConfig):
    """The level above the communes: what a Département sees across the PSTs of its
    communes, what it shares with them, and how a new commune starts (docs/departments.md)."""

    name = "maillage.departments"
    label = "departments"
    verbose_name = _("Département")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # New territory (docs/departments.md): the setup page's entries on other pages.
        from maillage.departments import panels_setup

        panels_setup.register()
