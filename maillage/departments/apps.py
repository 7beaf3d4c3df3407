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
        from maillage.core import slots
        from maillage.departments import overview

        # The departmental home and the commune's sharing setting (docs/departments.md,
        # "Vue départementale et partage").
        slots.register(slots.HOME_ACROSS, overview.department_block, order=15)
        slots.register(slots.HOME_COORDINATOR, overview.department_block, order=15)
        slots.register(slots.HOME_PUBLIC, overview.public_block, order=5)
        slots.register(slots.HOME_COORDINATOR, overview.sharing_link, order=92)
        from maillage.departments import views_compare

        # The commune's observatory links to the comparison (docs/departments.md).
        slots.register(slots.OBSERVATORY_PORTRAIT, views_compare.observatory_link)
        # New territory (docs/departments.md): the setup page's entries on other pages.
        from maillage.departments import panels_setup

        panels_setup.register()
