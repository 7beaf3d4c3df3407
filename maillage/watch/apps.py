from django.apps import AppConfig


class WatchConfig(AppConfig):
    name = "maillage.watch"
    label = "watch"
    verbose_name = "Veille"

    def ready(self) -> None:
        # Imported here, not at module level: they load models, which only exist once the
        # app registry is ready. Importing ``tasks`` registers them with core.queue.
        from django.utils.translation import gettext_lazy as _

        from maillage.core import audit, navigation, slots
        from maillage.watch import panels, tasks  # noqa: F401
        from maillage.watch.audit_labels import LABELS

        navigation.add(
            navigation.MenuEntry(
                _("Veille"), "watch:signals", 45, verb="use_watch", section="watch"
            )
        )
        audit.label_actions(LABELS)
        slots.register("action_detail", panels.action_signals, order=30)
