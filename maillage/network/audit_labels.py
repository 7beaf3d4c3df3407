"""Names of the network's actions in the territory's journal (found by core.audit)."""

from collections.abc import Callable
from enum import Enum
from typing import Any

from django.utils.translation import gettext_lazy as _

from maillage.core import audit
from maillage.network import hours, vocab

audit.label_actions(
    {
        "network.rules.update": _("Règles de mise à jour du réseau modifiées"),
        "network.service.create": _("Service ajouté"),
        "network.service.update": _("Service modifié"),
        "network.service.mark_fresh": _("Service confirmé à jour"),
        "network.service.delete": _("Service supprimé"),
        "network.contact.create": _("Point de contact ajouté"),
        "network.contact.update": _("Point de contact modifié"),
        "network.contact.mark_fresh": _("Point de contact confirmé à jour"),
        "network.contact.delete": _("Point de contact supprimé"),
        "network.procedure.create": _("Démarche ajoutée"),
        "network.procedure.update": _("Démarche modifiée"),
        "network.procedure.delete": _("Démarche supprimée"),
        "network.import.start": _("Import de services déposé"),
        "network.import.check": _("Import de services vérifié"),
        "network.import.confirm": _("Import de services confirmé"),
        "network.import.apply": _("Import de services appliqué"),
        "network.import.done": _("Import de services terminé"),
        "network.import.fail": _("Import de services en échec"),
        "network.reminder.send": _("Rappel de mise à jour envoyé"),
    }
)


def _by(enum: type[Enum]) -> Callable[[Any], str]:
    return lambda value: vocab.label(enum, value)


audit.label_values(
    "network.service",
    {
        "thematiques": vocab.topic_full_label,
        "publics": _by(vocab.Public),
        "modes_accueil": _by(vocab.ModeAccueil),
        "modes_mobilisation": _by(vocab.ModeMobilisation),
        "mobilisable_par": _by(vocab.PersonneMobilisatrice),
        "frais": _by(vocab.Frais),
        "type": _by(vocab.TypeService),
        "horaires_accueil": hours.describe,
    },
)
audit.label_values("network.contactpoint", {"thematique": vocab.topic_full_label})
audit.label_values("network.procedure", {"thematique": vocab.topic_full_label})
