"""Names of the API's actions in the territory's journal (found by core.audit)."""

from django.utils.translation import gettext_lazy as _

from maillage.core import audit

audit.label_actions({"api_token.suspend": _("Jeton d’API suspendu")})
