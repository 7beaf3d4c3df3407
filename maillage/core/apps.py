from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "maillage.core"
    label = "core"
    verbose_name = "Socle"

    def ready(self) -> None:
        from django.core.signals import setting_changed

        from maillage.core import access, i18n, lookups, quick_fields, write_generation

        access.autodiscover()
        # Long integer ``__in`` lists as one array parameter on PostgreSQL (core/lookups.py).
        lookups.install()
        # django-dsfr's field groups written in Python where their HTML is known
        # (core/quick_fields.py).
        quick_fields.install()
        # French plurals for untranslated messages ("0 résultat"): core/i18n.py.
        i18n.install_source_plurals()
        # Every write replaces the token anonymous pages are kept under (core/page_cache.py).
        write_generation.install()
        setting_changed.connect(_reinstall_plurals, dispatch_uid="core.source_plurals")


def _reinstall_plurals(*, setting: str, **kwargs: object) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        from maillage.core import i18n

        i18n.install_source_plurals()
