"""Names of the evaluation's actions in the territory's journal (found by core.audit)."""

from django.utils.translation import gettext_lazy as _

from maillage.core import audit

# =========================================================================== conférence sociale
audit.label_actions(
    {
        "conference.create": _("Conférence sociale créée"),
        "conference.update": _("Conférence sociale modifiée"),
        "conference.session": _("Temps ajouté au programme de la conférence sociale"),
        "conference.registration_open": _("Inscriptions à la conférence sociale ouvertes"),
        "conference.registration_close": _("Inscriptions à la conférence sociale fermées"),
        "conference.register": _("Inscription à la conférence sociale"),
        "conference.attendance": _("Émargement de la conférence sociale"),
        "conference.proposal": _("Proposition recueillie"),
        "conference.vote_open": _("Vote sur les propositions ouvert"),
        "conference.vote_close": _("Vote sur les propositions clos"),
        "conference.ballot": _("Vote enregistré"),
        "conference.answer": _("Réponse à une proposition"),
    }
)

# =========================================================================== bilan annuel
audit.label_actions(
    {
        "report.generate": _("Génération du bilan annuel demandée"),
        "report.ready": _("Bilan annuel généré"),
        "report.failed": _("Échec de la génération du bilan annuel"),
    }
)
