"""How the territory's journal names the departments app's actions (found by core.audit)."""

from django.utils.translation import gettext_lazy as _

from maillage.core import audit

audit.label_actions(
    {
        "references.item_create": _("Élément de référentiel créé"),
        "references.item_update": _("Élément de référentiel modifié"),
        "references.item_archive": _("Élément de référentiel archivé"),
        "references.publish": _("Nouvelle version de référentiel publiée"),
        "references.map": _("Élément local rapproché d’un référentiel"),
        "references.adopt": _("Élément local créé depuis un référentiel"),
    }
)
audit.label_actions({"territory.copy_structure": _("Structure d’un autre projet copiée")})
