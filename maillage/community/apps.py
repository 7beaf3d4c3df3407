from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "maillage.community"
    label = "community"
    verbose_name = "Vie du réseau"

    def ready(self) -> None:
        # Imported here: they load models, which exist only once the registry is ready.
        # Importing ``tasks`` registers them by name with core.queue.
        from django.utils.translation import gettext_lazy as _

        from maillage.community import (  # noqa: F401
            access_library,
            receivers_library,
            tasks,
            tasks_library,
        )
        from maillage.community.panels import home_block
        from maillage.community.selectors import agenda_entries
        from maillage.core import agenda, audit, navigation, slots

        navigation.add(
            navigation.MenuEntry(_("Actualités"), "community:posts", 60, section="community")
        )
        navigation.add(
            navigation.MenuEntry(
                _("Événements"), "community:events", 61, section="community_events"
            )
        )
        # The shared library, the one search and the notifications (community-library).
        navigation.add(
            navigation.MenuEntry(_("Ressources"), "community:library", 62, section="library")
        )
        navigation.add(
            navigation.MenuEntry(_("Recherche"), "community:search", 63, section="search")
        )
        receivers_library.connect()
        audit.label_actions(access_library.AUDIT_LABELS)
        slots.register("home_public", home_block, order=30)
        slots.register("home_partner", home_block, order=30)
        agenda.register(agenda.Source("evenements", _("Événements publics"), agenda_entries))
        audit.label_actions(
            {
                "post.create": _("Actualité écrite"),
                "post.update": _("Actualité modifiée"),
                "post.publish": _("Actualité publiée"),
                "post.submit": _("Actualité soumise à validation"),
                "post.validate": _("Actualité validée"),
                "post.unpublish": _("Actualité retirée"),
                "post.sign": _("Actualité cosignée"),
                "post.decline": _("Cosignature d’une actualité refusée"),
                "event.create": _("Événement annoncé"),
                "event.update": _("Événement modifié"),
                "event.publish": _("Événement publié"),
                "event.submit": _("Événement soumis à validation"),
                "event.validate": _("Événement validé"),
                "event.cancel": _("Événement annulé"),
                "event.sign": _("Co-organisation acceptée"),
                "event.decline": _("Co-organisation refusée"),
                "registration.create": _("Inscription à un événement"),
                "registration.cancel": _("Inscription annulée"),
                "registration.promote": _("Sortie de liste d’attente"),
                "communication.create": _("Communication commune préparée"),
                "communication.update": _("Communication commune modifiée"),
                "communication.request": _("Accords demandés"),
                "communication.sign": _("Communication commune approuvée"),
                "communication.decline": _("Communication commune refusée"),
                "communication.release": _("Communication commune diffusée"),
                "community.settings": _("Réglages de la vie du réseau modifiés"),
            }
        )
