from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "maillage.governance"
    label = "governance"
    verbose_name = "Gouvernance"

    def ready(self) -> None:
        # Imported here, not at module level: they load models, which only exist once the
        # app registry is ready. Importing ``tasks`` registers them by name with core.queue,
        # through which the services enqueue them without importing them.
        from django.apps import apps

        from maillage.governance import tasks  # noqa: F401

        if apps.is_installed("maillage.network"):
            from maillage.governance.selectors import cooperation_ties
            from maillage.network.cooperation import register_source

            register_source(cooperation_ties)

        from django.db.models.signals import post_delete, post_save
        from django.utils.translation import gettext_lazy as _

        from maillage.core import audit, navigation, references, slots
        from maillage.governance.access import bump_generation
        from maillage.governance.models import Body, BodyMembership
        from maillage.governance.panels import (
            action_decisions_panel,
            coordinator_overdue_panel,
            late_items_panel,
        )

        for model in (Body, BodyMembership):
            post_save.connect(bump_generation, sender=model, dispatch_uid=f"gov-{model.__name__}")
            post_delete.connect(
                bump_generation, sender=model, dispatch_uid=f"gov-del-{model.__name__}"
            )

        navigation.add(
            navigation.MenuEntry(_("Instances"), "governance:bodies", 30, section="governance")
        )
        navigation.add(
            navigation.MenuEntry(_("Agenda"), "governance:calendar", 35, section="calendar")
        )
        slots.register("action_detail", action_decisions_panel, order=40)
        slots.register("late_items", late_items_panel, order=20)
        slots.register("home_coordinator", coordinator_overdue_panel, order=20)
        audit.label_actions({"meeting.answer": _("Réponse à une convocation")})
        references.name_hidden("governance.decision", _("une décision non visible"))
        references.name_hidden("governance.agreement", _("une convention non visible"))

        from maillage.governance import home

        slots.register(slots.HOME_COORDINATOR, home.next_meetings, order=21)
        slots.register(slots.HOME_COORDINATOR, home.agreements_to_review, order=22)
        slots.register(slots.HOME_COORDINATOR, home.waiting_proposals, order=50)
        slots.register(slots.HOME_PARTNER, home.expected_answers, order=15)
        slots.register(slots.HOME_PARTNER, home.my_meetings, order=25)
        # A partner's tasks, the overdue ones flagged and counted: daily work, and urgent.
        slots.register(slots.HOME_PARTNER, home.my_tasks, order=20)
        slots.register(slots.HOME_ELECTED, home.chaired_meetings, order=10)
        slots.register(slots.HOME_PUBLIC, home.public_meetings, order=40)
        slots.register(slots.HOME_ACROSS, home.across_meetings, order=30)
