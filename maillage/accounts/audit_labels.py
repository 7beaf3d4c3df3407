"""Names of the accounts' actions in the territory's journal (found by core.audit)."""

from django.utils.translation import gettext_lazy as _

from maillage.core import audit

audit.label_actions(
    {
        "accounts.proconnect_create": _("Compte créé par ProConnect"),
        "accounts.proconnect_link": _("Compte relié à ProConnect"),
        "accounts.proconnect_email_change": _("Adresse changée par ProConnect"),
        "accounts.organisation_request": _("Rattachement à une organisation demandé"),
        "accounts.organisation_request_confirm": _("Rattachement à une organisation accepté"),
        "accounts.organisation_request_refuse": _("Rattachement à une organisation refusé"),
        "user.delete": _("Compte supprimé par son titulaire"),
    }
)
