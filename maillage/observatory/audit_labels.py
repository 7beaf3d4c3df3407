"""Names of the observatory's actions in the territory's audit log."""

from django.utils.translation import gettext_lazy as _

from maillage.core import audit

audit.label_actions(
    {
        "observatory.upload": _("Fichier de données déposé"),
        "observatory.import": _("Jeu de données importé"),
        "observatory.import_failed": _("Import de données en échec"),
        "observatory.dataset_delete": _("Jeu de données supprimé"),
        "observatory.targets": _("Indicateurs visés par une action modifiés"),
        "observatory.indicator": _("Indicateur du catalogue modifié"),
    }
)
