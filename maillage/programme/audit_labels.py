"""Names of the programme's actions and recorded fields in the territory's journal
(found by core.audit)."""

from django.utils.translation import gettext_lazy as _

from maillage.core import audit
from maillage.programme import history

audit.label_actions(
    {
        "action.create": _("Fiche action créée"),
        "action.update": _("Fiche action modifiée"),
        "action.change_status": _("État d’une fiche action changé"),
        "action.add_partner": _("Partenaire ajouté à une fiche"),
        "action.update_partner": _("Rôle d’un partenaire modifié"),
        "action.remove_partner": _("Partenaire retiré d’une fiche"),
        "action.add_means": _("Moyen ajouté à une fiche"),
        "action.remove_means": _("Moyen retiré d’une fiche"),
        "axis.create": _("Axe créé"),
        "axis.update": _("Axe modifié"),
        "axis.delete": _("Axe supprimé"),
        "objective.create": _("Objectif créé"),
        "objective.update": _("Objectif modifié"),
        "objective.delete": _("Objectif supprimé"),
        "indicator.create": _("Indicateur ajouté à une fiche"),
        "indicator.update": _("Indicateur d’une fiche modifié"),
        "indicator.delete": _("Indicateur retiré d’une fiche"),
        "measurement.create": _("Mesure d’indicateur saisie"),
        "measurement.update": _("Mesure d’indicateur modifiée"),
        "measurement.delete": _("Mesure d’indicateur supprimée"),
        "measurement.import": _("Mesures d’indicateurs importées"),
        "milestone.create": _("Jalon ajouté"),
        "milestone.update": _("Jalon modifié"),
        "milestone.delete": _("Jalon supprimé"),
        "journal.create": _("Entrée ajoutée au journal d’une fiche"),
        "journal.delete": _("Entrée retirée du journal d’une fiche"),
        "programme.import.upload": _("Fichier de fiches actions déposé"),
        "programme.import.apply": _("Import de fiches actions appliqué"),
        "inspiring_model.offer": _("Fiche proposée comme fiche inspirante"),
        "inspiring_model.update": _("Fiche inspirante modifiée"),
        "inspiring_model.withdraw": _("Fiche inspirante retirée du catalogue"),
        "inspiring_model.copy": _("Fiche inspirante reprise par un autre territoire"),
    }
)

audit.label_fields(
    "programme.inspiringmodel",
    {
        "summary": _("Résumé pour les autres territoires"),
        "resources": _("Ce qu’il a fallu"),
        "contacts": _("Contacts"),
        "results": _("Résultats"),
        "visibility": _("Qui la voit"),
        "withdrawn_at": _("Retirée le"),
        "reused_by": _("Reprise par"),
    },
)

audit.label_fields(
    "programme.action",
    {
        **history.FIELDS,
        "journal": _("Journal"),
        "attachments": _("Pièces jointes"),
    },
)
