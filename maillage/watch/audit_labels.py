"""The veille's actions, named for the territory journal."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "signal.create": _("Signalement créé"),
    "signal.read": _("Signalement consulté"),
    "signal.status": _("État d’un signalement changé"),
    "signal.merge": _("Signalements fusionnés"),
    "signal.erase": _("Textes d’un signalement effacés (durée de conservation)"),
    "corroboration.create": _("Signalement corroboré"),
    "orientation.create": _("Signalement orienté"),
    "orientation.decide": _("Orientation proposée décidée"),
    "watch_settings.change": _("Réglages de la veille modifiés"),
}
