"""Names of the governance's actions and recorded fields in the territory's journal
(found by core.audit)."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from maillage.core import audit
from maillage.governance.models import Attendance

audit.label_actions(
    {
        "body.create": _("Instance créée"),
        "agreement.articles": _("Articles de la convention saisis"),
        "amendment.create": _("Avenant créé"),
        "amendment.update": _("Avenant modifié"),
        "amendment.article": _("Article modifié dans un avenant"),
        "amendment.article_remove": _("Modification d’article retirée d’un avenant"),
        "amendment.means": _("Moyens modifiés dans un avenant"),
        "amendment.annex": _("Fiches annexées à un avenant"),
        "amendment.signatory": _("Signataire ajouté à un avenant"),
        "amendment.resolution": _("Délibération ajoutée à un avenant"),
        "amendment.submit": _("Avenant mis en signature"),
        "amendment.sign": _("Signature d’un avenant enregistrée"),
        "amendment.signed": _("Avenant signé"),
        "body.update": _("Instance modifiée"),
        "body.member_add": _("Membre ajouté à une instance"),
        "body.member_update": _("Membre d’une instance modifié"),
        "body.member_end": _("Membre retiré d’une instance"),
        "meeting.create": _("Séance créée"),
        "meeting.update": _("Séance modifiée"),
        "meeting.convene": _("Séance convoquée"),
        "meeting.cancel": _("Séance annulée"),
        "meeting.hold": _("Séance tenue"),
        "meeting.attendance": _("Présences saisies"),
        "meeting.minutes": _("Compte rendu rédigé"),
        "meeting.approve": _("Compte rendu approuvé"),
        "agenda_item.create": _("Point ajouté à l’ordre du jour"),
        "agenda_item.update": _("Point de l’ordre du jour modifié"),
        "agenda_item.move": _("Point de l’ordre du jour déplacé"),
        "agenda_item.schedule": _("Point inscrit à une séance"),
        "agenda_item.unschedule": _("Point retiré d’une séance"),
        "agenda_item.withdraw": _("Point retiré de l’ordre du jour"),
        "agenda_item.carry_over": _("Point reporté à la séance suivante"),
        "decision.create": _("Décision enregistrée"),
        "decision.update": _("Décision modifiée"),
        "decision.apply_action": _("Décision appliquée à une fiche action"),
        "task.create": _("Tâche de suivi créée"),
        "task.update": _("Tâche de suivi modifiée"),
        "task.status": _("État d’une tâche de suivi changé"),
        "agreement.create": _("Convention ajoutée"),
        "agreement.update": _("Convention modifiée"),
        "agreement.commitment_add": _("Engagement ajouté à une convention"),
        "agreement.commitment_remove": _("Engagement retiré d’une convention"),
        "agreement.document_add": _("Document joint à une convention"),
        "agreement.document_remove": _("Document retiré d’une convention"),
        "calendar_feed.create": _("Abonnement à l’agenda créé"),
        "calendar_feed.revoke": _("Abonnement à l’agenda révoqué"),
    }
)

audit.label_fields("governance.meeting", {"invited": _("personnes convoquées")})
audit.label_fields("governance.followuptask", {"note": _("commentaire")})


def _attendance(name: str, old: Any, new: Any) -> tuple[Any, Any, Any]:
    """Attendance is recorded by person: their name (or their id in older entries) and
    their status."""
    labels = dict(Attendance.Status.choices)
    label = _("Présence de %(person)s") % {"person": name}
    return label, labels.get(old, old or ""), labels.get(new, new or "")


def _minutes(name: str, old: Any, new: Any) -> tuple[Any, Any, Any]:
    """The minutes are recorded by length, never by text (they may be private)."""
    label = _("Relevé général") if name == "general" else _("Point « %(item)s »") % {"item": name}

    def length(value: Any) -> str:
        if not isinstance(value, int):
            return ""
        if value == 0:
            return str(_("vide"))
        return ngettext("%(count)d caractère", "%(count)d caractères", value) % {"count": value}

    return label, length(old), length(new)


audit.describe_with("meeting.attendance", _attendance)
audit.describe_with("meeting.minutes", _minutes)
