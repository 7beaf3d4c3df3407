from django.apps import AppConfig


class WatchConfig(AppConfig):
    name = "maillage.watch"
    label = "watch"
    verbose_name = "Veille"

    def ready(self) -> None:
        # Imported here, not at module level: they load models, which only exist once the
        # app registry is ready. Importing ``tasks`` registers them with core.queue.
        from maillage.core import audit
        from maillage.watch import tasks  # noqa: F401
        from maillage.watch.audit_labels import LABELS

        audit.label_actions(LABELS)
