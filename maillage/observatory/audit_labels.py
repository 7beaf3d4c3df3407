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
        "observatory.indicator_create": _("Indicateur ajouté au catalogue"),
    }
)

audit.label_actions(
    {
        "abs.configure": _("Modèle du rapport ABS modifié"),
        "abs.comments": _("Commentaires du rapport ABS modifiés"),
        "abs.theme_text": _("Analyse d’un thème du rapport ABS modifiée"),
        "abs.section_create": _("Section du rapport ABS confiée à un partenaire"),
        "abs.section_update": _("Section du rapport ABS rédigée"),
        "abs.generate": _("Rapport ABS demandé"),
        "abs.ready": _("Rapport ABS généré"),
        "geounit.geometry": _("Contour d’une unité géographique modifié"),
        "geounit.contours_import": _("Contours géographiques importés"),
    }
)
